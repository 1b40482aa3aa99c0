"""Routine checklists on cases: which routines belong to a case, and how far the work has got,
so a substitute sees which steps a colleague already did (who, when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from routines import RoutineLibrary, due_for_review
from triage.errors import InvalidInput, NotFound
from triage.events import record_event
from triage.models import Case, ChecklistTick, EventKind, RoutineReviewFlag, User, utcnow
from triage.people.users import shown_name


@dataclass(frozen=True)
class StepState:
    step: int
    text: str
    done: bool
    by: str | None
    at: datetime | None


def routines_for_case(library: RoutineLibrary, case: Case) -> list[str]:
    """Ids of the routines for the case's question type (the case page shows them)."""
    if not case.question_type:
        return []
    language = case.language if case.language in ("sv", "en") else "sv"
    return [r.id for r in library.for_type(case.question_type, language)]


def tick_step(
    session: Session,
    case: Case,
    routine_id: str,
    step: int,
    done: bool,
    user: User,
    library: RoutineLibrary | None = None,
) -> None:
    """Record a step done or undone; with `library`, only a step the routine has."""
    assert case.id is not None
    if library is not None:
        routine = library.get(routine_id, "sv") or library.get(routine_id, "en")
        if routine is None:
            raise NotFound(f"no routine {routine_id!r}")
        if not 1 <= step <= len(routine.steps):
            raise InvalidInput(f"routine {routine_id!r} has steps 1 to {len(routine.steps)}")
    session.add(
        ChecklistTick(case_id=case.id, routine_id=routine_id, step=step, done=done, user_id=user.id)
    )
    record_event(
        session,
        case,
        EventKind.CHECKLIST,
        actor=user.username,
        actor_id=user.id,
        field=f"{routine_id}#{step}",
        new="done" if done else "undone",
    )


def progress(
    session: Session, library: RoutineLibrary, case: Case, routine_id: str, language: str
) -> list[StepState]:
    """Each step of the routine with the latest tick on this case (a later untick wins)."""
    routine = library.get(routine_id, language) or library.get(routine_id, "sv")
    if routine is None:
        return []
    ticks = session.exec(
        select(ChecklistTick, shown_name())
        .join(User, col(User.id) == col(ChecklistTick.user_id), isouter=True)
        .where(ChecklistTick.case_id == case.id, ChecklistTick.routine_id == routine_id)
        .order_by(col(ChecklistTick.at), col(ChecklistTick.id))
    ).all()
    latest = {tick.step: (tick, name) for tick, name in ticks}
    states = []
    for index, step in enumerate(routine.steps, 1):
        tick, name = latest.get(index, (None, None))
        done = bool(tick and tick.done)
        states.append(
            StepState(index, step.text, done, name if tick else None, tick.at if tick else None)
        )
    return states


def flag_overdue_routines(session: Session, library: RoutineLibrary, today: date) -> int:
    """Flag every routine past its review date for its owner (the daily job); returns how many."""
    flagged = 0
    for routine in due_for_review(library, today):
        row = session.exec(
            select(RoutineReviewFlag).where(
                RoutineReviewFlag.routine_id == routine.id,
                RoutineReviewFlag.language == routine.language,
            )
        ).first()
        if row is None:
            session.add(
                RoutineReviewFlag(
                    routine_id=routine.id,
                    language=routine.language,
                    owner=routine.owner,
                    due=routine.review_due,
                )
            )
            flagged += 1
        else:
            row.flagged_at, row.due, row.owner = utcnow(), routine.review_due, routine.owner
    return flagged
