"""What the routine library asks of its keepers: routines past their review date (a manager sees
all of them, an owner their own) and question types that no routine covers, so that no task is
left for one person alone to know."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from routines import Routine, RoutineLibrary, due_for_review
from triage.cases.owners import names_user
from triage.models import User

MANAGING_ROLES = ("manager", "admin")


@dataclass(frozen=True)
class ReviewDuties:
    due: list[Routine] = field(default_factory=list)
    uncovered_types: list[str] = field(default_factory=list)
    sees_all: bool = False  # a manager's view: every owner's routines

    @property
    def shown(self) -> bool:
        """Managers always see the section; an owner when a routine of theirs is due."""
        return self.sees_all or bool(self.due)


def review_duties(
    library: RoutineLibrary, question_types: list[str], user: User, today: date
) -> ReviewDuties:
    due = due_for_review(library, today)
    sees_all = user.role in MANAGING_ROLES
    mine = due if sees_all else [r for r in due if names_user(r.owner, user)]
    return ReviewDuties(mine, uncovered_types(library, question_types), sees_all)


def uncovered_types(library: RoutineLibrary, question_types: list[str]) -> list[str]:
    """The office's question types that no routine lists, in the settings' order."""
    covered = {t for routine in library.routines for t in routine.question_types}
    return [t for t in question_types if t not in covered]
