"""Which standard replies answer a mail: similarity of the mail's new text to each reply's
example questions, title and text, boosted when the reply is for the case's question type.

Each reply id is matched on both its language versions (more examples, the same answer) and
suggested in the sender's language, or in the other language when only that exists. The index is
a sparse matrix built once; matching a mail against a thousand replies is one product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from canned_replies.library import Reply, ReplyLibrary
from classifiers.features import views
from classifiers.text import PreparedText, prepare

TYPE_BOOST = 0.1
_BODY_WEIGHT = 0.8  # the reply's own text matches less directly than a question it answers
_BATCH = 500  # mails scored at once in best_matches: a dense block of mails x documents


@dataclass(frozen=True)
class Suggestion:
    reply: Reply
    score: float


def _doc(text: str) -> str:
    words, chars = views(PreparedText("", text))
    return f"{words}\n{chars}"


class ReplyMatcher:
    def __init__(self, library: ReplyLibrary) -> None:
        self.library = library
        self.ids = sorted(library.ids())
        docs: list[str] = []
        owners: list[int] = []
        weights: list[float] = []
        for index, reply_id in enumerate(self.ids):
            for reply in (r for r in library.replies if r.id == reply_id):
                for text, weight in _documents(reply):
                    docs.append(_doc(text))
                    owners.append(index)
                    weights.append(weight)
        self._vectoriser = FeatureUnion(
            [
                ("words", TfidfVectorizer(analyzer="word", sublinear_tf=True, ngram_range=(1, 2))),
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
                ),
            ]
        )
        matrix = self._vectoriser.fit_transform(docs) if docs else csr_matrix((0, 0))
        # Column-major, so that a query touches only the columns of its own n-grams.
        self._matrix = _normalise(csr_matrix(matrix)).tocsc()
        self._owners = np.array(owners, dtype=np.int64)
        self._weights = np.array(weights)
        self._types = [
            set().union(*(r.question_types for r in library.replies if r.id == i)) for i in self.ids
        ]

    def suggest(
        self,
        subject: str,
        body: str,
        *,
        language: str,
        question_type: str | None = None,
        top: int = 3,
        unsure_of: str | None = None,
    ) -> list[Suggestion]:
        """The best `top` replies for this mail, best first, in `language` where possible.

        `question_type`: the case's type; its replies rank higher, and its best reply is shown
        even when others match the words better (an officer looks for the type the case has).
        `unsure_of`: the second most likely type when the classifier is unsure; the last place
        then goes to that type's best reply unless one of its replies is already shown."""
        if not self.ids:
            return []
        prepared = prepare(subject, body)
        query = _normalise(csr_matrix(self._vectoriser.transform([_doc(prepared.combined())])))
        cols = query.indices
        sims = np.asarray(self._matrix[:, cols] @ query.data).ravel() * self._weights
        scores = np.zeros(len(self.ids))
        np.maximum.at(scores, self._owners, sims)
        raw = scores.copy()
        if question_type is not None:
            scores += np.array([TYPE_BOOST if question_type in t else 0.0 for t in self._types])
        best = [int(i) for i in np.argsort(scores)[::-1][:top]]
        if question_type is not None:
            best = self._with_one_of(best, scores, question_type, place=min(1, top - 1))
        if unsure_of is not None and top > 1:
            best = self._with_one_of(best, raw, unsure_of, keep=question_type)
        out = []
        for index in best:
            reply = self.library.in_language(self.ids[index], language)
            if reply is not None and scores[index] > 0:
                out.append(Suggestion(reply, round(float(scores[index]), 4)))
        return out

    def _with_one_of(
        self,
        best: list[int],
        scores: np.ndarray,
        kind: str,
        place: int = -1,
        keep: str | None = None,
    ) -> list[int]:
        """`best` with the best-scoring reply of `kind` put in at `place` (the last by
        default), unless one is shown already. The lowest-ranked reply makes room, unless it
        is the only one of type `keep` shown: then the one above it does."""
        if any(kind in self._types[i] for i in best):
            return best
        order = [int(i) for i in np.argsort(scores)[::-1]]
        candidates = [i for i in order if kind in self._types[i] and scores[i] > 0]
        if not candidates:
            return best
        drop = len(best) - 1
        if keep is not None and drop > 0:
            kept = [i for i in best if keep in self._types[i]]
            if kept == [best[drop]]:
                drop -= 1
        out = best[:drop] + best[drop + 1 :]
        out.insert(min(place % len(best), len(out)), candidates[0])
        return out

    def best_matches(
        self, mails: Sequence[tuple[str, str]], question_types: Sequence[str | None] | None = None
    ) -> list[tuple[str | None, float]]:
        """(reply id, score) of the best reply for each (subject, body), for many mails in one
        sparse product: the score `suggest` gives its first suggestion (with the type boost when
        `question_types` are given), (None, 0.0) when nothing matches at all."""
        if not self.ids or not mails:
            return [(None, 0.0)] * len(mails)
        scores = np.vstack(
            [self._scores(mails[at : at + _BATCH]) for at in range(0, len(mails), _BATCH)]
        )
        if question_types is not None:
            for row, kind in enumerate(question_types):
                if kind is not None:
                    scores[row] += [TYPE_BOOST if kind in t else 0.0 for t in self._types]
        best = scores.argmax(axis=1)
        top = scores[np.arange(len(mails)), best]
        return [
            (self.ids[i], round(float(s), 4)) if s > 0 else (None, 0.0)
            for i, s in zip(best, top, strict=True)
        ]

    def _scores(self, mails: Sequence[tuple[str, str]]) -> np.ndarray:
        """Each mail's best similarity to each reply id (rows: mails, columns: self.ids)."""
        docs = [_doc(prepare(subject, body).combined()) for subject, body in mails]
        queries = _normalise(csr_matrix(self._vectoriser.transform(docs)))
        sims = (queries @ self._matrix.T).toarray() * self._weights
        scores = np.zeros((len(mails), len(self.ids)))
        for index in range(len(self.ids)):
            owned = self._owners == index
            if owned.any():
                scores[:, index] = sims[:, owned].max(axis=1)
        return scores


def _documents(reply: Reply) -> Sequence[tuple[str, float]]:
    title = f"{reply.title} {' '.join(reply.tags)}"
    return [
        *((example, 1.0) for example in reply.examples),
        (title, 0.9),
        (_strip_template(reply.body), _BODY_WEIGHT),
    ]


def _strip_template(body: str) -> str:
    import re

    return re.sub(r"\{[{%].*?[}%]\}", " ", body)


def _normalise(matrix: csr_matrix) -> csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    scaled: csr_matrix = csr_matrix(matrix.multiply(1 / norms[:, None]))
    return scaled
