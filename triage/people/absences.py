"""Absences: who is away when, so that colleagues cover the absent officer's open cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from triage.errors import InvalidInput, NotFound, PermissionDenied
from triage.models import Absence, Case, CaseStatus, User
from triage.people.users import Permission, may

MAX_ABSENCE_DAYS = 366


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    username: str
    display_name: str
    starts_on: date
    ends_on: date
    note: str
    open_cases: int
    is_current: bool


def add_absence(
    session: Session, absent: User, starts_on: date, ends_on: date, note: str, by: User
) -> Absence:
    """Register an absence; officers register their own, managers and admins anyone's."""
    if absent.id != by.id and not may(by, Permission.MANAGE_ABSENCES):
        raise PermissionDenied("you may register only your own absences")
    if ends_on < starts_on:
        raise InvalidInput("the last day cannot be before the first day")
    if (ends_on - starts_on).days >= MAX_ABSENCE_DAYS:
        raise InvalidInput(f"an absence can be at most {MAX_ABSENCE_DAYS} days long")
    assert absent.id is not None
    absence = Absence(
        user_id=absent.id,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip()[:500],
        created_by=by.username,
    )
    session.add(absence)
    session.flush()
    return absence


def remove_absence(session: Session, absence_id: int, by: User) -> None:
    absence = session.get(Absence, absence_id)
    if absence is None:
        raise NotFound(f"absence {absence_id} does not exist")
    if absence.user_id != by.id and not may(by, Permission.MANAGE_ABSENCES):
        raise PermissionDenied("you may remove only your own absences")
    session.delete(absence)


def absences_from(session: Session, today: date) -> list[AbsenceRow]:
    """Current and coming absences, soonest first, with each person's open cases."""
    query = (
        select(Absence, User)
        .join(User, col(User.id) == col(Absence.user_id))
        .where(Absence.ends_on >= today)
        .order_by(col(Absence.starts_on), col(User.username))
    )
    found = session.exec(query).all()
    return [
        AbsenceRow(
            id=absence.id or 0,
            username=user.username,
            display_name=user.display_name or user.username,
            starts_on=absence.starts_on,
            ends_on=absence.ends_on,
            note=absence.note,
            open_cases=_open_cases(session, user),
            is_current=absence.starts_on <= today,
        )
        for absence, user in found
    ]


def _open_cases(session: Session, user: User) -> int:
    query = select(Case.id).where(
        Case.assignee_id == user.id, col(Case.status) != CaseStatus.CLOSED
    )
    return len(session.exec(query).all())
