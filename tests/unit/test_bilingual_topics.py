"""A topic asked in Swedish and in English is one FAQ candidate: the glossary makes each
language's word for a thing the same token before the questions are compared."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.topics_corpus import REPHRASED, TOPICS, period
from triage.learning.topics import Question, find_candidates
from triage.learning.vocabulary import glossary, words

PLANTED = {"parking": 20, "visa_insurance": 20, "transcript_erasmus": 20, "bike_storage": 20}
PER_LANGUAGE = 10  # each topic's first ten wordings are Swedish, the other ten English


def questions(rows):
    return [Question(i, s, b, None, None, (n,)) for i, (s, b, n, _) in enumerate(rows)]


def topics_of(report, corpus):
    """Per planted topic, its candidates' sizes; None: candidates of noise."""
    found: dict[str | None, list[int]] = {}
    for candidate in report["candidates"]:
        votes = Counter(
            next((t for t, wordings in corpus.items() if any(w in e for w in wordings)), None)
            for e in candidate["examples"]
        )
        found.setdefault(votes.most_common(1)[0][0], []).append(candidate["size"])
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_topic_asked_in_swedish_and_english_is_one_candidate(seed):
    rows = period(seed, PLANTED, noise=40)

    found = topics_of(find_candidates(questions(rows), [], None), TOPICS)

    assert set(found) == set(PLANTED)
    for topic in PLANTED:
        [size] = found[topic]
        assert size > PER_LANGUAGE  # more than one language's questions: both are in it


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.xfail(
    reason="not yet: questions written apart from the glossary, with slang and typos, share too "
    "few words; a topic is found, but partly, sometimes as two candidates or with noise",
    strict=True,
)
def test_a_topic_rephrased_freely_in_both_languages_is_one_candidate(seed):
    rows = period(seed, PLANTED, noise=40, topics=REPHRASED)

    found = topics_of(find_candidates(questions(rows), [], None), REPHRASED)

    assert set(found) == set(PLANTED)
    assert all(len(sizes) == 1 and sizes[0] > PER_LANGUAGE for sizes in found.values())


@pytest.mark.parametrize("seed", range(3, 9))
def test_one_off_questions_in_both_languages_still_give_no_candidate(seed):
    report = find_candidates(questions(period(seed, {}, noise=40)), [], None)

    assert report["candidates"] == []


@pytest.mark.parametrize(
    ("swedish", "english"),
    [
        ("Hur får jag parkeringstillstånd?", "How do I get a parking permit?"),
        ("Sjukförsäkring för uppehållstillståndet", "Health insurance for the residence permit"),
        ("När kan jag hämta nyckeln till lägenheten?", "When can I collect the key to the flat?"),
        ("Återbetalning av studieavgiften", "Refund of my tuition fee"),
    ],
)
def test_the_same_question_in_either_language_is_the_same_words(swedish, english):
    assert {t for t, _ in words(swedish)} == {t for t, _ in words(english)}


def test_every_glossary_word_means_one_thing():
    phrases = glossary().phrases  # loading checks it: a form claimed twice would raise

    assert len(phrases["sv"]) > 150
    assert len(phrases["en"]) > 150
