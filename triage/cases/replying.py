"""The reply service: an officer's reply composed, sent from the case's function mailbox, filed
on the case with the officer as the actor, and the case claimed by whoever answered it.

Transport lives in the mail layer (mail/smtp.py sends, mail/sentcopy.py keeps the Sent copy).
The sent bytes go through the normal ingestion, so a reply is stored, threaded and counted
exactly like an office reply found by a sync.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from classifiers.text import strip_reply_prefixes
from triage.cases.service import claim_case
from triage.cases.standard_replies import record_reply_use
from triage.errors import ConfigError, InvalidInput, MissingInput, NotFound, TriageError
from triage.mail.ingest.incoming import SENT_BY_US
from triage.mail.ingest.store import Ingestor
from triage.mail.reply_headers import one_line, thread_headers
from triage.mail.sentcopy import append_to_sent
from triage.mail.smtp import send_mail
from triage.mail.threads import case_tag
from triage.models import (
    Case,
    Direction,
    Mailbox,
    Message,
    ReplyDraft,
    User,
    utcnow,
)
from triage.settings import MailboxSettings, Settings

log = logging.getLogger(__name__)

_MAX_REFERENCES = 20  # the first id and the latest ones, as RFC 5322 suggests for long threads


@dataclass(frozen=True)
class SentReply:
    """A reply that went out: its stored Message row, its Message-ID, and the Sent-folder copy."""

    message_id: int
    header_message_id: str
    appended: bool  # a copy is in the mailbox's sent_folder
    append_error: str = ""  # why not, when a sent_folder is configured


def default_subject(case: Case) -> str:
    """The reply's subject: "Re: <case subject> [#id]", with one "Re:" whatever prefixes the
    requester's mail program wrote (the same rule as the classifier's)."""
    rest = strip_reply_prefixes(one_line(case.subject))
    return _with_tag(f"Re: {rest}", case)


def _with_tag(subject: str, case: Case) -> str:
    subject = one_line(subject)  # a header value may not span lines
    tag = case_tag(case.id or 0)
    return subject if tag in subject else f"{subject} {tag}".strip()


def draft_for(session: Session, case: Case, user: User) -> ReplyDraft | None:
    return session.exec(
        select(ReplyDraft).where(ReplyDraft.case_id == case.id, ReplyDraft.user_id == user.id)
    ).first()


def save_draft(
    session: Session,
    case: Case,
    user: User,
    subject: str,
    body: str,
    reply_id: str | None = None,
    reply_language: str | None = None,
) -> ReplyDraft:
    """Create or update `user`'s draft reply on `case` (one per officer and case)."""
    assert case.id is not None
    assert user.id is not None
    draft = draft_for(session, case, user) or ReplyDraft(case_id=case.id, user_id=user.id)
    draft.subject, draft.body = subject, body
    draft.reply_id, draft.reply_language = reply_id, reply_language
    draft.updated_at = utcnow()
    session.add(draft)
    session.flush()
    return draft


def send_reply(
    session: Session,
    settings: Settings,
    case: Case,
    user: User,
    subject: str,
    body: str,
    *,
    reply_id: str | None = None,
    reply_language: str | None = None,
) -> SentReply:
    """Send `body` to the case's requester from the case's mailbox, file it on the case and
    remove the officer's draft.

    Only an empty body is refused outright (MissingInput; there is no text to keep). Any other
    failure before the mail is out — no [mailbox.smtp] (ConfigError), an unusable address
    (InvalidInput), a mail server that cannot be reached or refuses (MailboxError), even a bug
    while building the mail (TriageError) — saves the officer's text as a draft with the reason
    in `last_error` (added to `session` and flushed) before it is raised: the caller catches
    TriageError and still commits, so the text survives. Nothing else is written before the
    mail is out, so no database write lock is held while we wait for a mail server.
    """
    if not body.strip():
        raise MissingInput("the reply is empty: write a message before sending it")
    try:
        mailbox, mb, msg = _prepare(session, settings, case, subject, body)
        raw = msg.as_bytes()
        assert mb.smtp is not None  # _prepare refuses a mailbox without one
        send_mail(mb.smtp, mb, raw, case.requester_email, settings.sync.timeout_s)
    except Exception as exc:
        error = exc if isinstance(exc, TriageError) else _unexpected(case, exc)
        draft = save_draft(session, case, user, subject, body, reply_id, reply_language)
        draft.last_error, draft.last_error_at = str(error), utcnow()
        session.flush()
        log.warning("the reply on case %s was not sent: %s", case.id, error)
        if error is exc:
            raise
        raise error from exc
    append_error = append_to_sent(mb, raw, settings.sync.timeout_s)
    message_id = _file_on_case(session, settings, mailbox, case, user, raw)
    if reply_id:
        language = reply_language or case.language or "en"
        record_reply_use(session, case, reply_id, language, user)
    if (sent_draft := draft_for(session, case, user)) is not None:
        session.delete(sent_draft)
    if case.assignee_id is None:
        claim_case(session, case, user)  # whoever answers an unassigned case has it now
    appended = bool(mb.sent_folder) and not append_error
    return SentReply(message_id, str(msg["Message-ID"]), appended, append_error)


