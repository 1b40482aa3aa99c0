"""When the classifier is unsure, the three replies shown include the best of its second guess,
so that an officer has a reply of the right type at hand either way."""

from __future__ import annotations

from canned_replies import ReplyMatcher, load_library
from triage.cases.suggestions import second_guess
from triage.models import Case, TypeSource

QUESTION = ("Nyckel", "När kan jag hämta nyckeln? Min ansökan om uppehållstillstånd är klar.")


def _types(matcher: ReplyMatcher, **kw: object) -> list[set[str]]:
    found = matcher.suggest(*QUESTION, language="sv", **kw)  # type: ignore[arg-type]
    return [set(s.reply.question_types) for s in found]


def test_an_unsure_second_type_gets_the_last_place():
    matcher = ReplyMatcher(load_library())

    sure = _types(matcher, question_type="housing")
    unsure = _types(matcher, question_type="housing", unsure_of="fees")

    assert all("fees" not in t for t in sure)
    assert unsure[:2] == sure[:2]
    assert "fees" in unsure[2]


def test_a_second_type_already_shown_changes_nothing():
    matcher = ReplyMatcher(load_library())
    sure = _types(matcher, question_type="housing")

    assert any("migration" in t for t in sure)
    assert _types(matcher, question_type="housing", unsure_of="migration") == sure


def test_the_second_guess_is_for_unsure_cases_no_officer_has_typed():
    alternatives = [{"label": "fees", "confidence": 0.3}]
    unsure = Case(question_type="housing", needs_review=True, type_alternatives=alternatives)
    typed = Case(
        question_type="housing",
        needs_review=True,
        type_alternatives=alternatives,
        type_source=TypeSource.OFFICER,
    )
    sure = Case(question_type="housing", needs_review=False, type_alternatives=alternatives)

    assert second_guess(unsure) == "fees"
    assert second_guess(typed) is None
    assert second_guess(sure) is None
