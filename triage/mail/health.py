"""What an admin watches: each mailbox's health (last sync, last error, expiring secrets) and
the mail that could not be read."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from triage.mail.ingest.quarantine import TOO_LARGE
from triage.models import Mailbox, Quarantine, utcnow
from triage.settings import MailboxSettings, Settings


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
            "last_sync_at": m.last_sync_at,
            "last_success_at": m.last_success_at,
            "last_error": m.last_error,
            "auth_failed": m.auth_failed,
            "messages_waiting": m.messages_waiting,
            "token_expires_at": m.token_expires_at,
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
            "created_at": q.created_at,
            "resolved": q.resolved_at is not None,
            "too_large": q.error.startswith(TOO_LARGE),  # only headers kept: no re-run here
        }
        for q, name in rows
    ]


def mailbox_names(session: Session) -> list[str]:
    return list(session.exec(select(Mailbox.name).order_by(col(Mailbox.name))).all())
