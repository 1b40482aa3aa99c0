"""FAQ and standard-reply candidates: the recurring questions of a period that the office still
answers by hand, found by clustering their text, Swedish and English together.

A question is a candidate's material when it was answered personally, is still open, or its best
standard-reply match is weak (below WEAK_MATCH). Questions referred elsewhere are clustered with
them, so that a topic mostly referred to Infocenter or Migrationsverket shows as such. What the
clustering compares is in topic_space (built on vocabulary, whose glossary makes the two languages
one), how it finds topics in topic_clusters; this module picks the material and describes each
topic as the report shows it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from canned_replies.matching import ReplyMatcher
from classifiers.text import prepare
from triage.learning.masking import mask_personal_data
from triage.learning.topic_clusters import Cluster, find_clusters
from triage.learning.topic_space import Space

# Weak match. Scores the matcher gave (shared/seeds and canned_replies/library, measured
# 2026-12 with the 27 seed replies): 200 of the library's own example questions, each matched
# against the library without that example, reach 0.24 when the right reply wins in 80 of 100;
# 422 sentences of the background documents (office prose, no questions to the office) stay
# below 0.24 in 97 of 100 (their 95th percentile is 0.22); 500 real-world office questions
# (classifiers/data/heldout.jsonl) have a median of 0.24. So below 0.24 a match is about as good
# as text that no reply was written for. But short questions on unrelated matters
# (tests/topics_corpus.py NOISE, 40 of them) score higher: median 0.24, 90th percentile 0.39,
# and 14 of the 20 parking questions that no reply covers reach 0.24 ("permit" matches the
# residence-permit replies). The score separates poorly; a higher threshold would call half the
# good matches weak. So weakness only adds to the candidates' material, which mainly comes from
# the outcome (answered personally, or still open). The type boost is not counted: a reply of
# the right type that says nothing about the question is still a weak match.
WEAK_MATCH = 0.24
REFERRED = ("referred_infocenter", "referred_migrationsverket", "referred_department")
_NOT_CLUSTERED = {"spam", "no_answer_needed"}
_NOT_CLUSTERED = {"spam", "no_answer_needed"}
_EXCERPT_CHARS = 220


@dataclass(frozen=True)
class Question:
    case_id: int
    subject: str
    body: str
    question_type: str | None = None
    outcome: str | None = None  # None while the case is open
    names: tuple[str, ...] = ()  # the requester's name, masked in excerpts


def min_cluster_size(questions: int) -> int:
    """At least four questions, and more in a busy period (one in 250: 20 in a month of 5,000)."""
    return max(4, questions // 250)


def find_candidates(
    questions: Sequence[Question],
    previous: Sequence[Question],
    replies: ReplyMatcher | None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """{"candidates", "referred_clusters", "clustered", "weak_matches"} for a period's questions;
    `previous` (the period before) gives each candidate its trend."""
    say = progress or (lambda _: None)
    say("matching standard replies")
    matches = _best_replies(questions, replies)
    pool = [
        i for i, q in enumerate(questions) if _qualifies(q, matches[i][1]) or q.outcome in REFERRED
    ]
    pool = [i for i in pool if prepare(questions[i].subject, questions[i].body).is_empty is False]
    result: dict[str, Any] = {
        "candidates": [],
        "referred_clusters": [],
        "clustered": len(pool),
        "weak_matches": sum(1 for _, score in matches if score < WEAK_MATCH),
    }
    size = min_cluster_size(len(pool))
    if len(pool) < 2 * size:
        return result
    say(f"clustering {len(pool)} questions")
    texts = [_text(questions[i]) for i in pool]
    shown = [_shown(questions[i]) for i in pool]
    space = Space(texts)
    clusters = find_clusters(space, size)
    say("describing the clusters")
    earlier = _best_replies(previous, replies)
    before = space.assign(
        [_text(q) for q, (_, score) in zip(previous, earlier, strict=True) if _qualifies(q, score)],
        clusters,
    )
    for number, cluster in enumerate(clusters):
        rows = [pool[m] for m in cluster.members]
        qualifying = [r for r in rows if _qualifies(questions[r], matches[r][1])]
        referred = Counter(questions[r].outcome for r in rows if questions[r].outcome in REFERRED)
        described = _describe(cluster, rows, qualifying, questions, matches, space, shown)
        described["trend"] = _trend(len(qualifying), before.count(number))
        if len(qualifying) >= size:
            result["candidates"].append(described)
        if sum(referred.values()) * 2 >= len(rows):
            destination, count = referred.most_common(1)[0]
            result["referred_clusters"].append(
                {
                    "label": described["label"],
                    "size": len(rows),
                    "destination": destination,
                    "count": count,
                    "share": round(sum(referred.values()) / len(rows), 4),
                }
            )
    result["candidates"].sort(key=lambda c: (-c["size"], c["label"]))
    return result


def _qualifies(question: Question, score: float) -> bool:
    personal_or_open = question.outcome in (None, "personal_reply")
    return question.outcome not in _NOT_CLUSTERED and (personal_or_open or score < WEAK_MATCH)


def _best_replies(
    questions: Sequence[Question], replies: ReplyMatcher | None
) -> list[tuple[str | None, float]]:
    if replies is None:
        return [(None, 0.0)] * len(questions)
    return replies.best_matches([(q.subject, q.body) for q in questions])


def _text(question: Question) -> str:
    """The question as the sender wrote it now, personal data masked before anything reads it
    (so no name or number can become a cluster's label)."""
    prepared = prepare(question.subject, question.body)
    return mask_personal_data(f"{prepared.subject}\n{prepared.body}".strip(), question.names)


def _shown(question: Question) -> str:
    """What an example shows: the question's own words (the subject only when there are none),
    personal data masked."""
    prepared = prepare(question.subject, question.body)
    return mask_personal_data(prepared.body or prepared.subject, question.names)


def _describe(
    cluster: Cluster,
    rows: list[int],
    qualifying: list[int],
    questions: Sequence[Question],
    matches: list[tuple[str | None, float]],
    space: Space,
    texts: list[str],
) -> dict[str, Any]:
    """A candidate as the report shows it (rows: indexes into `questions`, members: into the
    clustered texts, in the same order)."""
    closeness = space.matrix[cluster.members] @ cluster.centroid
    nearest = [cluster.members[i] for i in np.argsort(-closeness)[:3]]
    kinds = Counter(questions[r].question_type or "unclassified" for r in qualifying)
    outcomes = Counter(questions[r].outcome or "open" for r in rows)
    return {
        "label": " / ".join(cluster.terms[:3]),
        "size": len(qualifying),
        "clustered": len(rows),
        "question_types": dict(kinds.most_common()),
        "top_terms": cluster.terms,
        "examples": [_excerpt(texts[m]) for m in nearest],
        "outcomes": dict(outcomes.most_common()),
        "best_reply": _cluster_reply([matches[r] for r in rows]),
        "cohesion": round(cluster.cohesion, 3),
    }


def _cluster_reply(matches: list[tuple[str | None, float]]) -> dict[str, Any] | None:
    """The reply that best matches most of the cluster's questions, with their mean score."""
    votes = Counter(reply for reply, _ in matches if reply is not None)
    if not votes:
        return None
    reply = votes.most_common(1)[0][0]
    scores = [score for r, score in matches if r == reply]
    mean = sum(scores) / len(scores)
    return {"id": reply, "score": round(mean, 4), "weak": mean < WEAK_MATCH}


def _excerpt(text: str) -> str:
    """One line of at most _EXCERPT_CHARS, cut at a word (the text is already masked)."""
    flat = " ".join(text.split())
    if len(flat) <= _EXCERPT_CHARS:
        return flat
    return flat[:_EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


def _trend(now: int, before: int) -> dict[str, Any]:
    return {
        "previous": before,
        "change": now - before,
        "percent": round(100 * (now - before) / before, 1) if before else None,
    }