def _unexpected(case: Case, exc: Exception) -> TriageError:
    """A failure nobody foresaw: logged in full for us, said in one line to the officer."""
    log.error("building or sending the reply on case %s failed", case.id, exc_info=exc)
    return TriageError(f"the reply could not be sent ({type(exc).__name__}: {exc})")


def _prepare(
    session: Session, settings: Settings, case: Case, subject: str, body: str
) -> tuple[Mailbox, MailboxSettings, EmailMessage]:
    mailbox = session.get(Mailbox, case.mailbox_id)
    if mailbox is None:
        raise NotFound(f"the mailbox of case {case.id} does not exist")
    mb = settings.mailbox_named(mailbox.name)
    if mb.smtp is None:
        raise ConfigError(
            f"mailbox {mb.name!r} has no SMTP settings: add a [mailbox.smtp] table for it "
            "to send replies"
        )
    if not case.requester_email:
        raise InvalidInput(f"case {case.id} has no requester address to reply to")
    wanted = _with_tag(subject, case) if subject.strip() else default_subject(case)
    return mailbox, mb, _build(session, settings, case, mb, wanted, body)


def _build(
    session: Session, settings: Settings, case: Case, mb: MailboxSettings, subject: str, body: str
) -> EmailMessage:
    """The reply as it will be sent. Every stored value that goes into a header is cleaned
    first: older databases hold ids and names with CR/LF from hostile mail."""
    msg = EmailMessage(policy=SMTP)  # CRLF: the bytes we send are the bytes we store
    try:
        msg["From"] = Address(one_line(settings.office.get("name", "")), addr_spec=mb.address)
        msg["To"] = Address(one_line(case.requester_name), addr_spec=case.requester_email)
    except (HeaderParseError, ValueError, IndexError) as exc:
        raise InvalidInput(f"cannot address the reply on case {case.id}: {exc}") from None
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(ZoneInfo(settings.timezone)))
    msg["Message-ID"] = make_msgid(domain=mb.address.rpartition("@")[2])
    parent = _latest_question(session, case)
    if parent is not None:
        threading = thread_headers(parent.message_id, parent.references, _MAX_REFERENCES)
        for name, value in threading.items():
            msg[name] = value
    msg["X-Mailtriage-Case"] = str(case.id)
    # Quoted-printable keeps the mail 7-bit, so no server needs 8BITMIME to relay it.
    msg.set_content(body, charset="utf-8", cte="quoted-printable")
    return msg


def _latest_question(session: Session, case: Case) -> Message | None:
    """The requester's latest own mail (not an auto-reply): what the reply answers."""
    return session.exec(
        select(Message)
        .where(
            Message.case_id == case.id,
            Message.direction == Direction.IN,
            col(Message.is_auto_reply).is_(False),
            Message.message_id != "",
        )
        .order_by(col(Message.date).desc(), col(Message.id).desc())
        .limit(1)
    ).first()


def _file_on_case(
    session: Session, settings: Settings, mailbox: Mailbox, case: Case, user: User, raw: bytes
) -> int:
    """Store the sent mail as ingestion stores any office reply, with the officer as the actor
    of the events it writes."""
    ingestor = Ingestor.for_settings(session, settings, classifier=None)
    result = ingestor.ingest(raw, mailbox, SENT_BY_US, delivered_at=utcnow(), actor=user)
    # A mail we just built always parses, and its fresh Message-ID is never a duplicate.
    assert result.message_id is not None, result
    if result.case_id != case.id:
        log.warning("the reply on case %s was filed on case %s", case.id, result.case_id)
    return result.message_id
