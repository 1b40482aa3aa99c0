"""FAQ and standard-reply candidates: the recurring questions of a period that the office still
answers by hand, found by clustering their text, Swedish and English together.

A question is a candidate's material when it was answered personally, is still open, or its best
standard-reply match is weak (below WEAK_MATCH). Questions referred elsewhere are clustered with
them, so that a topic mostly referred to Infocenter or Migrationsverket shows as such.
Clustering: stemmed words and character n-grams (TF-IDF, sparse), reduced by SVD, KMeans with
the number of clusters chosen by silhouette; then each cluster must earn its place: members
that are not close to the rest are dropped, and what is left must be large enough, cohesive
(mean pairwise similarity) and share a term. Unrelated questions therefore give no candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from canned_replies.matching import ReplyMatcher
from classifiers.features import fold
from classifiers.language import detect_language
from classifiers.text import prepare
from triage.learning.masking import mask_personal_data
from triage.learning.stopwords import STOP_WORDS

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
# A cluster's members must each be close to most of the others: a median similarity this many
# times that of random pairs of the period's questions (the background), and at least
# _CLOSE_MIN. A core (KMeans' cluster less its outliers) must then be cohesive: members' mean
# closeness at least _COHESION_MIN. Measured on tests/topics_corpus.py: cores of a topic asked
# in varied wordings 0.36-0.76; cores formed among one-off questions by a shared word
# ("universitetet") 0.18-0.26. Cores of one topic (Swedish and English, or split by KMeans) are
# then merged when as close to each other as members must be; only then is the size counted.
_CLOSE_OVER_BACKGROUND = 3.0
_CLOSE_MIN = 0.10
_CLOSE_MAX = 0.20  # when one topic fills the period, random pairs are close: no higher floor
_COHESION_MIN = 0.30
_CORE_MIN = 3
_SHARED_TERM_SHARE = 0.5  # the top term appears in at least half the members
_K_MAX = 40
_SVD_DIMENSIONS = 60
_EXCERPT_CHARS = 220
_WORD = re.compile(r"[^\W\d_]{2,}")
_PLACEHOLDER = re.compile(r"\[(?:e-mail|number|phone|personnummer|name)\]")
_STEMMERS = {"sv": snowballstemmer.stemmer("swedish"), "en": snowballstemmer.stemmer("english")}


@dataclass(frozen=True)
class Question:
    case_id: int
    subject: str
    body: str
    question_type: str | None = None
    outcome: str | None = None  # None while the case is open
    names: tuple[str, ...] = ()  # the requester's name, masked in excerpts


@dataclass
class _Cluster:
    members: list[int]  # rows of the clustered questions
    centroid: np.ndarray
    cohesion: float
    terms: list[str] = field(default_factory=list)
    reach: float = 0.0  # the similarity to the centroid of its least typical member


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
    space = _Space(texts)
    clusters = _clusters(space, size)
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


def _stems(text: str) -> list[str]:
    """Content words, stemmed in the text's language and folded (diacritics off)."""
    text = _PLACEHOLDER.sub(" ", text)
    language = detect_language(text)
    return [_stem(language, w) for w in _WORD.findall(text.lower()) if fold(w) not in STOP_WORDS]


@lru_cache(maxsize=200_000)
def _stem(language: str, word: str) -> str:
    """A word's folded stem; the same few thousand words recur in every period's mail."""
    stemmer = _STEMMERS.get(language)
    return fold(stemmer.stemWord(word) if stemmer else word)


