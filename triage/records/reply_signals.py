"""Which standard replies were suggested for the period's cases and which were used, from the
event log: a reply often suggested and seldom used is probably wrong or out of date, and a case
closed without using any of its suggestions may be a reply the library lacks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from triage.db import chunked
from triage.models import Case, CaseEvent, CaseStatus, EventKind


def reply_signals(
    session: Session, begin: datetime, end: datetime, mailbox_id: int | None
) -> dict[str, Any]:
    """{"by_reply": [{id, suggested, top, used, suggested_not_used}], "cases_with_suggestions",
    "closed_none_used"} for the cases received in [begin, end).

    Counts are cases, not events (suggestions are logged again when they change). "Not used"
    counts only closed cases: an open case may still use the reply."""
    where = [col(Case.received_at) >= begin, col(Case.received_at) < end]
    if mailbox_id is not None:
        where.append(col(Case.mailbox_id) == mailbox_id)
    status = dict(session.exec(select(Case.id, Case.status).where(*where)).all())
    suggested: dict[int, set[str]] = {}
    top: dict[int, set[str]] = {}
    used: dict[int, set[str]] = {}
    for chunk in chunked([i for i in status if i is not None]):
        events = session.exec(
            select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.new_value, CaseEvent.data).where(
                col(CaseEvent.case_id).in_(chunk),
                col(CaseEvent.kind).in_([EventKind.REPLY_SUGGESTED, EventKind.REPLY_USED]),
            )
        ).all()
        for case_id, kind, value, data in events:
            if kind == EventKind.REPLY_USED:
                if value:
                    used.setdefault(case_id, set()).add(value)
                continue
            ids = {str(s["id"]) for s in (data or {}).get("suggestions", []) if s.get("id")}
            suggested.setdefault(case_id, set()).update(ids | ({value} if value else set()))
            if value:
                top.setdefault(case_id, set()).add(value)
    table: dict[str, dict[str, Any]] = {}

    def row(reply_id: str) -> dict[str, Any]:
        empty = {"id": reply_id, "suggested": 0, "top": 0, "used": 0, "suggested_not_used": 0}
        return table.setdefault(reply_id, empty)

    for case_id, ids in suggested.items():
        closed = status.get(case_id) == CaseStatus.CLOSED
        for reply_id in ids:
            row(reply_id)["suggested"] += 1
            if closed and reply_id not in used.get(case_id, set()):
                row(reply_id)["suggested_not_used"] += 1
    for ids in top.values():
        for reply_id in ids:
            row(reply_id)["top"] += 1
    for ids in used.values():
        for reply_id in ids:
            row(reply_id)["used"] += 1
    closed_none_used = sum(
        1
        for case_id, ids in suggested.items()
        if ids and status.get(case_id) == CaseStatus.CLOSED and not used.get(case_id)
    )
    return {
        "by_reply": sorted(table.values(), key=lambda r: (-r["suggested_not_used"], r["id"])),
        "cases_with_suggestions": sum(1 for ids in suggested.values() if ids),
        "cases_using_a_reply": len(used),
        "closed_none_used": closed_none_used,
    }
