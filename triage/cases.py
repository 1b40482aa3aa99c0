"""The case service: what an officer does to a case, with its rules and its event log.

Every function takes a session and the acting user, changes the case, writes a CaseEvent (and,
for question types, a TypeLabel that teaches the classifier), and never commits.
"""

from __future__ import annotations

from sqlmodel import Session

from triage.errors import Conflict, InvalidInput, NotFound
from triage.events import record_event
from triage.models import (
    Case,
    CaseStatus,
    EventKind,
    LabelKind,
    Outcome,
    TypeLabel,
    TypeSource,
    User,
    utcnow,
)
from triage.settings import Settings


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    return case


def _label(session: Session, case: Case, label: str, kind: LabelKind, user: User) -> None:
    assert case.id is not None
    session.add(TypeLabel(case_id=case.id, label=label, kind=kind, user_id=user.id))


def set_question_type(
    session: Session, settings: Settings, case: Case, label: str, user: User
) -> None:
    """An officer sets the type: a correction when it differs from the model's, else a
    confirmation. Either way it becomes a training label."""
    if label not in settings.classifier.question_types:
        known = ", ".join(settings.classifier.question_types)
        raise InvalidInput(f"unknown question type {label!r} (known: {known})")
    kind = LabelKind.CONFIRMATION if label == case.question_type else LabelKind.CORRECTION
    record_event(
        session,
        case,
        EventKind.TYPE,
        actor=user.username,
        actor_id=user.id,
        field="question_type",
        old=case.question_type,
        new=label,
        data={"kind": str(kind), "model_confidence": case.type_confidence},
    )
    _label(session, case, label, kind, user)
    case.question_type = label
    case.type_source = TypeSource.OFFICER
    case.type_confidence = 1.0
    case.needs_review = False


def confirm_question_type(session: Session, settings: Settings, case: Case, user: User) -> None:
    if case.question_type is None:
        raise Conflict(f"case {case.id} has no question type to confirm; choose one")
    set_question_type(session, settings, case, case.question_type, user)


def close_case(session: Session, case: Case, outcome: str, user: User) -> None:
    """Close with an outcome (required: the period analysis counts them). Closing confirms the
    case's question type as a training label unless an officer set it already."""
    if outcome not in {o.value for o in Outcome}:
        allowed = ", ".join(o.value for o in Outcome)
        raise InvalidInput(f"choose an outcome to close the case ({allowed})")
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"case {case.id} is closed already")
    now = utcnow()
    record_event(
        session,
        case,
        EventKind.OUTCOME,
        actor=user.username,
        actor_id=user.id,
        field="outcome",
        old=case.outcome,
        new=outcome,
        at=now,
    )
    record_event(
        session,
        case,
        EventKind.STATUS,
        actor=user.username,
        actor_id=user.id,
        field="status",
        old=case.status,
        new=CaseStatus.CLOSED,
        at=now,
    )
    if case.question_type and case.type_source != TypeSource.OFFICER and outcome != Outcome.SPAM:
        _label(session, case, case.question_type, LabelKind.CONFIRMATION, user)
    case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, outcome, now
