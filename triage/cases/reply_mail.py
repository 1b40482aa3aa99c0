"""The mail an officer sends (a reply or a forward), built from the officer's Markdown: signed in
the mail's language, plain text and HTML side by side, files attached, from the function address
under the officer's name.

From: "Anna Lind, International Office" <housing@…>: the officer's display name, then the
office's name ([office] name), so the student sees who answered and on whose behalf; the address
is always the function mailbox's, so answers come back to the shared mailbox. Without a display
name only the office's name is shown: never the login name, which is what `triage user add` puts
in display_name until the officer chooses one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from triage.cases.reply_attachments import CheckedFile
from triage.cases.reply_text import html_document, render_reply, with_signature
from triage.mail.failures import RefusedInput
from triage.mail.reply_headers import one_line
from triage.models import User
from triage.settings import MailboxSettings, Settings

LANGUAGES = ("sv", "en")
OFFICE_LANGUAGE = "sv"  # what the office writes to colleagues in, and its pages' default


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str = ""


def mail_language(*candidates: str | None) -> str:
    """The first of `candidates` that is a language we sign in (sv, en); else English, the
    language of an International Office's unknown correspondent."""
    return next((c for c in candidates if c in LANGUAGES), "en")


def signature_for(user: User, language: str) -> str:
    """The officer's signature in `language`; their display name when they have not written
    one (a standard reply's {{ officer.signature }} should print this too)."""
    written = user.signature_sv if language == "sv" else user.signature_en
    return written.strip() or display_name(user)


def display_name(user: User) -> str:
    """The name the officer chose, on one line; '' while it is still the login name."""
    name = one_line(user.display_name)
    return "" if name == user.username else name


def sender_name(user: User, settings: Settings) -> str:
    """The From display name: "Anna Lind, International Office" (see the module docstring)."""
    parts = [display_name(user), one_line(settings.office.get("name", ""))]
    return ", ".join(part for part in parts if part)


def compose(
    settings: Settings,
    mb: MailboxSettings,
    user: User,
    *,
    to: Recipient,
    cc: Sequence[str],
    subject: str,
    markdown: str,
    language: str,
    files: Sequence[CheckedFile] = (),
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """The mail as it will be sent: `markdown` signed in `language`, as text/plain and text/html
    alternatives, `files` attached. Every stored value that goes into a header is cleaned first
    (older databases hold names with CR/LF from hostile mail); `cc` is checked already."""
    msg = new_mail(settings, mb, sender_name(user, settings), to, subject, cc)
    for name, value in (headers or {}).items():
        msg[name] = value
    plain, fragment = render_reply(with_signature(markdown, signature_for(user, language)))
    # Quoted-printable keeps the mail 7-bit, so no server needs 8BITMIME to relay it.
    msg.set_content(plain + "\n", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(
        html_document(fragment, language), subtype="html", charset="utf-8", cte="quoted-printable"
    )
    for file in files:
        attach_file(msg, file)
    msg["Content-Language"] = language  # after the content: set_content drops Content-* headers
    return msg


def new_mail(
    settings: Settings,
    mb: MailboxSettings,
    sender: str,
    to: Recipient,
    subject: str,
    cc: Sequence[str] = (),
) -> EmailMessage:
    """A mail from the function address under the display name `sender`: From, To, Cc, Subject,
    Date and a fresh Message-ID, nothing else yet. An address that cannot be written is refused
    (RefusedInput, code address_invalid)."""
    msg = EmailMessage(policy=SMTP)  # CRLF: the bytes we send are the bytes we store
    try:
        msg["From"] = Address(sender, addr_spec=mb.address)
        msg["To"] = Address(one_line(to.name), addr_spec=to.address)
        if cc:
            msg["Cc"] = [Address(addr_spec=address) for address in cc]
    except (HeaderParseError, ValueError, IndexError) as exc:
        text = f"cannot address the mail to {to.address!r}: {exc}"
        raise RefusedInput(text, "address_invalid", {"address": to.address}) from None
    msg["Subject"] = one_line(subject)
    msg["Date"] = format_datetime(datetime.now(ZoneInfo(settings.timezone)))
    msg["Message-ID"] = make_msgid(domain=mb.address.rpartition("@")[2])
    return msg


def attach_file(msg: EmailMessage, file: CheckedFile) -> None:
    maintype, _, subtype = file.content_type.partition("/")
    msg.add_attachment(file.data, maintype=maintype, subtype=subtype, filename=file.filename)
