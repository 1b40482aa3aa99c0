"""Searching routines the way colleagues type: Swedish or English, with or without å, ä, ö,
narrowed by question type, owner and language."""

from __future__ import annotations

import dataclasses

import pytest

from routines import RoutineIndex, RoutineLibrary, load_routines, search


@pytest.fixture(scope="module")
def library() -> RoutineLibrary:
    return load_routines()


def found(results) -> list[str]:
    return [f"{routine.id}.{routine.language}" for routine, _score in results]


@pytest.mark.parametrize("query", ["återbetalning av avgift", "aterbetalning", "ÅTERBETALNING"])
def test_a_swedish_question_about_refunds_finds_the_fee_refund_routine_first(library, query):
    results = search(library, query)

    assert found(results)[0] == "fees-refund.sv"


def test_late_arrival_key_finds_the_key_hand_out_routine_first(library):
    results = search(library, "late arrival key")

    assert found(results)[0] == "housing-key-handout.en"


def test_the_swedish_words_for_a_late_key_find_the_swedish_key_routine(library):
    results = search(library, "nyckel sen ankomst")

    assert found(results)[0] == "housing-key-handout.sv"


def test_results_come_best_first_with_positive_scores(library):
    results = search(library, "learning agreement")

    scores = [score for _routine, score in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)


def test_a_question_type_filter_leaves_only_routines_of_that_type(library):
    results = search(library, "återbetalning", question_type="housing")

    assert found(results)[0] == "housing-move-out-and-deposit.sv"
    assert all("housing" in routine.question_types for routine, _score in results)


def test_an_owner_filter_leaves_only_that_owners_routines(library):
    results = search(library, "refund", owner="housing-coordinator")

    assert found(results)[0] == "housing-move-out-and-deposit.en"
    assert {routine.owner for routine, _score in results} == {"housing-coordinator"}


def test_a_language_filter_leaves_only_routines_in_that_language(library):
    results = search(library, "learning agreement", language="sv")

    assert found(results)[0] == "outbound-learning-agreement.sv"
    assert {routine.language for routine, _score in results} == {"sv"}


def test_filters_that_match_nothing_give_no_results(library):
    assert search(library, "nyckel", question_type="visa") == []
    assert search(library, "nyckel", owner="nobody") == []


def test_a_query_with_nothing_in_common_gives_no_results(library):
    assert search(library, "xyzzy") == []
    assert search(library, "   ") == []


def test_the_limit_caps_the_number_of_results(library):
    assert len(search(library, "student", limit=3)) == 3


def test_a_routine_added_to_the_library_is_found_by_the_next_search(library):
    extra = dataclasses.replace(library.routines[0], id="parking", title="Parkeringstillstånd")
    grown = RoutineLibrary(routines=[*library.routines])
    search(grown, "parkering")

    grown.routines.append(extra)

    assert found(search(grown, "parkering"))[0] == "parking.en"


def test_an_empty_library_finds_nothing():
    assert RoutineIndex(RoutineLibrary()).search("nyckel") == []
