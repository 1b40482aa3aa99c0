"""`triage export`: cases or messages as JSON lines or CSV, for analysis elsewhere and for a
requester's data-access request. Quarantined mail is included among the messages, flagged."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from triage.models import Attachment, Case, Mailbox, Message, Quarantine

CASE_FIELDS = [
    "id",
    "mailbox",
    "subject",
    "requester",
    "question_type",
    "confidence",
    "status",
    "outcome",
    "received_at",
    "first_response_at",
    "closed_at",
    "message_count",
]
MESSAGE_FIELDS = [
    "id",
    "case_id",
    "message_id",
    "mailbox",
    "date",
    "from",
    "subject",
    "direction",
    "auto_reply",
    "quarantined",
    "attachments",
]


def _bounds(
    start: date | None, end: date | None, tz: str = "Europe/Stockholm"
) -> tuple[datetime | None, datetime | None]:
    """Whole days in the office's time zone (a mail at 00:30 on the 1st belongs to the 1st)."""
    zone = ZoneInfo(tz)
    lo = datetime.combine(start, time.min, zone) if start else None
    hi = datetime.combine(end + timedelta(days=1), time.min, zone) if end else None
    return lo, hi


def iter_cases(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    tz: str = "Europe/Stockholm",
) -> Iterator[dict[str, Any]]:
    lo, hi = _bounds(start, end, tz)
    names = dict(session.exec(select(Mailbox.id, Mailbox.name)).all())
    query = select(Case).order_by(col(Case.id))
    if lo:
        query = query.where(Case.received_at >= lo)
    if hi:
        query = query.where(Case.received_at < hi)
    for case in session.exec(query):
        yield {
            "id": case.id,
            "mailbox": names.get(case.mailbox_id, ""),
            "subject": case.subject,
            "requester": case.requester_email,
            "question_type": case.question_type,
            "confidence": case.type_confidence,
            "status": case.status,
            "outcome": case.outcome,
            "received_at": _iso(case.received_at),
            "first_response_at": _iso(case.first_response_at),
            "closed_at": _iso(case.closed_at),
            "message_count": case.message_count,
        }


def iter_messages(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    with_text: bool = False,
    tz: str = "Europe/Stockholm",
) -> Iterator[dict[str, Any]]:
    lo, hi = _bounds(start, end, tz)
    names: dict[int | None, str] = dict(session.exec(select(Mailbox.id, Mailbox.name)).all())
    counts = dict(
        session.exec(
            select(Attachment.message_id, func.count()).group_by(col(Attachment.message_id))
        ).all()
    )
    query = select(Message).order_by(col(Message.id))
    if lo:
        query = query.where(col(Message.date) >= lo)
    if hi:
        query = query.where(col(Message.date) < hi)
    for msg in session.exec(query):
        row: dict[str, Any] = {
            "id": msg.id,
            "case_id": msg.case_id,
            "message_id": msg.message_id,
            "mailbox": names.get(msg.mailbox_id, ""),
            "date": _iso(msg.date),
            "from": msg.from_email,
            "subject": msg.subject,
            "direction": msg.direction,
            "auto_reply": msg.is_auto_reply,
            "quarantined": False,
            "attachments": counts.get(msg.id or 0, 0),
        }
        if with_text:
            row["text"] = msg.text
        yield row
    yield from _quarantined(session, names, lo, hi, with_text)


def _quarantined(
    session: Session,
    names: dict[int | None, str],
    lo: datetime | None,
    hi: datetime | None,
    with_text: bool,
) -> Iterator[dict[str, Any]]:
    query = select(Quarantine).order_by(col(Quarantine.id))
    if lo:
        query = query.where(Quarantine.created_at >= lo)
    if hi:
        query = query.where(Quarantine.created_at < hi)
    for q in session.exec(query):
        row: dict[str, Any] = {
            "id": f"q{q.id}",
            "case_id": None,
            "message_id": "",
            "mailbox": names.get(q.mailbox_id, ""),
            "date": _iso(q.created_at),
            "from": "",
            "subject": "",
            "direction": "in",
            "auto_reply": False,
            "quarantined": True,
            "attachments": 0,
        }
        if with_text:
            row["text"] = f"(not parsed: {q.error})"
        yield row


def write_rows(rows: Iterator[dict[str, Any]], fields: list[str], fmt: str, out: TextIO) -> int:
    count = 0
    if fmt == "csv":
        writer: Any = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
                writer.writeheader()
            writer.writerow({k: _cell(v) for k, v in row.items()})
            count += 1
        if writer is None:
            csv.writer(out, lineterminator="\n").writerow(fields)
        return count
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @) is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
