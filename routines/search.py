"""Finds routines from what a colleague types, in Swedish or English, with or without å, ä, ö.

Character n-grams catch Swedish compounds ("avgift" inside "studieavgift") and small typos; word
TF-IDF rewards whole-word hits. Both fold case and diacritics, because "aterbetalning" typed on a
foreign keyboard should still find "återbetalning".
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from routines.library import RoutineLibrary
from routines.model import Routine

# The title says what the routine is for, so a hit there counts most; the body is long and
# mentions many neighbouring topics, so a hit there counts least.
_FIELD_WEIGHTS = {"title": 4.0, "purpose": 2.0, "steps": 1.5, "referrals": 1.0, "body": 1.0}
_TOTAL_WEIGHT = sum(_FIELD_WEIGHTS.values())
_INDEXES: weakref.WeakKeyDictionary[RoutineLibrary, RoutineIndex] = weakref.WeakKeyDictionary()


def _fields(routine: Routine) -> dict[str, str]:
    return {
        "title": routine.title,
        "purpose": routine.purpose,
        "steps": "\n".join(step.text for step in routine.steps),
        "referrals": "\n".join(f"{ref.when} {ref.to}" for ref in routine.refer_elsewhere),
        "body": routine.body,
    }


class _Vectors:
    """One way of turning text into TF-IDF vectors, with the library's weighted field matrix.

    The field texts are counted in one pass and a routine's counts are the sum of its fields'
    (n-grams never cross a field boundary), so the slow character analysis runs only once.
    """

    def __init__(self, counter: Any, fields: list[dict[str, str]]) -> None:
        self.counter = counter
        self.tfidf = TfidfTransformer(sublinear_tf=True)
        counts = counter.fit_transform([texts[name] for name in _FIELD_WEIGHTS for texts in fields])
        n = len(fields)
        per_field = [counts[k * n : (k + 1) * n] for k in range(len(_FIELD_WEIGHTS))]
        self.tfidf.fit(sum(per_field))
        weighted = sum(
            weight * self.tfidf.transform(part)
            for weight, part in zip(_FIELD_WEIGHTS.values(), per_field, strict=True)
        )
        self.matrix = weighted.tocsr() / _TOTAL_WEIGHT

    def scores(self, query: str, rows: list[int]) -> Any:
        query_vector = self.tfidf.transform(self.counter.transform([query]))
        return (self.matrix[rows] @ query_vector.T).toarray().ravel()


def _counters() -> list[Any]:
    folding = {"lowercase": True, "strip_accents": "unicode"}
    return [
        CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), **folding),
        CountVectorizer(analyzer="word", **folding),
    ]


class RoutineIndex:
    """A search index over one library's routines, built once because fitting is the slow part.

    A query costs one sparse product per kind of vector: with the field matrices summed by
    weight, that product is the weighted sum of the per-field cosine similarities.
    """

    def __init__(self, library: RoutineLibrary) -> None:
        self.routines = tuple(library.routines)
        fields = [_fields(routine) for routine in self.routines]
        self._vectors: list[_Vectors] = []
        for counter in _counters() if fields else []:
            try:
                self._vectors.append(_Vectors(counter, fields))
            except ValueError:  # no usable terms at all (e.g. only one-letter words)
                continue

    def search(
        self,
        query: str,
        *,
        question_type: str | None = None,
        owner: str | None = None,
        language: str | None = None,
        limit: int = 10,
    ) -> list[tuple[Routine, float]]:
        """Routines matching the filters, best first, with a score in (0, 1]; no match, no entry.

        `owner` matches the routine's owner, not its backup owner.
        """
        rows = [
            i
            for i, routine in enumerate(self.routines)
            if (question_type is None or question_type in routine.question_types)
            and (owner is None or routine.owner == owner)
            and (language is None or routine.language == language)
        ]
        if not rows or not query.strip() or limit <= 0 or not self._vectors:
            return []
        scores = sum(vectors.scores(query, rows) for vectors in self._vectors) / len(self._vectors)
        best = np.argsort(-scores, kind="stable")[:limit]
        return [(self.routines[rows[i]], float(scores[i])) for i in best if scores[i] > 0]


def search(
    library: RoutineLibrary,
    query: str,
    *,
    question_type: str | None = None,
    owner: str | None = None,
    language: str | None = None,
    limit: int = 10,
) -> list[tuple[Routine, float]]:
    """Search a library, reusing its index until its list of routines changes."""
    index = _INDEXES.get(library)
    if index is None or index.routines != tuple(library.routines):
        index = _INDEXES[library] = RoutineIndex(library)
    return index.search(
        query, question_type=question_type, owner=owner, language=language, limit=limit
    )
