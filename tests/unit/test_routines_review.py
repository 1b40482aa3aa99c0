"""Review dates: which routines an owner must check again, and whose they are."""

from __future__ import annotations

import dataclasses
from datetime import date

from routines import RoutineLibrary, by_owner, due_for_review, load_routines


def test_a_routine_is_due_its_interval_after_its_last_review():
    routine = load_routines().get("other-mailbox-cover", "sv")
    assert routine is not None

    assert routine.last_reviewed == date(2026, 11, 27)
    assert routine.review_due == date(2027, 5, 26)


def test_nothing_in_the_shipped_library_is_due_the_day_after_its_review():
    assert due_for_review(load_routines(), date(2026, 11, 28)) == []


def test_a_routine_is_due_on_its_review_date_and_not_the_day_before():
    library = load_routines()

    before = due_for_review(library, date(2027, 5, 25))
    on_the_day = due_for_review(library, date(2027, 5, 26))

    assert before == []
    assert [(r.id, r.language) for r in on_the_day] == [
        ("other-mailbox-cover", "en"),
        ("other-mailbox-cover", "sv"),
    ]


def test_the_longest_overdue_routine_comes_first():
    shipped = load_routines().routines
    old = dataclasses.replace(shipped[0], id="old", last_reviewed=date(2020, 1, 1))
    older = dataclasses.replace(shipped[0], id="older", last_reviewed=date(2019, 1, 1))
    fresh = dataclasses.replace(shipped[0], id="fresh", last_reviewed=date(2026, 6, 1))
    library = RoutineLibrary(routines=[old, fresh, older])

    due = due_for_review(library, date(2026, 12, 1))

    assert [routine.id for routine in due] == ["older", "old"]


def test_routines_are_grouped_by_owner_in_alphabetical_order():
    groups = by_owner(load_routines().routines)

    assert list(groups) == sorted(groups)
    assert [r.id for r in groups["mailbox-coordinator"]] == ["other-mailbox-cover"] * 2
    assert sum(len(routines) for routines in groups.values()) == 22
