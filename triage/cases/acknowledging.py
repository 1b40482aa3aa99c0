"""Acknowledging new questions: when a sync opens a case from a person's question, the asker
gets an automatic acknowledgement (acknowledgement_mail.py), if the mailbox has it turned on
(`[mailbox.acknowledge]`).

Loop-safe as RFC 3834 asks: never to automatic mail, lists, machines or the office itself
(mail/autoresponse.py), never for a follow-up, at most one a sender a day (counted from the
event log, so a restart changes nothing), never for a backlog. Every mail of an acknowledging
mailbox that a sync files on a case gets its decision logged there (ACK_SENT, ACK_SKIPPED with
the reason, ACK_FAILED with the send error).

It runs after the sync has committed the mail: a mail server that is down or refuses costs an
ACK_FAILED event, never a stored mail; once the server is found unreachable the rest of the run
is not tried (each try could wait the whole timeout). The acknowledgement goes out with the
function address as the envelope sender, not RFC 3834's empty one: submission servers such as
Microsoft 365 refuse that, and a bounce of it comes back as a bounce, which is never answered.
Sent, it is copied to the Sent folder and filed on the case like a reply, as an automatic mail:
it is no first response and changes no status.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from triage.cases.acknowledgement_mail import build_acknowledgement, faq_answers
from triage.cases.reply_mail import mail_language
from triage.db import transaction
from triage.errors import ConfigError
from triage.events import record_event
from triage.mail.autoresponse import Refusal, read_headers, response_refusal
from triage.mail.failures import NotSent, reason_of
from triage.mail.ingest.incoming import SENT_BY_US, IngestResult, IngestStatus
from triage.mail.ingest.store import Ingestor
from triage.mail.ingest.sync import SyncReport
from triage.mail.sentcopy import append_to_sent
from triage.mail.smtp import send_mail
from triage.models import Case, CaseEvent, Direction, EventKind, Mailbox, Message, utcnow
from triage.settings import MailboxSettings, Settings

log = logging.getLogger(__name__)

_ACTOR = "system"
# Failures that say the server, not this recipient, is the trouble: the run stops trying.
_SERVER_DOWN = {
    "smtp_unreachable",
    "smtp_timeout",
    "smtp_disconnected",
    "smtp_login_refused",
    "tls_untrusted",
    "tls_failed",
}


@dataclass
class AckReport:
    """What the acknowledgements of one mailbox's sync did."""

    mailbox: str = ""
    enabled: bool = False
    sent: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass(frozen=True)
class _Ready:
    """An acknowledgement allowed and built, about to go out."""

    case_id: int
    mailbox_id: int
    to: str
    raw: bytes
    details: dict[str, Any] = field(default_factory=dict)


def acknowledge_synced(engine: Engine, settings: Settings, report: SyncReport) -> AckReport:
    """Acknowledge the new questions `report`'s sync stored, and log the decision for every
    other mail it filed on a case. Never raises: ingestion is done and stays done."""
    done = AckReport(report.mailbox)
    try:
        mb = settings.mailbox_named(report.mailbox)
    except ConfigError:
        return done
    done.enabled = mb.acknowledge.enabled
    if not done.enabled:
        return done
    down: NotSent | None = None
    for stored in report.results:
        if stored.status != IngestStatus.STORED or stored.case_id is None:
            continue
        try:
            outcome, down = _acknowledge(engine, settings, mb, stored, down)
        except Exception as exc:  # a bug must not cost the other acknowledgements
            log.exception("acknowledging case %s failed", stored.case_id)
            outcome = _failed_unexpectedly(engine, stored.case_id, exc)
        if outcome:
            setattr(done, outcome, getattr(done, outcome) + 1)
    return done


def was_acknowledged(session: Session, case: Case) -> bool:
    """Whether an acknowledgement went out on `case` (its outcome may then say it answered)."""
    found = session.exec(
        select(CaseEvent.id)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.ACK_SENT)
        .limit(1)
    ).first()
    return found is not None


def _acknowledge(
    engine: Engine,
    settings: Settings,
    mb: MailboxSettings,
    stored: IngestResult,
    down: NotSent | None,
) -> tuple[str, NotSent | None]:
    """Decide, send and log for one stored mail: ("sent" | "skipped" | "failed" | "", down)."""
    with transaction(engine) as session:
        ready = _prepare(session, settings, mb, stored, down)
    if not isinstance(ready, _Ready):
        return ready, down
    assert mb.smtp is not None  # the settings refuse acknowledgements without SMTP
    try:
        send_mail(mb.smtp, mb, ready.raw, ready.to, settings.sync.timeout_s)
    except NotSent as exc:
        log.warning("the acknowledgement on case %s was not sent: %s", ready.case_id, exc)
        with transaction(engine) as session:
            _log(session, ready.case_id, EventKind.ACK_FAILED, _failure(exc, tried=True))
        return "failed", exc if exc.code in _SERVER_DOWN else down
    copy_error = append_to_sent(mb, ready.raw, settings.sync.timeout_s)
    with transaction(engine) as session:
        _file_sent(session, settings, ready, copy_error)
    return "sent", down


