"""The reply service: an officer's reply composed, sent from the case's function mailbox, filed
on the case with the officer as the actor, and the case claimed by whoever answered it.

Nothing an officer writes is lost: a draft holds the text, the CC and the attached files, and a
send that fails for any reason keeps all three, says why (a code the page translates, see
mail/failures.py) and puts the attempt on the case's history (EventKind.REPLY_FAILED).

Composing lives in reply_mail.py (Markdown to text and HTML, signature, files), transport in the
mail layer (mail/smtp.py sends, mail/sentcopy.py keeps the Sent copy). The sent bytes go through
the normal ingestion, so a reply is stored, threaded and counted exactly like an office reply
found by a sync, with both its parts and its attachments (the same blobs as the draft's).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from email.message import EmailMessage

from sqlmodel import Session, col

from triage.cases.reply_address import answer_address, latest_received
from triage.cases.reply_attachments import (
    CheckedFile,
    ReplyAttachment,
    attach,
    check_file,
    check_together,
    detach_all,
    files_of,
)
from triage.cases.reply_drafts import (
    DraftView,
    SendFailure,
    add_attachment,
    default_subject,
    draft_for,
    draft_view,
    record_failure,
    remove_attachment,
    save_draft,
    with_case_tag,
)
from triage.cases.reply_mail import Recipient, compose, mail_language
from triage.cases.service import claim_case
from triage.cases.standard_replies import record_reply_use
from triage.errors import ConfigError, Conflict, MissingInput, NotFound, TriageError
from triage.mail.failures import NotConfigured, RefusedInput
from triage.mail.ingest.incoming import SENT_BY_US
from triage.mail.ingest.store import Ingestor
from triage.mail.reply_headers import parse_addresses, thread_headers
from triage.mail.sentcopy import append_to_sent
from triage.mail.smtp import send_mail
from triage.models import (
    Case,
    Mailbox,
    Message,
    User,
    utcnow,
)
from triage.settings import MailboxSettings, Settings

__all__ = [  # the drafts' functions too: the case page uses both from here
    "DraftView",
    "ReplyAttachment",
    "SendFailure",
    "SentReply",
    "add_attachment",
    "default_subject",
    "draft_for",
    "draft_view",
    "remove_attachment",
    "save_draft",
    "send_reply",
    "sender_of",
]

log = logging.getLogger(__name__)

_MAX_REFERENCES = 20  # the first id and the latest ones, as RFC 5322 suggests for long threads


@dataclass(frozen=True)
class SentReply:
    """A reply that went out: its stored Message row, its Message-ID, and the Sent-folder copy."""

    message_id: int
    header_message_id: str
    appended: bool  # a copy is in the mailbox's sent_folder
    append_error: str = ""  # why not, when a sent_folder is configured
    to: str = ""  # the address it went to (the requester's, or their mail's Reply-To)


@dataclass(frozen=True)
class _Attempt:
    """What the officer tried to send: kept as the draft when it fails."""

    subject: str
    body: str
    reply_id: str | None
    reply_language: str | None
    cc: str
    uploads: Sequence[ReplyAttachment]


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
    cc: str | Sequence[str] | None = None,
    attachments: Sequence[ReplyAttachment] = (),
) -> SentReply:
    """Send `body` (Markdown) to the case's requester from the case's mailbox, signed in the
    reply's language, with the draft's files plus `attachments` and CC to `cc` (a string as
    typed, or addresses; None: the draft's CC); file it on the case and remove the draft.

    Only an empty body is refused outright (MissingInput; there is no text to keep). Any other
    failure before the mail is out — no [mailbox.smtp] (NotConfigured, a ConfigError), a bad CC,
    file or address (RefusedInput, an InvalidInput), a mail server that cannot be reached or
    refuses (SendFailed, a MailboxError), even a bug (TriageError, code "unexpected") — keeps
    the draft with the text, the CC and every file that passes the checks, records a
    REPLY_FAILED event with the reason's code and parameters, and is then raised: the caller
    catches TriageError and still commits. `reason_of(error)` gives the code and parameters.
    Nothing is written before the mail is out, so no database write lock is held while we wait
    for a mail server.
    """
    if not body.strip():
        raise MissingInput("the reply is empty: write a message before sending it")
    draft = draft_for(session, case, user)
    cc_text = (draft.cc if draft else "") if cc is None else _cc_text(cc)
    attempt = _Attempt(subject, body, reply_id, reply_language, cc_text, attachments)
    try:
        mailbox, mb = _sender(session, settings, case)
        to = answer_address(session, settings, case).recipient
        copies = [
            a
            for a in parse_addresses(cc_text, "cc", settings.replies.max_cc)
            if a.lower() != to.address.lower()
        ]
        files = [*files_of(session, draft), *(check_file(settings.replies, a) for a in attachments)]
        check_together(settings.replies, files)
        language = mail_language(reply_language, case.language)
        msg = _build(session, settings, case, user, mb, to, subject, body, copies, files, language)
        raw = msg.as_bytes()
        assert mb.smtp is not None  # _sender refuses a mailbox without one
        send_mail(mb.smtp, mb, raw, [to.address, *copies], settings.sync.timeout_s)
    except Exception as exc:
        error = _keep_failed(session, settings, case, user, attempt, exc)
        if error is exc:
            raise
        raise error from exc
    append_error = append_to_sent(mb, raw, settings.sync.timeout_s)
    message_id = _file_on_case(session, settings, mailbox, case, user, raw)
    for used in dict.fromkeys((reply_id or "").split()):  # a second reply added: both count
        record_reply_use(session, case, used, mail_language(reply_language, case.language), user)
    if (sent_draft := draft_for(session, case, user)) is not None:
        detach_all(session, sent_draft)
        session.delete(sent_draft)
    if case.assignee_id is None:
        # Whoever answers an unassigned case has it now; should a colleague have taken it
        # meanwhile, the mail is out all the same and the case stays theirs.
        with suppress(Conflict):
            claim_case(session, case, user)
    appended = bool(mb.sent_folder) and not append_error
    return SentReply(message_id, str(msg["Message-ID"]), appended, append_error, to.address)


def _cc_text(cc: str | Sequence[str]) -> str:
    return cc if isinstance(cc, str) else ", ".join(cc)


def _keep_failed(
    session: Session,
    settings: Settings,
    case: Case,
    user: User,
    attempt: _Attempt,
    exc: Exception,
) -> TriageError:
    """Keep what the officer tried to send as the draft, and the attempt on the history."""
    error = exc if isinstance(exc, TriageError) else _unexpected(case, exc)
    draft = save_draft(
        session,
        case,
        user,
        attempt.subject,
        attempt.body,
        attempt.reply_id,
        attempt.reply_language,
        attempt.cc,
    )
    refused = []
    for upload in attempt.uploads:
        try:
            attach(session, settings.replies, draft, upload)
        except RefusedInput:  # too big or the wrong type: the reason says which
            refused.append(upload.filename)
    draft.last_error, draft.last_error_at = str(error), utcnow()
    record_failure(session, case, user, "reply", error, files_refused=refused)
    session.flush()
    log.warning("the reply on case %s was not sent: %s", case.id, error)
    return error


def _unexpected(case: Case, exc: Exception) -> TriageError:
    """A failure nobody foresaw: logged in full for us, said in one line to the officer."""
    log.error("building or sending the reply on case %s failed", case.id, exc_info=exc)
    return TriageError(f"the reply could not be sent ({type(exc).__name__}: {exc})")


def sender_of(session: Session, settings: Settings, case: Case) -> tuple[Mailbox, MailboxSettings]:
    """The case's mailbox and its settings; NotConfigured when it cannot send."""
    mailbox = session.get(Mailbox, case.mailbox_id)
    if mailbox is None:
        raise NotFound(f"the mailbox of case {case.id} does not exist")
    try:
        mb = settings.mailbox_named(mailbox.name)
    except ConfigError as exc:  # mail imported from files into a mailbox not configured
        raise NotConfigured(
            f"{exc}: configure mailbox {mailbox.name!r} with a [mailbox.smtp] table to send",
            "smtp_not_configured",
            {"mailbox": mailbox.name},
        ) from exc
    if mb.smtp is None:
        raise NotConfigured(
            f"mailbox {mb.name!r} has no SMTP settings: add a [mailbox.smtp] table for it "
            "to send replies",
            "smtp_not_configured",
            {"mailbox": mb.name},
        )
    return mailbox, mb


def _sender(session: Session, settings: Settings, case: Case) -> tuple[Mailbox, MailboxSettings]:
    mailbox, mb = sender_of(session, settings, case)
    if not case.requester_email:
        text = f"case {case.id} has no requester address to reply to"
        raise RefusedInput(text, "no_requester_address", {"case": str(case.id)})
    return mailbox, mb


def _build(
    session: Session,
    settings: Settings,
    case: Case,
    user: User,
    mb: MailboxSettings,
    to: Recipient,
    subject: str,
    body: str,
    cc: Sequence[str],
    files: Sequence[CheckedFile],
    language: str,
) -> EmailMessage:
    """The reply as it will be sent: threaded under the requester's latest mail."""
    wanted = with_case_tag(subject, case) if subject.strip() else default_subject(case)
    headers: dict[str, str] = {}
    parent = _latest_question(session, case)
    if parent is not None:
        headers |= thread_headers(parent.message_id, parent.references, _MAX_REFERENCES)
    headers["X-Mailtriage-Case"] = str(case.id)
    return compose(
        settings,
        mb,
        user,
        to=to,
        cc=cc,
        subject=wanted,
        markdown=body,
        language=language,
        files=files,
        headers=headers,
    )


def _latest_question(session: Session, case: Case) -> Message | None:
    """The requester's latest own mail (not an auto-reply): what the reply answers."""
    return latest_received(session, case, col(Message.message_id) != "")


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
