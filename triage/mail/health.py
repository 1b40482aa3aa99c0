"""What an admin watches: each mailbox's health (last sync, last error, expiring secrets) and
the mail that could not be read."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from triage.mail.ingest.quarantine import TOO_LARGE
from triage.models import Direction, Mailbox, Message, Quarantine, utcnow
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
    """Each mailbox, configured or once synced, with what an admin needs to know at a glance:
    whether mail arrives (`imap`: ok, failing, not_synced, not_configured) and whether replies
    can go out (`smtp`: configured, or cannot_send without a [mailbox.smtp])."""
    rows = {m.name: m for m in session.exec(select(Mailbox)).all()}
    configured = {m.name: m for m in settings.mailbox} if settings else {}
    last_sent = _last_sent_by_mailbox(session)
    today = utcnow().date()
    health = []
    for name in sorted(rows.keys() | configured.keys()):
        m = rows.get(name) or Mailbox(name=name, address=configured[name].address)
        mb = configured.get(name)
        health.append(
            {
                "name": m.name,
                "address": m.address,
                "last_sync_at": m.last_sync_at,
                "last_success_at": m.last_success_at,
                "last_error": m.last_error,
                "last_error_at": m.last_error_at,
                "auth_failed": m.auth_failed,
                "messages_waiting": m.messages_waiting,
                "token_expires_at": m.token_expires_at,
                "imap": _imap_status(m, mb),
                "smtp": "configured" if mb is not None and mb.smtp is not None else "cannot_send",
                "smtp_server": f"{mb.smtp.host}:{mb.smtp.port}" if mb and mb.smtp else "",
                "last_sent_at": last_sent.get(m.id) if m.id is not None else None,
                "warnings": mailbox_warnings(mb, m, today)
                if mb is not None
                else (["login failing"] if m.auth_failed else []),
            }
        )
    return health


def _imap_status(row: Mailbox, configured: MailboxSettings | None) -> str:
    if configured is None:
        return "not_configured"  # synced once, since taken out of the configuration
    if row.last_sync_at is None:
        return "not_synced"
    # A sync that succeeds clears last_error: one still there is the last sync's.
    return "failing" if row.auth_failed or row.last_error else "ok"


def _last_sent_by_mailbox(session: Session) -> dict[int, datetime]:
    query = (
        select(Message.mailbox_id, func.max(Message.received_at))
        .where(Message.direction == Direction.OUT)
        .group_by(col(Message.mailbox_id))
    )
    return {mailbox_id: at for mailbox_id, at in session.exec(query).all() if at is not None}


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
