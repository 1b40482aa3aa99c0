"""Reading cases for the queue and mailbox health for admins (the web layer only renders these)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from triage.models import Case, Mailbox, Quarantine, utcnow
from triage.settings import MailboxSettings, Settings


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


def mailbox_warnings(mb: MailboxSettings, row: Mailbox, today: date) -> list[str]:
    """What an admin should act on before mail stops arriving."""
    warnings = []
    if row.auth_failed:
        warnings.append(f"login failing: {row.last_error}")
    oauth = mb.oauth
    if oauth and oauth.client_secret_expires:
        days = (oauth.client_secret_expires - today).days
        if days <= oauth.warn_secret_days:
            when = "has expired" if days < 0 else f"expires in {days} days"
            warnings.append(f"the app's client secret {when} ({oauth.client_secret_expires})")
    if row.token_expires_at and oauth:
        left = (row.token_expires_at - utcnow()).total_seconds()
        if left < oauth.warn_expiry_s and row.last_error:
            warnings.append("the access token is about to expire and could not be renewed")
    return warnings


def mailbox_health(session: Session, settings: Settings | None = None) -> list[dict[str, Any]]:
    rows = session.exec(select(Mailbox).order_by(col(Mailbox.name))).all()
    configured = {m.name: m for m in settings.mailbox} if settings else {}
    today = utcnow().date()
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
            "warnings": mailbox_warnings(configured[m.name], m, today)
            if m.name in configured
            else (["login failing"] if m.auth_failed else []),
        }
        for m in rows
    ]


def quarantined(session: Session, limit: int = 500) -> list[dict[str, Any]]:
    """Mail that could not be read, newest first, with the reason (for admins)."""
    rows = session.exec(
        select(Quarantine, Mailbox.name)
        .join(Mailbox, col(Mailbox.id) == col(Quarantine.mailbox_id), isouter=True)
        .order_by(col(Quarantine.id).desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": q.id,
            "mailbox": name,
            "source": q.source,
            "error": q.error,
            "size": q.size,
            "created_at": q.created_at.isoformat(),
            "resolved": q.resolved_at is not None,
        }
        for q, name in rows
    ]
