"""Writing the case event log: one append-only row for every change to a case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from triage.models import Case, CaseEvent, EventKind, utcnow


def record_event(
    session: Session,
    case: Case,
    kind: EventKind,
    *,
    actor: str = "system",
    actor_id: int | None = None,
    field: str | None = None,
    old: object = None,
    new: object = None,
    at: datetime | None = None,
    message_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append one event; `old`/`new` are stored as text so every kind of change fits one table."""
    assert case.id is not None, "flush the case before logging events on it"
    event = CaseEvent(
        case_id=case.id,
        at=at or utcnow(),
        actor=actor,
        actor_id=actor_id,
        kind=kind,
        field=field,
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
        message_id=message_id,
        data=data,
    )
    session.add(event)
    return event
