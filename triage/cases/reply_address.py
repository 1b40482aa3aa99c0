"""Where an officer's answer goes: where the requester's mail asks answers to go.

Every mail program answers to a mail's Reply-To when it has one, and so do we: a web form sends
from a no-reply address with the asker's own in Reply-To, and a student may write from one
address and want answers at another. The reply form always shows the address, and says so when
it is not the sender's: a Reply-To is anyone's to write, and an officer should see where personal
data goes before it goes. An address that does not parse, more than one, or one of the office's
own (which would answer the office itself) is not followed: the sender's is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.parser import HeaderParser
from email.policy import compat32

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from triage.cases.reply_mail import Recipient
from triage.mail.addresses import mailboxes
from triage.mail.failures import RefusedInput
from triage.mail.headers import raw_all
from triage.mail.reply_headers import parse_addresses
from triage.models import Case, Direction, Message
from triage.settings import Settings


@dataclass(frozen=True)
class AnswerAddress:
    recipient: Recipient
    sender: str = ""  # the requester's own address when the answer goes elsewhere (Reply-To)


def answer_address(session: Session, settings: Settings, case: Case) -> AnswerAddress:
    """The requester's latest own mail's Reply-To, if it names one usable address other than
    the sender's; else the requester (the case's sender)."""
    own = Recipient(case.requester_email, case.requester_name)
    latest = _latest_from_requester(session, case)
    named = _reply_to(latest.headers) if latest is not None else None
    if named is None:
        return AnswerAddress(own)
    office = {a.lower() for a in settings.office_addresses}
    if named.address.lower() in office | {case.requester_email.lower()}:
        return AnswerAddress(own)
    return AnswerAddress(named, case.requester_email)


def _latest_from_requester(session: Session, case: Case) -> Message | None:
    if not case.requester_email:
        return None
    return latest_received(session, case, col(Message.from_email) == case.requester_email)


def latest_received(session: Session, case: Case, *where: ColumnElement[bool]) -> Message | None:
    """The case's latest received mail that is no auto-reply, of those that match `where`."""
    return session.exec(
        select(Message)
        .where(
            Message.case_id == case.id,
            Message.direction == Direction.IN,
            col(Message.is_auto_reply).is_(False),
            *where,
        )
        .order_by(col(Message.date).desc(), col(Message.id).desc())
        .limit(1)
    ).first()


def _reply_to(headers: str) -> Recipient | None:
    """The one address of the stored header block's Reply-To, or None (none, several, or one
    that is no plain address: nothing we would send to)."""
    if "reply-to" not in headers.lower():
        return None
    values = raw_all(HeaderParser(policy=compat32).parsestr(headers), "Reply-To")
    if len(values) != 1 or ":" in values[0]:  # a group ("x@y Bcc: z@w" reads as one) or worse
        return None
    found = [e for e in mailboxes(values) if e.address]
    if len(found) != 1:
        return None
    try:
        parse_addresses(found[0].address, "to", max_count=1)
    except RefusedInput:
        return None
    return Recipient(found[0].address, found[0].name)
