"""One generated case and its event log, as ingestion and officers would have left them: ~6
events a case (created, message in, the classifier's type, ~10 % corrected by an officer, status
changes, replies, ~4 % reopened), cut at a horizon so nothing lies in the future."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from triage.models import Outcome

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAILBOXES = {"intl": 45, "housing": 30, "fees": 10, "exchange": 15}
TYPE_WEIGHTS = {"housing": 32, "migration": 24, "outbound": 14, "fees": 12, "other": 15}
OFFICERS = ("anna", "bjorn", "cecilia", "david", "erik", "fatima")
# An International Office's year: arrivals in August-September and January, a quiet July.
MONTH_WEIGHT = {1: 1.3, 2: 0.9, 3: 0.9, 4: 0.9, 5: 1.0, 6: 0.8, 7: 0.6, 8: 1.5, 9: 1.3}
OUTCOMES = {
    Outcome.STANDARD_REPLY: 34,
    Outcome.PERSONAL_REPLY: 36,
    Outcome.REFERRED_INFOCENTER: 7,
    Outcome.REFERRED_MIGRATIONSVERKET: 4,
    Outcome.REFERRED_DEPARTMENT: 5,
    Outcome.FORWARDED: 3,
    Outcome.NO_ANSWER_NEEDED: 7,
    Outcome.SPAM: 4,
}
SILENT = {Outcome.NO_ANSWER_NEEDED, Outcome.SPAM}  # closed without a reply
Row = dict[str, Any]


def received_times(rng: random.Random, n: int, start: datetime, end: datetime) -> list[datetime]:
    """`n` sorted arrival times in [start, end): busy and quiet months, few at weekends and
    at night (office time)."""
    span = (end - start).total_seconds()
    found: list[datetime] = []
    while len(found) < n:
        moment = start + timedelta(seconds=rng.random() * span)
        local = moment.astimezone(STOCKHOLM)
        keep = MONTH_WEIGHT.get(local.month, 1.0) / 1.5
        keep *= 0.3 if local.isoweekday() > 5 else 1.0
        keep *= 0.4 if local.hour < 7 or local.hour > 21 else 1.0
        if rng.random() < keep:
            found.append(moment)
    return sorted(found)


def _later(rng: random.Random, median_h: float) -> timedelta:
    return timedelta(hours=rng.lognormvariate(0, 1.1) * median_h)


def case_rows(
    rng: random.Random, case_id: int, received: datetime, horizon: datetime
) -> tuple[Row, list[Row]]:
    """One case and its events as they stand at `horizon` (nothing at or after it is kept)."""
    box = rng.choices(range(1, len(MAILBOXES) + 1), tuple(MAILBOXES.values()))[0]
    model_type = rng.choices(tuple(TYPE_WEIGHTS), tuple(TYPE_WEIGHTS.values()))[0]
    model_type = None if rng.random() < 0.03 else model_type
    events = [
        _event(case_id, "created", received, new="new", data={"mailbox": list(MAILBOXES)[box - 1]}),
        _event(case_id, "message_in", received),
    ]
    qtype = _typed(rng, case_id, received, model_type, events)
    outcome = rng.choices(tuple(OUTCOMES), tuple(OUTCOMES.values()))[0]
    _handled(rng, case_id, received, outcome, events)
    events = [e for e in events if e["at"] < horizon]
    case = _case(case_id, box, received, events, outcome)
    source = "none" if qtype is None else "model" if qtype == model_type else "officer"
    case.update(
        language="sv" if rng.random() < 0.55 else "en",
        question_type=qtype,
        type_source=source,
        type_confidence=None if qtype is None else round(rng.uniform(0.35, 0.99), 3),
        needs_review=source != "officer" and rng.random() < 0.2,
    )
    return case, events


def _typed(
    rng: random.Random, case_id: int, at: datetime, model_type: str | None, events: list[Row]
) -> str | None:
    """The classifier's type event, and in ~10 % of cases an officer's correction; the type the
    case ends with."""
    if model_type is None:
        return None
    events.append(
        _event(case_id, "type", at, actor="classifier", field="question_type", new=model_type)
    )
    if rng.random() >= 0.10:
        return model_type
    corrected = rng.choice([t for t in TYPE_WEIGHTS if t != model_type])
    officer = rng.randrange(len(OFFICERS))
    events.append(
        _event(
            case_id,
            "type",
            at + _later(rng, 3),
            actor=OFFICERS[officer],
            actor_id=officer + 1,
            field="question_type",
            old=model_type,
            new=corrected,
        )
    )
    return corrected


def _handled(
    rng: random.Random, case_id: int, at: datetime, outcome: str, events: list[Row]
) -> None:
    """Taken (sometimes), answered (unless spam or nothing to answer), closed; ~4 % reopened
    by the requester writing again, answered and closed again."""
    status = "new"
    if rng.random() < 0.2:
        at += _later(rng, 2)
        events.append(_status(case_id, at, status, "open"))
        status = "open"
    if outcome not in SILENT:
        at += _later(rng, 18)
        events += [_event(case_id, "message_out", at), _status(case_id, at, status, "waiting")]
        status = "waiting"
    at += _later(rng, 30)
    events.append(_status(case_id, at, status, "closed"))
    if rng.random() < 0.04:
        at += _later(rng, 60)
        events += [
            _event(case_id, "message_in", at),
            _event(case_id, "reopened", at, old=outcome),
            _status(case_id, at, "closed", "open"),
        ]
        at += _later(rng, 10)
        events.append(_event(case_id, "message_out", at))
        events.append(_status(case_id, at + _later(rng, 20), "open", "closed"))


def _case(case_id: int, box: int, received: datetime, events: list[Row], outcome: str) -> Row:
    """The case's columns as its events (already cut at the horizon) leave them."""
    statuses = [e for e in events if e["kind"] == "status"]
    status = statuses[-1]["new_value"] if statuses else "new"
    closed = status == "closed"
    replies = [e["at"] for e in events if e["kind"] == "message_out"]
    mails = [e["at"] for e in events if e["kind"] in ("message_in", "message_out")]
    return {
        "id": case_id,
        "mailbox_id": box,
        "subject": f"Question {case_id}",
        "requester_email": f"student{case_id % 50_000}@student.example.org",
        "requester_name": f"Student {case_id % 50_000}",
        "status": status,
        "assignee_id": None if status == "new" else case_id % len(OFFICERS) + 1,
        "received_at": received,
        "last_message_at": mails[-1],
        "created_at": received,
        "first_response_at": replies[0] if replies else None,
        "closed_at": statuses[-1]["at"] if closed else None,
        "outcome": str(outcome) if closed else None,
        "message_count": len(mails),
    }


