"""Forwarding a case to someone better placed to answer it (Infocenter, a department): one mail
with the officer's note on top and the whole thread quoted below it, the thread's files
attached, and the referral recorded as the case's outcome.

The thread is quoted, not attached as message/rfc822: every mail program shows quoted text, it
stays 7-bit (original mail may be 8-bit, which message/rfc822 may not re-encode), and the
recipient reads exactly the text the officer saw. The requester's files are attached as files.

A forward is not a reply to the requester: it is not filed on the case as an office message and
not put in the Sent folder (a sync would count it as the office's answer). The history has it as
a FORWARDED event with the recipient and the note; a failed forward is a REPLY_FAILED event
that keeps the note.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from classifiers.text import strip_reply_prefixes
from triage.cases.reply_attachments import (
    CheckedFile,
    ReplyAttachment,
    check_file,
    check_together,
)
from triage.cases.reply_drafts import record_failure
from triage.cases.reply_mail import (
    OFFICE_LANGUAGE,
    Recipient,
    attach_file,
    compose,
    mail_language,
)
from triage.cases.replying import sender_of
from triage.cases.service import close_case
from triage.errors import TriageError
from triage.events import record_event
from triage.mail.failures import RefusedInput
from triage.mail.reply_headers import one_line, parse_addresses
from triage.mail.smtp import send_mail
from triage.mail.threads import case_tag
from triage.models import (
    Attachment,
    Blob,
    Case,
    CaseStatus,
    EventKind,
    Message,
    Outcome,
    User,
)
from triage.settings import Settings

log = logging.getLogger(__name__)

FORWARD_OUTCOMES = (
    Outcome.FORWARDED,
    Outcome.REFERRED_INFOCENTER,
    Outcome.REFERRED_MIGRATIONSVERKET,
    Outcome.REFERRED_DEPARTMENT,
)
_LABELS = {
    "sv": {"case": "Vidarebefordrat ärende", "from": "Från", "date": "Datum", "subject": "Ämne"},
    "en": {"case": "Forwarded case", "from": "From", "date": "Date", "subject": "Subject"},
}
_LEFT_OUT = {
    "sv": "Bifogas inte (för stora tillsammans):",
    "en": "Not attached (too large together):",
}
_MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]()#+-.!|~<>=:\"'&")


@dataclass(frozen=True)
class Forwarded:
    """A forward that went out: to whom, its Message-ID, and the thread's files left out."""

    to: str
    header_message_id: str
    messages: int
    left_out: list[str]


def forward_case(
    session: Session,
    settings: Settings,
    case: Case,
    to: str,
    note: str,
    user: User,
    *,
    outcome: str = Outcome.FORWARDED,
    close: bool = True,
    attachments: Sequence[ReplyAttachment] = (),
) -> Forwarded:
    """Send the case's thread to `to` from the case's mailbox with `note` (Markdown) on top,
    signed in the officer's language; record a FORWARDED event and, with `close`, close the
    case with `outcome` (forwarded or one of the referred_* outcomes; a closed case keeps its
    outcome). `attachments` are extra files of the officer's.

    Fails like send_reply (RefusedInput, NotConfigured, SendFailed; see mail/failures.py): the
    attempt and the note are then on the history (REPLY_FAILED) and the error is raised for the
    caller to show, after committing."""
    if outcome not in FORWARD_OUTCOMES:
        allowed = ", ".join(FORWARD_OUTCOMES)
        raise RefusedInput(f"a forward's outcome is one of {allowed}", "outcome_invalid")
    try:
        address, msg, messages, left_out = _prepare(
            session, settings, case, to, note, user, attachments
        )
        _, mb = sender_of(session, settings, case)
        assert mb.smtp is not None  # sender_of refuses a mailbox without one
        send_mail(mb.smtp, mb, msg.as_bytes(), [address], settings.sync.timeout_s)
    except Exception as exc:
        error = exc if isinstance(exc, TriageError) else TriageError(f"not forwarded ({exc})")
        record_failure(session, case, user, "forward", error, to=one_line(to), note=note)
        session.flush()
        log.warning("case %s was not forwarded: %s", case.id, error)
        if error is exc:
            raise
        raise error from exc
    header_id = str(msg["Message-ID"])
    details = {"note": note, "message_id": header_id, "messages": messages, "outcome": outcome}
    record_event(
        session,
        case,
        EventKind.FORWARDED,
        actor=user.username,
        actor_id=user.id,
        new=address,
        data=details | {"left_out": left_out},
    )
    if close and case.status != CaseStatus.CLOSED:
        close_case(session, case, outcome, user)
    return Forwarded(address, header_id, messages, left_out)


