"""FAQ candidates: recurring questions are found as topics, one-off questions and random text give
none, and what a report shows of a mail has its personal data masked."""

from __future__ import annotations

import random
import string
from collections import Counter

import pytest

from canned_replies import ReplyMatcher, load_library
from tests.topics_corpus import NOISE, TOPICS, period
from triage.learning.masking import mask_personal_data
from triage.learning.topics import WEAK_MATCH, Question, find_candidates

PLANTED = {"parking": 20, "visa_insurance": 20, "transcript_erasmus": 20, "bike_storage": 20}


def questions(rows, first_id=0):
    return [
        Question(first_id + i, subject, body, None, None, (name,))
        for i, (subject, body, name, _) in enumerate(rows)
    ]


def topic_of(candidate):
    """The planted topic most of a candidate's examples were written for (None: noise)."""
    found = Counter(
        next((t for t, wordings in TOPICS.items() if any(w in e for w in wordings)), None)
        for e in candidate["examples"]
    )
    return found.most_common(1)[0][0]


@pytest.fixture(scope="module")
def replies():
    return ReplyMatcher(load_library())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_planted_topic_is_found_and_nothing_else(seed):
    rows = period(seed, PLANTED, noise=40)

    report = find_candidates(questions(rows), [], None)

    topics = [topic_of(c) for c in report["candidates"]]
    assert set(topics) == set(PLANTED)
    assert None not in topics
    for topic in PLANTED:  # one candidate each: see test_bilingual_topics.py
        assert (
            sum(c["size"] for c, t in zip(report["candidates"], topics, strict=True) if t == topic)
            >= 12
        )


@pytest.mark.parametrize("seed", range(3, 9))
def test_one_off_questions_give_no_candidate(seed):
    report = find_candidates(questions(period(seed, {}, noise=40)), [], None)

    assert report["candidates"] == []


def test_random_text_gives_no_candidate():
    rng = random.Random(0)
    vocabulary = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))
        for _ in range(800)
    ]
    salad = [
        Question(i, "", " ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 25))))
        for i in range(300)
    ]

    assert find_candidates(salad, [], None)["candidates"] == []


def test_a_topic_no_reply_and_no_question_type_covers_surfaces(replies):
    rows = period(5, {"parking": 20}, noise=30)
    asked = [
        Question(i, subject, body, "other" if topic else "housing", "personal_reply", (name,))
        for i, (subject, body, name, topic) in enumerate(rows)
    ]

    report = find_candidates(asked, [], replies)

    parking = [c for c in report["candidates"] if topic_of(c) == "parking"]
    assert sum(c["size"] for c in parking) >= 12
    assert all(max(c["question_types"], key=c["question_types"].get) == "other" for c in parking)
    assert "garage" in " ".join(t for c in parking for t in c["top_terms"])


def test_the_weak_match_threshold_sits_at_the_unrelated_questions_median(replies):
    # Short unrelated questions share enough n-grams with some reply that half score above
    # the threshold (see WEAK_MATCH): the score alone cannot tell; the outcome mostly does.
    scores = sorted(score for _, score in replies.best_matches([("", q) for q in NOISE]))

    assert scores[len(scores) // 4] < WEAK_MATCH < scores[3 * len(scores) // 4]


def test_the_library_s_own_examples_are_strong_matches(replies):
    examples = [(r.title, e) for r in replies.library.replies for e in r.examples[:2]]

    scores = [score for _, score in replies.best_matches(examples)]

    assert sum(s >= WEAK_MATCH for s in scores) / len(scores) > 0.9


def test_batch_scores_equal_one_at_a_time_suggestions(replies):
    mails = [("Nyckel", "När kan jag hämta nyckeln?"), ("", "How do I pay the tuition fee?")]

    batch = replies.best_matches(mails)

    for (subject, body), (reply_id, score) in zip(mails, batch, strict=True):
        best = replies.suggest(subject, body, language="en", top=1)[0]
        assert (best.reply.id, best.score) == (reply_id, score)


def test_the_trend_counts_the_previous_period_s_questions_of_the_same_topic():
    now = period(1, {"parking": 20, "transcript_erasmus": 20}, noise=30)
    before = period(2, {"parking": 8}, noise=30)

    report = find_candidates(questions(now), questions(before, 1000), None)

    trends = {topic_of(c): c["trend"]["previous"] for c in report["candidates"]}
    assert trends.get("transcript_erasmus", 0) <= 1
    parking = [c for c in report["candidates"] if topic_of(c) == "parking"]
    assert 6 <= sum(c["trend"]["previous"] for c in parking) <= 9


def test_examples_show_no_personal_data():
    rows = period(7, {"parking": 20}, noise=10)

    report = find_candidates(questions(rows), [], None)

    shown = " ".join(e for c in report["candidates"] for e in c["examples"])
    assert shown
    for name in ("Anna", "Berg", "Priya", "Nair", "Liu", "Wei", "Erik", "Maria", "Ahmed"):
        assert name not in shown
    assert not any(ch.isdigit() for ch in shown)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Mail me at anna.berg@student.example.org", "Mail me at [e-mail]"),
        ("Mitt personnummer är 19900101-1234.", "Mitt personnummer är [personnummer]."),
        ("pnr 900101+1234 och 9001011234", "pnr [personnummer] och [personnummer]"),
        ("Ring 070-123 45 67 eller +46 70 123 45 67", "Ring [phone] eller [phone]"),
        ("Invoice 12345678901234567890", "Invoice [number]"),
        ("Hej Anna! Jag undrar", "Hej [name]! Jag undrar"),
        ("Dear Mr Smith, thank you", "Dear Mr [name], thank you"),
        ("My name is Liu Wei and I study here", "My name is [name] and I study here"),
        ("Tack på förhand.\n\nMvh\nErik Johansson", "Tack på förhand.\n\nMvh\n[name]"),
        ("Room 12 in 2026", "Room 12 in 2026"),
        ("Hello all, and hej igen", "Hello all, and hej igen"),
    ],
)
def test_personal_data_is_masked(text, masked):
    assert mask_personal_data(text) == masked


def test_the_requester_s_name_is_masked_wherever_it_appears():
    assert mask_personal_data("I, priya nair, ask", ["Priya Nair"]) == "I, [name] [name], ask"