def _status(case_id: int, at: datetime, old: str, new: str) -> Row:
    return _event(case_id, "status", at, field="status", old=old, new=new)


def _event(
    case_id: int,
    kind: str,
    at: datetime,
    *,
    actor: str = "ingest",
    actor_id: int | None = None,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    data: dict[str, Any] | None = None,
) -> Row:
    return {
        "case_id": case_id,
        "at": at,
        "actor_id": actor_id,
        "actor": actor,
        "kind": kind,
        "field": field,
        "old_value": old,
        "new_value": new,
        "message_id": None,
        "data": data,
    }


def message_row(message_id: int, case: Row, subject: str, body: str) -> Row:
    """The requester's first mail of `case`, with its question text."""
    return {
        "id": message_id,
        "case_id": case["id"],
        "mailbox_id": case["mailbox_id"],
        "dedup_key": f"bench-stats-{case['id']}",
        "message_id": f"<bench-stats-{case['id']}@student.example.org>",
        "in_reply_to": "",
        "references": "",
        "subject": subject,
        "from_email": case["requester_email"],
        "from_name": case["requester_name"],
        "to": f"{list(MAILBOXES)[case['mailbox_id'] - 1]}@intl.example.se",
        "cc": "",
        "date": case["received_at"],
        "received_at": case["received_at"],
        "headers": "",
        "text": body,
        "html": "",
        "language": case["language"],
        "direction": "in",
        "is_auto_reply": False,
        "auto_reply_reason": "",
        "defects": "",
        "size": len(body),
        "raw_sha256": BLOB_SHA256,
    }


BLOB_SHA256 = "0" * 64  # every message's raw mail: one shared Blob row (speed only)
