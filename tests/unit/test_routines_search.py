"""Searching routines the way colleagues type: Swedish or English, with or without å, ä, ö,
narrowed by question type, owner and language, the reader's language first, nothing for nonsense.

The queries here are worded apart from bench/data/routine_searches.jsonl, which measures the
ranking; these only pin down behaviour."""

from __future__ import annotations

import dataclasses

import pytest

from routines import RoutineIndex, RoutineLibrary, load_routines, search
from routines.terms import stem


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


@pytest.mark.parametrize("query", ["grmpf", "snorkelfenix", "volleyboll och glass", "   "])
def test_a_query_with_nothing_in_common_gives_no_results(library, query):
    assert search(library, query) == []
    assert search(library, query, prefer_language="sv") == []


def test_a_word_under_five_letters_is_not_read_as_a_typo_of_a_real_one(library):
    assert search(library, "bamk") == []  # one letter from "bank"; as likely another word
    assert found(search(library, "bankk"))  # five letters: a slip of the finger


def test_a_word_most_routines_mention_in_passing_lists_only_the_routines_about_it(library):
    results = search(library, "uppehållstillståndet", prefer_language="sv")

    assert found(results)[:2] == [
        "migration-support-letter.sv",
        "migration-appeal-and-complement.sv",
    ]
    assert len(results) < len([r for r in library.routines if r.language == "sv"]) / 2


def test_the_preferred_language_comes_first_and_each_routine_once(library):
    results = search(library, "tuition fee refund", prefer_language="sv")

    assert found(results)[0] == "fees-refund.sv"
    assert {routine.language for routine, _score in results} == {"sv"}
    assert len({routine.id for routine, _score in results}) == len(results)


def test_a_routine_is_found_by_its_translation_and_shown_in_the_readers_language(library):
    assert found(search(library, "nyckel", prefer_language="en"))[0] == "housing-key-handout.en"
    assert found(search(library, "keys", prefer_language="sv"))[0] == "housing-key-handout.sv"


def test_without_a_language_each_version_is_found_by_its_own_words(library):
    results = search(library, "nyckelutlämning")

    assert found(results) == ["housing-key-handout.sv"]


def test_a_word_in_the_title_outweighs_the_same_word_repeated_in_the_body(library):
    base = library.routines[0]
    titled = dataclasses.replace(base, id="titled", title="Parkering", body="")
    mentioned = dataclasses.replace(base, id="mentioned", title="Cyklar", body="parkering " * 3)
    two = RoutineLibrary(routines=[mentioned, titled])

    assert found(search(two, "parkering"))[0] == "titled.en"


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("studenten har fått avslag och vill överklaga", "sv", "migration-appeal-and-complement"),
        ("key pick-up outside opening hours", "en", "housing-key-handout"),
        ("utflyttningsbesiktning", "sv", "housing-move-out-and-deposit"),
        ("nomnation deadline partner university", "en", "outbound-nomination"),
        ("intyg till ambassaden", "sv", "migration-support-letter"),
        ("who covers the mailbox when I am on holiday", "en", "other-mailbox-cover"),
    ],
)
def test_the_routine_a_colleague_means_comes_first(library, query, language, expected):
    results = search(library, query, prefer_language=language)

    assert found(results)[0] == f"{expected}.{language}"


def test_typing_a_question_types_name_finds_that_types_routines_first(library):
    results = search(library, "boende", prefer_language="sv")

    assert {routine.question_types[0] for routine, _score in results[:3]} == {"housing"}


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


@pytest.mark.parametrize("query", ["nyckel", "nyckeln", "nycklar", "nycklarna"])
def test_every_form_of_a_swedish_word_finds_the_routines_of_every_other(library, query):
    """The key routine says "nyckel", the move-out routine "nycklarna" and "nycklar": a substitute
    who types any of them finds both."""
    shown = found(search(library, query, prefer_language="sv"))
    assert shown[:2] == ["housing-key-handout.sv", "housing-move-out-and-deposit.sv"]


def test_a_word_in_el_keeps_its_compounds():
    assert {stem(w) for w in ("cykel", "cykeln", "cyklar", "cyklarna")} == {"cykel"}
    assert "nyckelutlamning".startswith(stem("nycklar"))
