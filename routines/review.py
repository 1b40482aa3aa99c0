"""Which routines are due for review, and whose they are: advice about permits, fees and
deadlines goes stale, and an owner is more likely to act on a list of their own routines."""

from __future__ import annotations

from datetime import date

from routines.library import RoutineLibrary
from routines.model import Routine


def due_for_review(library: RoutineLibrary, today: date) -> list[Routine]:
    """Routines whose review date is today or past, the longest overdue first."""
    due = [routine for routine in library.routines if routine.review_due <= today]
    return sorted(due, key=lambda routine: (routine.review_due, routine.id, routine.language))


def by_owner(routines: list[Routine]) -> dict[str, list[Routine]]:
    """Routines grouped by owner, owners in alphabetical order, each group in the given order."""
    groups: dict[str, list[Routine]] = {}
    for routine in routines:
        groups.setdefault(routine.owner, []).append(routine)
    return {owner: groups[owner] for owner in sorted(groups)}
