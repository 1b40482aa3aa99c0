"""Writing the case event log: one append-only row for every change to a case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from triage.db import insert_rows
from triage.models import Case, CaseEvent, EventKind, utcnow


def event_row(
    case_id: int,
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
) -> dict[str, Any]:
    """One event as column values; `old`/`new` are text so every kind of change fits one table."""
    return {
        "case_id": case_id,
        "at": at or utcnow(),
        "actor": actor,
        "actor_id": actor_id,
        "kind": str(kind),
        "field": field,
        "old_value": None if old is None else str(old),
        "new_value": None if new is None else str(new),
        "message_id": message_id,
        "data": data,
    }


def record_event(session: Session, case: Case, kind: EventKind, **details: Any) -> None:
    """Append one event to `case` (see event_row for the details it takes)."""
    assert case.id is not None, "flush the case before logging events on it"
    session.add(CaseEvent(**event_row(case.id, kind, **details)))


def record_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append many events in one statement (ingestion logs a batch at once)."""
    insert_rows(session, CaseEvent, rows)