def _prepare(
    session: Session,
    settings: Settings,
    case: Case,
    to: str,
    note: str,
    user: User,
    uploads: Sequence[ReplyAttachment],
) -> tuple[str, EmailMessage, int, list[str]]:
    _, mb = sender_of(session, settings, case)
    try:
        addresses = parse_addresses(to, "to", max_count=1)
    except RefusedInput as refused:
        if refused.code != "too_many_recipients":
            raise
        text = "a case is forwarded to one address at a time"
        raise RefusedInput(text, "to_several", {"to": to}) from refused
    if not addresses:
        raise RefusedInput("write the address to forward the case to", "to_invalid", {})
    # A forward goes to a colleague: in the officer's language, the office's if never chosen.
    language = mail_language(user.locale, OFFICE_LANGUAGE)
    thread = _thread(session, case)
    own = [check_file(settings.replies, upload) for upload in uploads]
    check_together(settings.replies, own)
    files, left_out = _fitting(settings, own, _thread_files(session, thread))
    markdown = _body(settings, case, note, thread, language, left_out)
    rest = strip_reply_prefixes(one_line(case.subject))
    subject = f"Fwd: {rest} {case_tag(case.id or 0)}".strip()
    msg = compose(
        settings,
        mb,
        user,
        to=Recipient(addresses[0]),
        cc=(),
        subject=subject,
        markdown=markdown,
        language=language,
        headers={"X-Mailtriage-Case": str(case.id)},
    )
    for file in files:
        attach_file(msg, file)
    return addresses[0], msg, len(thread), left_out


def _thread(session: Session, case: Case) -> list[Message]:
    """The case's mail, oldest first, without auto-replies and bounces."""
    return list(
        session.exec(
            select(Message)
            .where(Message.case_id == case.id, col(Message.is_auto_reply).is_(False))
            .order_by(col(Message.date), col(Message.id))
        )
    )


def _thread_files(session: Session, thread: list[Message]) -> list[CheckedFile]:
    ids = [m.id for m in thread]
    rows = session.exec(
        select(Attachment, Blob.data)
        .join(Blob, col(Blob.sha256) == col(Attachment.blob_sha256))
        .where(col(Attachment.message_id).in_(ids), col(Attachment.is_inline).is_(False))
        .order_by(col(Attachment.id))
    ).all()
    return [CheckedFile(a.filename or "attachment.bin", _type(a.content_type), d) for a, d in rows]


def _fitting(
    settings: Settings, own: list[CheckedFile], thread: list[CheckedFile]
) -> tuple[list[CheckedFile], list[str]]:
    """The officer's files, then the thread's while they fit the [replies] limits together."""
    limits = settings.replies
    budget = limits.max_total_attachments_mb * 1024 * 1024 - sum(len(f.data) for f in own)
    files, left_out = list(own), []
    for file in thread:
        if len(file.data) <= budget and len(files) < limits.max_attachments:
            files.append(file)
            budget -= len(file.data)
        else:
            left_out.append(file.filename)
    return files, left_out


def _body(
    settings: Settings,
    case: Case,
    note: str,
    thread: list[Message],
    language: str,
    left_out: list[str],
) -> str:
    labels = _LABELS[language]
    zone = ZoneInfo(settings.timezone)
    parts = [note.strip(), f"**{labels['case']} {case_tag(case.id or 0)}**"]
    for message in thread:
        sender = f"{message.from_name} <{message.from_email}>".strip()
        when = message.date.astimezone(zone).strftime("%Y-%m-%d %H:%M") if message.date else ""
        head = [
            f"**{labels['from']}:** {_escaped(sender)}",
            f"**{labels['date']}:** {when}",
            f"**{labels['subject']}:** {_escaped(message.subject)}",
        ]
        quoted = "\n".join(f"> {_escaped(line)}" for line in message.text.strip().split("\n"))
        parts.append("\n".join(head) + "\n\n" + quoted)
    if left_out:
        parts.append(_LEFT_OUT[language] + "\n" + "\n".join(f"- {_escaped(n)}" for n in left_out))
    return "\n\n".join(part for part in parts if part)


def _escaped(text: str) -> str:
    """`text` as Markdown that renders as exactly that text (a student's "*" or "1." stays)."""
    return "".join(f"\\{c}" if c in _MARKDOWN_PUNCTUATION else c for c in one_line(text))


def _type(content_type: str) -> str:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind if kind.count("/") == 1 else "application/octet-stream"
