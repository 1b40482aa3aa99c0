"""The period's questions as vectors the clustering compares: what "close" means for two mails.

Each question is its tokens (triage.learning.vocabulary: stems, and the glossary's concepts
shared by Swedish and English) as TF-IDF word (1-2)-grams, beside character (3-5)-grams of the
same tokens, which join compounds and typos the glossary does not know. Sparse and normalised, so
a dot product is a cosine similarity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from triage.learning.vocabulary import words

# Words say what the question is about; characters only help them, so they weigh less.
_CHAR_WEIGHT = 0.6


class Placed(Protocol):
    """What `Space.assign` needs of a cluster: where it is and how far it reaches."""

    @property
    def centroid(self) -> np.ndarray: ...

    @property
    def reach(self) -> float: ...


class Space:
    """The clustered questions' vectors (`matrix`, one row each), and the vocabulary to place
    other texts (the previous period's) in the same space."""

    def __init__(self, texts: list[str]) -> None:
        self.surface: dict[str, Counter[str]] = {}
        self.docs = [self._tokens(t) for t in texts]
        self.words: TfidfVectorizer | None = TfidfVectorizer(
            analyzer=_ngrams, min_df=2, sublinear_tf=True
        )
        self.chars: TfidfVectorizer | None = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True
        )
        self.matrix = self._fit(self.docs)

    def _tokens(self, text: str) -> list[str]:
        """The text's tokens, remembering how each token and pair of tokens was written."""
        found = words(text)
        for token, written in found:
            self.surface.setdefault(token, Counter())[written] += 1
        for (a, first), (b, second) in pairwise(found):
            shown = first if first == second else f"{first} {second}"  # a compound's two tokens
            self.surface.setdefault(f"{a} {b}", Counter())[shown] += 1
        return [token for token, _ in found]

    def _fit(self, docs: list[list[str]]) -> sp.csr_matrix:
        assert self.words is not None
        assert self.chars is not None
        try:
            word_grams = self.words.fit_transform(docs)
            char_grams = self.chars.fit_transform([" ".join(d) for d in docs])
        except ValueError:  # no term in two questions: nothing recurs
            self.words = self.chars = None
            return sp.csr_matrix((len(docs), 1))
        return _join(word_grams, char_grams)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        if self.words is None or self.chars is None or not texts:
            return sp.csr_matrix((len(texts), self.matrix.shape[1]))
        docs = [[token for token, _ in words(t)] for t in texts]
        return _join(self.words.transform(docs), self.chars.transform([" ".join(d) for d in docs]))

    def term(self, gram: str) -> str:
        """A word n-gram as people write it: its commonest written form (for a glossary concept,
        the commonest word of either language)."""
        if gram in self.surface:
            return self.surface[gram].most_common(1)[0][0]
        return " ".join(
            self.surface[t].most_common(1)[0][0] if t in self.surface else t for t in gram.split()
        )

    def assign(self, texts: list[str], clusters: Sequence[Placed]) -> list[int]:
        """The cluster each text belongs to (-1: none), by the same test as its members."""
        if not clusters or not texts:
            return [-1] * len(texts)
        sims = self.transform(texts) @ np.vstack([c.centroid for c in clusters]).T
        best = sims.argmax(axis=1)
        floors = np.array([c.reach for c in clusters])
        return [int(b) if sims[i, b] >= floors[b] else -1 for i, b in enumerate(best)]


def _ngrams(tokens: list[str]) -> list[str]:
    return [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]


def _join(word_grams: sp.spmatrix, char_grams: sp.spmatrix) -> sp.csr_matrix:
    joined = sp.hstack([normalize(word_grams), _CHAR_WEIGHT * normalize(char_grams)]).tocsr()
    return sp.csr_matrix(normalize(joined))