class _Space:
    """The questions as normalised sparse vectors: stemmed word (1-2)-grams beside character
    (3-5)-grams of the content words, which join compounds, typos and the two languages."""

    def __init__(self, texts: list[str]) -> None:
        self.surface: dict[str, Counter[str]] = {}
        docs = [self._words(t) for t in texts]
        self.docs = docs
        self.words: TfidfVectorizer | None = TfidfVectorizer(
            analyzer=_ngrams, min_df=2, sublinear_tf=True
        )
        self.chars: TfidfVectorizer | None = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True
        )
        self.matrix = self._fit(docs)

    def _words(self, text: str) -> list[str]:
        stems = _stems(text)
        text = _PLACEHOLDER.sub(" ", text)
        words = [w for w in _WORD.findall(text.lower()) if fold(w) not in STOP_WORDS]
        for stem, word in zip(stems, words, strict=True):
            self.surface.setdefault(stem, Counter())[word] += 1
        return stems

    def _fit(self, docs: list[list[str]]) -> sp.csr_matrix:
        assert self.words is not None
        assert self.chars is not None
        try:
            words = self.words.fit_transform(docs)
            chars = self.chars.fit_transform([" ".join(d) for d in docs])
        except ValueError:  # no term in two questions: nothing recurs
            self.words = self.chars = None
            return sp.csr_matrix((len(docs), 1))
        return _join(words, chars)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        if self.words is None or self.chars is None or not texts:
            return sp.csr_matrix((len(texts), self.matrix.shape[1]))
        docs = [_stems(t) for t in texts]
        return _join(self.words.transform(docs), self.chars.transform([" ".join(d) for d in docs]))

    def term(self, stem: str) -> str:
        """A word n-gram as people write it: each stem by its commonest full word."""
        return " ".join(
            self.surface[s].most_common(1)[0][0] if s in self.surface else s for s in stem.split()
        )

    def assign(self, texts: list[str], clusters: list[_Cluster]) -> list[int]:
        """The cluster each text belongs to (-1: none), by the same test as its members."""
        if not clusters or not texts:
            return [-1] * len(texts)
        sims = self.transform(texts) @ np.vstack([c.centroid for c in clusters]).T
        best = sims.argmax(axis=1)
        floors = np.array([c.reach for c in clusters])
        return [int(b) if sims[i, b] >= floors[b] else -1 for i, b in enumerate(best)]


def _ngrams(stems: list[str]) -> list[str]:
    return [*stems, *(f"{a} {b}" for a, b in pairwise(stems))]


def _join(words: sp.spmatrix, chars: sp.spmatrix) -> sp.csr_matrix:
    # Words say what the question is about; characters only help them, so they weigh less.
    joined = sp.hstack([normalize(words), 0.6 * normalize(chars)]).tocsr()
    return sp.csr_matrix(normalize(joined))


