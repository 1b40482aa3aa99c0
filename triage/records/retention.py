"""Personal data has a retention limit: mail of cases closed longer ago than the configured number
of days is removed, and the case keeps only what the statistics need.

What goes: the mail (raw bytes, text, HTML, headers, addresses, attachments) and the case's
subject and requester. What stays: the question type, mailbox, dates, status, outcome, counts and
the event log, which holds no personal data. Unreadable mail in the quarantine goes after the
same time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, union
from sqlmodel import Session, col, delete, select, update

from triage.db import chunked, insert_ignoring_duplicates
from triage.events import record_event
from triage.models import (
    Attachment,
    Blob,
    Case,
    CaseNote,
    CaseStatus,
    DraftAttachment,
    EventKind,
    Message,
    Quarantine,
    ReplyDraft,
    utcnow,
)
from triage.settings import Settings

REMOVED = "(removed after the retention period)"
_EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256(b"")


@dataclass(frozen=True)
class RetentionReport:
    cases: int
    messages: int
    quarantined: int
    blobs: int


def apply_retention(
    session: Session, settings: Settings, now: datetime | None = None
) -> RetentionReport:
    cutoff = (now or utcnow()) - timedelta(days=settings.retention.closed_case_days)
    cases = session.exec(
        select(Case).where(
            Case.status == CaseStatus.CLOSED,
            col(Case.closed_at) < cutoff,
            or_(
                col(Case.requester_email) != "", col(Case.subject) != REMOVED
            ),  # reopened & closed again
        )
    ).all()
    closed = select(Case.id).where(Case.status == CaseStatus.CLOSED, col(Case.closed_at) < cutoff)
    messages = session.exec(
        select(Message.id).where(
            or_(
                col(Message.from_email) != "",
                col(Message.text) != "",
                col(Message.raw_sha256) != _EMPTY_SHA,
            ),
            or_(
                col(Message.case_id).in_(closed),
                and_(col(Message.case_id).is_(None), col(Message.date) < cutoff),
            ),
        )
    ).all()
    insert_ignoring_duplicates(session, Blob, [{"sha256": _EMPTY_SHA, "size": 0, "data": b""}])
    for chunk in chunked(list(messages)):
        session.execute(delete(Attachment).where(col(Attachment.message_id).in_(chunk)))
        session.execute(
            update(Message)
            .where(col(Message.id).in_(chunk))
            .values(
                subject="",
                from_email="",
                from_name="",
                to="",
                cc="",
                headers="",
                text="",
                html="",
                raw_sha256=_EMPTY_SHA,
                size=0,
            )
        )
    for case in cases:
        case.subject, case.requester_email, case.requester_name = REMOVED, "", ""
        case.type_alternatives = None
        closed_at = case.closed_at.isoformat() if case.closed_at else None
        record_event(
            session, case, EventKind.ANONYMISED, actor="retention", data={"closed_at": closed_at}
        )
    # Notes and unsent drafts are about the requester too; the event log keeps that they existed.
    session.execute(delete(CaseNote).where(col(CaseNote.case_id).in_(closed)))
    session.execute(delete(ReplyDraft).where(col(ReplyDraft.case_id).in_(closed)))
    old = session.exec(select(Quarantine.id).where(col(Quarantine.created_at) < cutoff)).all()
    for chunk in chunked(list(old)):
        session.execute(delete(Quarantine).where(col(Quarantine.id).in_(chunk)))
    session.flush()
    blobs = _delete_unreferenced_blobs(session)
    return RetentionReport(len(cases), len(messages), len(old), blobs)


def _delete_unreferenced_blobs(session: Session) -> int:
    used = union(
        select(Message.raw_sha256),
        select(Attachment.blob_sha256),
        select(Quarantine.raw_sha256),
        select(DraftAttachment.blob_sha256),  # a file on an unsent reply is kept with its draft
    )
    orphans = session.exec(
        select(Blob.sha256).where(col(Blob.sha256).not_in(used), Blob.sha256 != _EMPTY_SHA)
    ).all()
    for chunk in chunked(orphans):
        session.execute(delete(Blob).where(col(Blob.sha256).in_(chunk)))
    return len(orphans)
