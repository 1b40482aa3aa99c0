"""Finds routines from what a colleague types, in Swedish or English, with or without å, ä, ö.

A routine's score is the share of the query it answers: each query word found in the routine
counts by how rare it is in the library (idf over routines, so both language versions of a routine
count once) times how prominently it stands there (the title and the question type count most, the
long body least) and how well it matched (whole word, part of a compound, a typo). Two rules decide
what is shown at all, and they are the reasons a search gives nothing:

- a query word counts only if the library has it (see `routines.terms.expand`), so a nonsense
  word matches nothing and a query of nonsense finds no routine;
- a routine scoring under a third of the best one, or under a tenth of the query, shares only
  incidental words with it ("uppehållstillstånd" is mentioned in passing by most Swedish
  routines, but only two are about residence permits).

With a language asked for, both versions of a routine are searched and the routine is shown once,
in that language, so "residence permit" finds the Swedish routine for a Swedish reader.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter

from routines.library import RoutineLibrary
from routines.model import Routine
from routines.terms import expand, terms

# How much one field alone can say about a word: a title hit is worth far more than the same
# word in the body, which is long and mentions many neighbouring topics.
_FIELD_WEIGHTS = {
    "title": 1.0,
    "types": 0.8,
    "purpose": 0.6,
    "steps": 0.3,
    "referrals": 0.2,
    "body": 0.2,
}
_SATURATION = 0.5  # one occurrence gives 2/3 of a field's weight, a third occurrence 6/7
_MIN_SHARE_OF_BEST = 1 / 3
_MIN_SCORE = 0.1
# What people call the default question types, in both languages, so that typing a type's name
# (or its Swedish label) finds its routines; an office's own types are found by their name.
_TYPE_WORDS = {
    "housing": "housing accommodation bostad boende",
    "migration": "migration migrationsverket migration agency residence permit uppehållstillstånd",
    "outbound": "outbound exchange utresande utbyte",
    "fees": "fees tuition fee avgifter studieavgift",
    "other": "other övrigt",
}
_INDEXES: weakref.WeakKeyDictionary[RoutineLibrary, RoutineIndex] = weakref.WeakKeyDictionary()


def _fields(routine: Routine) -> dict[str, str]:
    return {
        "title": routine.title,
        "types": " ".join(_TYPE_WORDS.get(t, t) for t in routine.question_types),
        "purpose": routine.purpose,
        "steps": "\n".join(step.text for step in routine.steps),
        "referrals": "\n".join(f"{ref.when} {ref.to}" for ref in routine.refer_elsewhere),
        "body": routine.body,
    }


def _strengths(routine: Routine) -> dict[str, float]:
    """How strongly each word stands in the routine, in [0, 1): fields combine like independent
    pieces of evidence, so a word in the title and the steps beats a word in the title alone."""
    missing: dict[str, float] = {}
    for name, text in _fields(routine).items():
        for word, count in Counter(terms(text)).items():
            strength = _FIELD_WEIGHTS[name] * count / (count + _SATURATION)
            missing[word] = missing.get(word, 1.0) * (1 - strength)
    return {word: 1 - rest for word, rest in missing.items()}


class RoutineIndex:
    """A search index over one library's routines: each word, the routines it stands in and how
    strongly. Built once per library; a query then touches only the words it matches."""

    def __init__(self, library: RoutineLibrary) -> None:
        self.routines = tuple(library.routines)
        self._postings: dict[str, dict[int, float]] = {}
        for row, routine in enumerate(self.routines):
            for word, strength in _strengths(routine).items():
                self._postings.setdefault(word, {})[row] = strength
        self._routine_count = len({routine.id for routine in self.routines})

    def search(
        self,
        query: str,
        *,
        question_type: str | None = None,
        owner: str | None = None,
        language: str | None = None,
        prefer_language: str | None = None,
        limit: int = 10,
    ) -> list[tuple[Routine, float]]:
        """Routines that answer the query, best first, with a score in (0, 1]; none for nonsense.

        `language` shows only routines in that language; `prefer_language` shows each routine
        once, in that language when it exists, those first. Both find a routine by either of its
        language versions. Without them each version stands alone. `owner` matches the routine's
        owner, not its backup owner.
        """
        rows = [
            i
            for i, routine in enumerate(self.routines)
            if (question_type is None or question_type in routine.question_types)
            and (owner is None or routine.owner == owner)
        ]
        if not rows or limit <= 0:
            return []
        scores = self._scores(query)
        wanted = language or prefer_language
        ranked = (
            self._per_routine(rows, scores, wanted, only=language is not None)
            if wanted
            else [(row, scores.get(row, 0.0)) for row in rows]
        )
        best = max((score for _row, score in ranked), default=0.0)
        floor = max(_MIN_SCORE, _MIN_SHARE_OF_BEST * best)
        kept = [(row, score) for row, score in ranked if score >= floor and score > 0]
        kept.sort(key=lambda hit: (self.routines[hit[0]].language != wanted, -hit[1], hit[0]))
        return [(self.routines[row], round(score, 6)) for row, score in kept[:limit]]

    def _scores(self, query: str) -> dict[int, float]:
        """Each routine version's share of the query's weight, for the versions it touches."""
        weighted: dict[int, float] = {}
        total = 0.0
        for term in dict.fromkeys(terms(query)):
            strengths: dict[int, float] = {}
            for word, quality in expand(term, self._postings).items():
                for row, strength in self._postings[word].items():
                    strengths[row] = max(strengths.get(row, 0.0), quality * strength)
            if not strengths:
                continue  # a word the library does not have says nothing either way
            spread = len({self.routines[row].id for row in strengths})
            weight = math.log((self._routine_count + 1) / spread)
            total += weight
            for row, strength in strengths.items():
                weighted[row] = weighted.get(row, 0.0) + weight * strength
        return {row: value / total for row, value in weighted.items()} if total else {}

    def _per_routine(
        self, rows: list[int], scores: dict[int, float], wanted: str, *, only: bool
    ) -> list[tuple[int, float]]:
        """One row per routine id, the `wanted` language's version if there is one (or, with
        `only`, none at all), scored by its best-matching version."""
        versions: dict[str, dict[str, int]] = {}
        for row in rows:
            routine = self.routines[row]
            versions.setdefault(routine.id, {})[routine.language] = row
        ranked = []
        for by_language in versions.values():
            shown = by_language.get(wanted)
            if shown is None:
                if only:
                    continue
                shown = min(by_language.values())
            score = max(scores.get(row, 0.0) for row in by_language.values())
            ranked.append((shown, score))
        return ranked


def search(
    library: RoutineLibrary,
    query: str,
    *,
    question_type: str | None = None,
    owner: str | None = None,
    language: str | None = None,
    prefer_language: str | None = None,
    limit: int = 10,
) -> list[tuple[Routine, float]]:
    """Search a library, reusing its index until its list of routines changes."""
    index = _INDEXES.get(library)
    if index is None or index.routines != tuple(library.routines):
        index = _INDEXES[library] = RoutineIndex(library)
    return index.search(
        query,
        question_type=question_type,
        owner=owner,
        language=language,
        prefer_language=prefer_language,
        limit=limit,
    )
