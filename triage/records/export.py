"""`triage export`: cases or messages as JSON lines or CSV, for analysis elsewhere and for a
requester's data-access request (the event log: eventlog.py). Quarantined mail is included among
the messages, flagged. Cases are read a chunk at a time (keyset pages), with their log facts."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from triage.db import IN_LIST_SIZE
from triage.models import (
    Attachment,
    Case,
    CaseEvent,
    EventKind,
    Mailbox,
    Message,
    Quarantine,
    User,
)
from triage.records.corrections import corrected

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
    "assignee",
    "language",
    "type_source",
    "corrected",
    "reopened",
    "replies_suggested",
    "reply_used",
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


def day_bounds(
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
    lo, hi = day_bounds(start, end, tz)
    names = dict(session.exec(select(Mailbox.id, Mailbox.name)).all())
    after = 0
    while True:
        query = select(Case).where(col(Case.id) > after).order_by(col(Case.id))
        if lo:
            query = query.where(Case.received_at >= lo)
        if hi:
            query = query.where(Case.received_at < hi)
        cases = session.exec(query.limit(IN_LIST_SIZE)).all()
        if not cases:
            return
        users, log = _people(session, cases), _case_log(session, [c.id or 0 for c in cases])
        for case in cases:
            facts = log.get(case.id or 0, _CaseLog())
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
                "assignee": users.get(case.assignee_id or 0),
                "language": case.language,
                "type_source": case.type_source,
                "corrected": corrected(facts.before_officers, case.question_type),
                "reopened": facts.reopened,
                "replies_suggested": facts.suggested,
                "reply_used": " ".join(facts.used),
            }
        after = cases[-1].id or 0


class _CaseLog:
    """What a case's event log says about it, for its export row."""

    def __init__(self) -> None:
        self.officer_typed = False  # an officer set or confirmed its type
        self.before_officers: str | None = None  # the type it had before that
        self.reopened = 0
        self.suggested: str | None = None  # the top reply last suggested
        self.used: list[str] = []  # replies used, each once, in order of first use


def _people(session: Session, cases: Sequence[Case]) -> dict[int, str]:
    ids = {c.assignee_id for c in cases if c.assignee_id is not None}
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.username).where(col(User.id).in_(sorted(ids))))
    return {uid: name for uid, name in rows.all() if uid is not None}


def _case_log(session: Session, case_ids: list[int]) -> dict[int, _CaseLog]:
    """Corrections, reopenings and standard replies of a chunk of cases, in one query."""
    kinds = [EventKind.TYPE, EventKind.REOPENED, EventKind.REPLY_SUGGESTED, EventKind.REPLY_USED]
    rows = session.execute(
        sa_select(
            col(CaseEvent.case_id),
            col(CaseEvent.kind),
            col(CaseEvent.old_value),
            col(CaseEvent.new_value),
            col(CaseEvent.actor_id).is_not(None),
        )
        .where(col(CaseEvent.case_id).in_(case_ids), col(CaseEvent.kind).in_(kinds))
        .order_by(col(CaseEvent.id))
    ).all()
    found: dict[int, _CaseLog] = {}
    for case_id, kind, old_value, new_value, by_officer in rows:
        facts = found.setdefault(case_id, _CaseLog())
        if kind == EventKind.TYPE and by_officer and not facts.officer_typed:
            facts.officer_typed, facts.before_officers = True, old_value
        elif kind == EventKind.REOPENED:
            facts.reopened += 1
        elif kind == EventKind.REPLY_SUGGESTED:
            facts.suggested = new_value
        elif kind == EventKind.REPLY_USED and new_value and new_value not in facts.used:
            facts.used.append(new_value)
    return found


def iter_messages(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    with_text: bool = False,
    tz: str = "Europe/Stockholm",
) -> Iterator[dict[str, Any]]:
    lo, hi = day_bounds(start, end, tz)
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
    """Text a spreadsheet would run as a formula (=, +, -, @) is written as text; nested values
    (an event's data) as JSON."""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