def _clusters(space: _Space, min_size: int) -> list[_Cluster]:
    """KMeans in the SVD-reduced space, k chosen by silhouette; each cluster then checked in the
    full sparse space (cohesion, size, a shared term), and near-identical ones merged."""
    matrix = space.matrix
    n = matrix.shape[0]
    if matrix.shape[1] < 2:
        return []
    dims = min(_SVD_DIMENSIONS, n - 1, matrix.shape[1] - 1)
    reduced = normalize(TruncatedSVD(dims, n_iter=3, random_state=0).fit_transform(matrix))
    labels = _best_kmeans(reduced, max(2, min(_K_MAX, n // min_size)))
    floor = min(max(_CLOSE_MIN, _CLOSE_OVER_BACKGROUND * _background(matrix)), _CLOSE_MAX)
    cores = []
    for label in sorted(set(labels)):
        core = _checked(matrix, np.flatnonzero(labels == label), floor, _CORE_MIN)
        if core is not None and core.cohesion >= _COHESION_MIN:
            cores.append(core)
    kept = []
    for cluster in _merged(cores, matrix, floor):
        if len(cluster.members) < min_size:
            continue
        cluster.centroid = cluster.centroid / np.linalg.norm(cluster.centroid)
        # A text of another period belongs here when as close as a member of the cluster's
        # first nine tenths (a lone member at the edge does not widen it).
        cluster.reach = float(np.quantile(matrix[cluster.members] @ cluster.centroid, 0.1))
        cluster.terms = _top_terms(space, cluster)
        if cluster.terms:
            kept.append(cluster)
    return kept


def _best_kmeans(points: np.ndarray, k_max: int) -> np.ndarray:
    """Labels of the KMeans whose k (2..k_max, on a coarse grid) has the best silhouette."""
    grid = sorted({k for k in (2, 3, 4, 6, 8, 11, 15, 20, 27, 36) if k <= k_max})
    best, best_score = np.zeros(len(points), dtype=int), -1.0
    sample = min(len(points), 1500)
    for k in grid or [2]:
        if k >= len(points):
            break
        labels = KMeans(k, n_init=1, random_state=0).fit_predict(points)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(points, labels, sample_size=sample, random_state=0)
        if score > best_score:
            best, best_score = labels, float(score)
    return best


def _background(matrix: sp.csr_matrix, pairs: int = 4000) -> float:
    """Mean similarity of random pairs of the period's questions: what "close" is measured by."""
    rng = np.random.default_rng(0)
    n = matrix.shape[0]
    left, right = rng.integers(0, n, pairs), rng.integers(0, n, pairs)
    distinct = left != right
    sims = np.asarray(matrix[left[distinct]].multiply(matrix[right[distinct]]).sum(axis=1))
    return float(sims.mean()) if sims.size else 0.0


def _checked(
    matrix: sp.csr_matrix, rows: np.ndarray, floor: float, min_size: int
) -> _Cluster | None:
    """The cluster's core (members close to most of the others), or None when it is no topic.

    Closeness is a member's median similarity to the other members: a pair of identical mails
    in a cluster of strangers does not make it a topic, as a mean would."""
    for _ in range(3):  # dropping outliers changes the others' medians; a few rounds settle it
        if len(rows) < min_size:
            return None
        closeness = _median_closeness(matrix[rows])
        keep = closeness >= floor
        if keep.all():
            total = np.asarray(matrix[rows].sum(axis=0)).ravel()
            return _Cluster([int(r) for r in rows], total, float(closeness.mean()))
        rows = rows[keep]
    return None


def _median_closeness(members: sp.csr_matrix, most: int = 400) -> np.ndarray:
    """Each member's median similarity to (up to `most` of) the other members."""
    others = members[: min(most, members.shape[0])]
    sims = (members @ others.T).toarray()
    count = min(most, members.shape[0])
    sims[np.arange(count), np.arange(count)] = np.nan  # not itself
    return np.asarray(np.nanmedian(sims, axis=1))


def _merged(clusters: list[_Cluster], matrix: sp.csr_matrix, floor: float) -> list[_Cluster]:
    """Clusters joined while two are as close to each other as a cluster's own members must be
    (mean similarity between their members): one topic asked in Swedish and in English, or split
    by KMeans, becomes one candidate."""
    clusters = list(clusters)
    while len(clusters) > 1:
        best, pair = floor, None
        for i, a in enumerate(clusters):
            for j in range(i + 1, len(clusters)):
                b = clusters[j]
                between = float(a.centroid @ b.centroid) / (len(a.members) * len(b.members))
                if between >= best:
                    best, pair = between, (i, j)
        if pair is None:
            break
        a, b = clusters[pair[0]], clusters.pop(pair[1])
        members = a.members + b.members
        closeness = _median_closeness(matrix[members])
        clusters[pair[0]] = _Cluster(members, a.centroid + b.centroid, float(closeness.mean()))
    return clusters


def _top_terms(space: _Space, cluster: _Cluster, count: int = 5) -> list[str]:
    """The cluster's characteristic word n-grams, each in at least half its members (no term
    shared that widely: no topic)."""
    if space.words is None:
        return []
    words = normalize(space.words.transform(_docs(space, cluster)))
    present = np.asarray((words > 0).sum(axis=0)).ravel() / len(cluster.members)
    weight = np.asarray(words.sum(axis=0)).ravel()
    names = space.words.get_feature_names_out()
    order = [i for i in np.argsort(-weight) if present[i] >= _SHARED_TERM_SHARE / 2]
    if not order or present[order[0]] < _SHARED_TERM_SHARE:
        return []
    chosen: list[str] = []
    for i in order:
        if not any(names[i] in c or c in names[i] for c in chosen):
            chosen.append(str(names[i]))
        if len(chosen) == count:
            break
    return [space.term(c) for c in chosen]


def _docs(space: _Space, cluster: _Cluster) -> list[list[str]]:
    return [space.docs[m] for m in cluster.members]


def _describe(
    cluster: _Cluster,
    rows: list[int],
    qualifying: list[int],
    questions: Sequence[Question],
    matches: list[tuple[str | None, float]],
    space: _Space,
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
