"""Recurring topics among a period's questions: groups of questions that are about one thing.

KMeans in an SVD-reduced space, with the number of clusters chosen by silhouette (the data says
how many topics there are, not a setting); then each cluster must earn its place in the full
sparse space: members not close to the rest are dropped, and what is left must be large enough,
cohesive (mean pairwise similarity) and share a term. KMeans always returns clusters, even of
unrelated questions; these checks are why one-off questions give no candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from triage.learning.topic_space import Space

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
_UNRELATED_SHARE = 0.9  # of random pairs, the share that counts as unrelated
_K_MAX = 40
_SVD_DIMENSIONS = 60


@dataclass
class Cluster:
    members: list[int]  # rows of the clustered questions
    centroid: np.ndarray
    cohesion: float
    terms: list[str] = field(default_factory=list)
    reach: float = 0.0  # the similarity to the centroid of its least typical member


def find_clusters(space: Space, min_size: int) -> list[Cluster]:
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
    """Mean similarity of random pairs of the period's unrelated questions: what "close" is
    measured by. The closest tenth of the pairs is left out: in a period of a few big topics
    those are pairs of one topic (Swedish and English alike, since the glossary), and the
    topics would otherwise raise the bar they have to pass."""
    rng = np.random.default_rng(0)
    n = matrix.shape[0]
    left, right = rng.integers(0, n, pairs), rng.integers(0, n, pairs)
    distinct = left != right
    sims = np.asarray(matrix[left[distinct]].multiply(matrix[right[distinct]]).sum(axis=1))
    if not sims.size:
        return 0.0
    return float(sims[sims <= np.quantile(sims, _UNRELATED_SHARE)].mean())


def _checked(
    matrix: sp.csr_matrix, rows: np.ndarray, floor: float, min_size: int
) -> Cluster | None:
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
            return Cluster([int(r) for r in rows], total, float(closeness.mean()))
        rows = rows[keep]
    return None


def _median_closeness(members: sp.csr_matrix, most: int = 400) -> np.ndarray:
    """Each member's median similarity to (up to `most` of) the other members."""
    others = members[: min(most, members.shape[0])]
    sims = (members @ others.T).toarray()
    count = min(most, members.shape[0])
    sims[np.arange(count), np.arange(count)] = np.nan  # not itself
    return np.asarray(np.nanmedian(sims, axis=1))


def _merged(clusters: list[Cluster], matrix: sp.csr_matrix, floor: float) -> list[Cluster]:
    """Clusters joined while two are as close to each other as a cluster's own members must be
    (mean similarity between their members): one topic split by KMeans becomes one candidate."""
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
        clusters[pair[0]] = Cluster(members, a.centroid + b.centroid, float(closeness.mean()))
    return clusters


def _top_terms(space: Space, cluster: Cluster, count: int = 5) -> list[str]:
    """The cluster's characteristic word n-grams, each in at least half its members (no term
    shared that widely: no topic)."""
    if space.words is None:
        return []
    grams = normalize(space.words.transform([space.docs[m] for m in cluster.members]))
    present = np.asarray((grams > 0).sum(axis=0)).ravel() / len(cluster.members)
    weight = np.asarray(grams.sum(axis=0)).ravel()
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
    return list(dict.fromkeys(space.term(c) for c in chosen))  # a concept's words may repeat