def _prepare(
    session: Session,
    settings: Settings,
    mb: MailboxSettings,
    stored: IngestResult,
    down: NotSent | None,
) -> _Ready | str:
    case = session.get(Case, stored.case_id)
    message = session.get(Message, stored.message_id) if stored.message_id else None
    if case is None or case.id is None or message is None or message.direction != Direction.IN:
        return ""  # the office's own mail: nothing to decide
    refusal = _refusal(session, settings, mb, case, message, stored.new_case)
    if refusal is not None:
        reason = {"reason": refusal.code, "detail": refusal.detail}
        _log(session, case.id, EventKind.ACK_SKIPPED, reason, new=refusal.code, message=message)
        return "skipped"
    if down is not None:  # the server failed a moment ago: not tried again in this run
        _log(session, case.id, EventKind.ACK_FAILED, _failure(down, tried=False))
        return "failed"
    language = mail_language(case.language)
    confident = (case.type_confidence or 0.0) >= mb.acknowledge.min_confidence
    answers = faq_answers(session, settings, case, message, language) if confident else []
    try:
        mail = build_acknowledgement(settings, mb, case, message, language, answers)
    except NotSent as exc:
        _log(session, case.id, EventKind.ACK_FAILED, _failure(exc, tried=False))
        return "failed"
    details: dict[str, Any] = {
        "to": case.requester_email,
        "language": language,
        "question_type": case.question_type,
        "confidence": case.type_confidence,
        "min_confidence": mb.acknowledge.min_confidence,
        "answers": [a.reply_id for a in answers],
    }
    return _Ready(case.id, case.mailbox_id, case.requester_email, mail.as_bytes(), details)


def _refusal(
    session: Session,
    settings: Settings,
    mb: MailboxSettings,
    case: Case,
    message: Message,
    new_case: bool,
) -> Refusal | None:
    """Why this mail gets no acknowledgement; None when it gets one."""
    if not new_case:
        if message.is_auto_reply:
            return Refusal("automatic", message.auto_reply_reason)
        return Refusal("follow_up")
    found = response_refusal(
        read_headers(message.headers),
        message.from_email,
        message.subject,
        office_addresses=settings.office_addresses,
        internal_domains=settings.internal_domains,
    )
    if found is not None:
        return found
    received = case.received_at
    if received.tzinfo is None:
        received = received.replace(tzinfo=UTC)
    if received < utcnow() - timedelta(hours=mb.acknowledge.max_age_hours):
        return Refusal("too_old", str(mb.acknowledge.max_age_hours))
    if _sent_today(session, settings, case.requester_email):
        return Refusal("daily_limit", case.requester_email.lower())
    return None


def _sent_today(session: Session, settings: Settings, address: str) -> bool:
    """Whether `address` got an acknowledgement today (the office's day), in any mailbox."""
    zone = ZoneInfo(settings.timezone)
    start = datetime.combine(settings.today(), time(0), zone).astimezone(UTC)
    found = session.exec(
        select(CaseEvent.id)
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(
            CaseEvent.kind == EventKind.ACK_SENT,
            col(CaseEvent.at) >= start,
            func.lower(Case.requester_email) == address.lower(),
        )
        .limit(1)
    ).first()
    return found is not None


def _file_sent(session: Session, settings: Settings, ready: _Ready, copy_error: str) -> None:
    """Store the sent acknowledgement on its case, as a reply is, and log that it went out."""
    mailbox = session.get(Mailbox, ready.mailbox_id)
    assert mailbox is not None
    ingestor = Ingestor.for_settings(session, settings, classifier=None)
    filed = ingestor.ingest(ready.raw, mailbox, SENT_BY_US, delivered_at=utcnow())
    details = {**ready.details, "sent_copy_error": copy_error}
    _log(
        session,
        ready.case_id,
        EventKind.ACK_SENT,
        details,
        new=ready.to,
        message_id=filed.message_id,
    )


def _failure(error: BaseException, *, tried: bool) -> dict[str, Any]:
    code, params = reason_of(error)
    return {"code": code, "params": params, "message": str(error), "tried": tried}


def _failed_unexpectedly(engine: Engine, case_id: int, error: Exception) -> str:
    try:
        with transaction(engine) as session:
            _log(session, case_id, EventKind.ACK_FAILED, _failure(error, tried=False))
    except Exception:
        log.exception("the failed acknowledgement on case %s could not be logged", case_id)
    return "failed"


def _log(
    session: Session,
    case_id: int,
    kind: EventKind,
    details: dict[str, Any],
    *,
    new: str | None = None,
    message: Message | None = None,
    message_id: int | None = None,
) -> None:
    case = session.get(Case, case_id)
    assert case is not None
    new = new if new is not None else details.get("code")
    message_id = message.id if message is not None else message_id
    record_event(session, case, kind, actor=_ACTOR, new=new, message_id=message_id, data=details)
