"""What an admin watches: each mailbox's health (last sync, last error, expiring secrets) and
the mail that could not be read."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from triage.mail.ingest.quarantine import TOO_LARGE
from triage.models import (
    Case,
    CaseEvent,
    Direction,
    EventKind,
    Mailbox,
    Message,
    Quarantine,
    utcnow,
)
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
    go out (`smtp`: ok once a reply went out, failing when the mail server refused or could not
    be reached since the last reply that did, configured before either, cannot_send without a
    [mailbox.smtp]), with the last send error's code and time."""
    rows = {m.name: m for m in session.exec(select(Mailbox)).all()}
    configured = {m.name: m for m in settings.mailbox} if settings else {}
    last_sent = _last_sent_by_mailbox(session)
    send_errors = _last_send_error_by_mailbox(session)
    today = utcnow().date()
    health = []
    for name in sorted(rows.keys() | configured.keys()):
        m = rows.get(name) or Mailbox(name=name, address=configured[name].address)
        mb = configured.get(name)
        sent_at = last_sent.get(m.id) if m.id is not None else None
        send_error = send_errors.get(m.id) if m.id is not None else None
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
                "smtp": _smtp_status(mb, sent_at, send_error),
                "smtp_server": f"{mb.smtp.host}:{mb.smtp.port}" if mb and mb.smtp else "",
                "last_sent_at": sent_at,
                "last_send_error": send_error[1] if send_error else None,
                "last_send_error_at": send_error[0] if send_error else None,
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


def _smtp_status(
    configured: MailboxSettings | None,
    sent_at: datetime | None,
    send_error: tuple[datetime, str] | None,
) -> str:
    if configured is None or configured.smtp is None:
        return "cannot_send"
    if send_error is not None and (sent_at is None or _naive(send_error[0]) > _naive(sent_at)):
        return "failing"
    return "ok" if sent_at is not None else "configured"


def _naive(at: datetime) -> datetime:
    """SQLite gives back naive UTC, PostgreSQL aware: compare them as naive UTC."""
    return at if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)


# mail/failures.py's reasons that are the mail server's (refused, unreachable, TLS): not an
# officer's bad CC or oversized file, nor a mailbox without SMTP (that is "cannot_send").
SERVER_ERRORS = (
    "smtp_login_refused",
    "smtp_refused",
    "smtp_unsupported",
    "tls_untrusted",
    "tls_failed",
    "smtp_timeout",
    "smtp_disconnected",
    "smtp_unreachable",
)


def _last_send_error_by_mailbox(session: Session) -> dict[int, tuple[datetime, str]]:
    """The latest reply or forward per mailbox that the mail server refused or could not take:
    (when, reason code). An officer's bad CC or oversized file is not the mailbox's health."""
    query = (
        select(Case.mailbox_id, CaseEvent.at, CaseEvent.new_value)
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(CaseEvent.kind == EventKind.REPLY_FAILED)
        .where(col(CaseEvent.new_value).in_(SERVER_ERRORS))
        .order_by(col(CaseEvent.at).desc())
    )
    latest: dict[int, tuple[datetime, str]] = {}
    for mailbox_id, at, code in session.exec(query):
        if mailbox_id not in latest and code:
            latest[mailbox_id] = (at, code)
    return latest


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
