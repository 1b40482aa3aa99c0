"""The automatic acknowledgement as it is sent: plain text from a template of its own per
language (templates/acknowledgement.<sv|en>.txt), from the function address, threaded under the
question and tagged [#id] as replies are, and marked automatic (RFC 3834).

Nothing of the asker's mail goes into the text but the case reference; the subject is the
replies' "Re: <subject> [#id]", so the acknowledgement threads in every mail program. The FAQ
answers are the office's approved public ones (triage/cases/faq.py), shortened, with a link to
the FAQ where it has an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlmodel import Session

from triage.cases.faq import FaqEntry, public_entries
from triage.cases.reply_drafts import default_subject
from triage.cases.reply_mail import Recipient, new_mail
from triage.cases.reply_text import render_reply
from triage.cases.suggestions import matcher
from triage.mail.reply_headers import one_line, thread_headers
from triage.mail.threads import case_tag
from triage.models import Case, Message
from triage.settings import MailboxSettings, Settings

MAX_ANSWERS = 3
_EXCERPT_CHARS = 240
_MAX_REFERENCES = 20
# Text, not HTML: nothing to escape (and nothing of the asker's in it to escape).
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=False,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class FaqAnswer:
    """One FAQ entry as the acknowledgement prints it."""

    reply_id: str
    question: str
    excerpt: str
    link: str  # "" when the FAQ has no address


def faq_answers(
    session: Session, settings: Settings, case: Case, question: Message, language: str
) -> list[FaqAnswer]:
    """The public answers of the case's type in `language`, closest to the question first (the
    standard-reply matcher's order), at most MAX_ANSWERS."""
    if not case.question_type:
        return []
    entries = public_entries(session, settings, language, question_types=[case.question_type])
    if not entries:
        return []
    found = matcher(session).suggest(
        question.subject, question.text, language=language, top=len(entries) + 50
    )
    rank = {s.reply.id: i for i, s in enumerate(found)}
    entries.sort(key=lambda e: rank.get(e.reply_id, len(rank)))
    address = settings.faq.address(language)
    return [_answer(e, address) for e in entries[:MAX_ANSWERS]]


def _answer(entry: FaqEntry, address: str) -> FaqAnswer:
    link = f"{address}#{entry.reply_id}" if address else ""
    return FaqAnswer(entry.reply_id, one_line(entry.question), excerpt(entry.answer), link)


def excerpt(markdown: str, limit: int = _EXCERPT_CHARS) -> str:
    """The answer's first paragraph as plain text on one line, cut at a word near `limit`."""
    plain = render_reply(markdown).plain
    first = next((p for p in plain.split("\n\n") if p.strip()), "")
    text = " ".join(first.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut} …"


def acknowledgement_text(
    settings: Settings, mb: MailboxSettings, case: Case, language: str, answers: list[FaqAnswer]
) -> str:
    """The mail's text in `language` (sv or en)."""
    template = _TEMPLATES.get_template(f"acknowledgement.{language}.txt")
    return template.render(
        reference=case_tag(case.id or 0),
        answer_days=mb.acknowledge.answer_days,
        answers=answers,
        office_name=one_line(settings.office.get("name", "")) or mb.address,
    )


def build_acknowledgement(
    settings: Settings,
    mb: MailboxSettings,
    case: Case,
    question: Message,
    language: str,
    answers: list[FaqAnswer],
) -> EmailMessage:
    """The acknowledgement of `question`, the mail that opened `case`."""
    sender = one_line(settings.office.get("name", ""))
    to = Recipient(case.requester_email, case.requester_name)
    msg = new_mail(settings, mb, sender, to, default_subject(case))
    for name, value in thread_headers(
        question.message_id, question.references, _MAX_REFERENCES
    ).items():
        msg[name] = value
    # RFC 3834: an automatic response, which no responder answers; Exchange and Outlook are
    # asked not to send their out-of-office replies back to it either.
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Mailtriage-Case"] = str(case.id)
    text = acknowledgement_text(settings, mb, case, language, answers)
    msg.set_content(text, charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = language  # after the content: set_content drops Content-* headers
    return msg
