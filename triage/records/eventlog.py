"""`triage export events`: the case event log, one record per event, as JSON lines or CSV.

Events hold no mail text. The one kind an officer writes free text for is a note: its event
carries the note's id, and the note's words come along only with `--with-text`, as for mail.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from triage.db import IN_LIST_SIZE
from triage.models import CaseEvent, CaseNote, EventKind
from triage.records.export import day_bounds

EVENT_FIELDS = [
    "id",
    "case_id",
    "at",
    "actor",
    "kind",
    "field",
    "old_value",
    "new_value",
    "message_id",
    "data",
]
# Event kinds whose values may hold an officer's free text: kept out unless --with-text.
FREE_TEXT_KINDS = {EventKind.NOTE}


def iter_events(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    with_text: bool = False,
    tz: str = "Europe/Stockholm",
) -> Iterator[dict[str, Any]]:
    """The event log, oldest first. A note's words are personal data: its event carries only
    the note's id, and the note's text comes along only `with_text` (as `text`)."""
    lo, hi = day_bounds(start, end, tz)
    after = 0
    while True:
        query = select(CaseEvent).where(col(CaseEvent.id) > after).order_by(col(CaseEvent.id))
        if lo:
            query = query.where(col(CaseEvent.at) >= lo)
        if hi:
            query = query.where(col(CaseEvent.at) < hi)
        events = session.exec(query.limit(IN_LIST_SIZE)).all()
        if not events:
            return
        notes = _note_texts(session, events) if with_text else {}
        for event in events:
            free_text = event.kind in FREE_TEXT_KINDS
            row: dict[str, Any] = {
                "id": event.id,
                "case_id": event.case_id,
                "at": _utc_iso(event.at),
                "actor": event.actor,
                "kind": event.kind,
                "field": event.field,
                "old_value": None if free_text and not with_text else event.old_value,
                "new_value": None if free_text and not with_text else event.new_value,
                "message_id": event.message_id,
                "data": event.data,
            }
            if with_text:
                row["text"] = notes.get(_note_id(event)) if free_text else None
            yield row
        after = events[-1].id or 0


def _note_id(event: CaseEvent) -> int | None:
    note = (event.data or {}).get("note")
    return note if isinstance(note, int) else None


def _note_texts(session: Session, events: Sequence[CaseEvent]) -> dict[int | None, str]:
    """The text of the notes a chunk of events refers to (retention deletes it: then none)."""
    ids = sorted({n for e in events if (n := _note_id(e)) is not None})
    if not ids:
        return {}
    rows = session.exec(select(CaseNote.id, CaseNote.text).where(col(CaseNote.id).in_(ids)))
    return dict(rows.all())


def _utc_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
