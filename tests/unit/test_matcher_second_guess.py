"""When the classifier is unsure, the three replies shown include the best of its second guess,
so that an officer has a reply of the right type at hand either way; and a reply of the case's
own type is always among them, however well another type's replies match the words."""

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


def test_the_cases_own_type_has_a_reply_shown_even_when_others_match_the_words_better():
    matcher = ReplyMatcher(load_library())
    words = ("Stipendium", "Hur söker jag stipendium för Minor Field Study i sommar?")

    unboosted = matcher.suggest(*words, language="sv")
    typed = matcher.suggest(*words, language="sv", question_type="other")
    unsure = matcher.suggest(*words, language="sv", question_type="other", unsure_of="migration")

    assert all("other" not in s.reply.question_types for s in unboosted)
    assert typed[0] == unboosted[0]
    assert "other" in typed[1].reply.question_types
    assert [s.reply.id for s in unsure][:2] == [s.reply.id for s in typed][:2]
    assert "migration" in unsure[2].reply.question_types


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
