"""Reading cases for the queue and mailbox health for admins (the web layer only renders these)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from triage.models import Case, Mailbox


def case_rows(
    session: Session, *, limit: int = 100, status: str | None = None
) -> list[dict[str, Any]]:
    """Newest cases first, as plain values ready to render or serialise."""
    query = select(Case).order_by(col(Case.received_at).desc(), col(Case.id).desc()).limit(limit)
    if status:
        query = query.where(Case.status == status)
    return [
        {
            "id": c.id,
            "subject": c.subject,
            "requester_email": c.requester_email,
            "requester_name": c.requester_name,
            "status": c.status,
            "question_type": c.question_type,
            "confidence": c.type_confidence,
            "needs_review": c.needs_review,
            "language": c.language,
            "received_at": c.received_at.isoformat(),
            "message_count": c.message_count,
        }
        for c in session.exec(query)
    ]


def mailbox_health(session: Session) -> list[dict[str, Any]]:
    rows = session.exec(select(Mailbox).order_by(col(Mailbox.name))).all()
    return [
        {
            "name": m.name,
            "address": m.address,
            "last_sync_at": m.last_sync_at.isoformat() if m.last_sync_at else None,
            "last_success_at": m.last_success_at.isoformat() if m.last_success_at else None,
            "last_error": m.last_error,
            "auth_failed": m.auth_failed,
            "messages_waiting": m.messages_waiting,
            "token_expires_at": m.token_expires_at.isoformat() if m.token_expires_at else None,
        }
        for m in rows
    ]
