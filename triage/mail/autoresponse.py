"""Whether an automatic response may go to a mail at all (RFC 3834): never to another machine,
a mailing list or the office itself, so that no two automatic responders answer each other.

Pure: the mail's stored header block and sender, and the office's own addresses, in; a Refusal
(a code the case history puts into words, and what gave it away) or None out. The rules that
need the database (one a sender a day, never a follow-up, not a backlog) are the case layer's,
in triage/cases/acknowledging.py.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser

from triage.mail.autoreply import auto_reply_reason
from triage.mail.headers import header


@dataclass(frozen=True)
class Refusal:
    """Why no automatic response goes out: `code` for the history, `detail` the evidence."""

    code: str  # automatic, null_sender, mailing_list, machine_sender, office_sender, no_address
    detail: str = ""


# Headers only mailing-list software writes (RFC 2369, RFC 2919, and the older X- forms).
_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post", "Mailing-List", "X-Mailing-List")
_LIST_PRECEDENCE = {"bulk", "list", "junk"}
# Local parts of addresses nobody reads: noreply, no-reply, do_not_reply, mailer-daemon,
# postmaster, alone or as a part ("info-noreply", "noreply+abc").
_MACHINE = re.compile(
    r"(?:^|[._+-])(?:no[._-]?reply|do[._-]?not[._-]?reply|mailer[._-]?daemon|mail[._-]?daemon|"
    r"postmaster)(?:$|[._+-])",
    re.IGNORECASE,
)


def read_headers(block: str) -> Message:
    """A stored header block (Message.headers) as a message to ask for headers."""
    return HeaderParser().parsestr(block.rstrip("\n") + "\n\n", headersonly=True)


def response_refusal(
    headers: Message,
    from_email: str,
    subject: str,
    *,
    office_addresses: Collection[str],
    internal_domains: Collection[str],
) -> Refusal | None:
    """Why this mail may get no automatic response (None: it may), the first reason found."""

    def get(name: str) -> str | None:
        return header(headers, name) or None

    for name in _LIST_HEADERS:
        if get(name):
            return Refusal("mailing_list", f"{name} header")
    precedence = (get("Precedence") or "").strip().lower()
    if precedence in _LIST_PRECEDENCE:
        return Refusal("mailing_list", f"Precedence: {precedence}")
    automatic = auto_reply_reason(get, headers.get_content_type(), from_email, subject)
    if automatic:
        return Refusal("automatic", automatic)
    if (get("Return-Path") or "").replace(" ", "") == "<>":
        return Refusal("null_sender", "Return-Path: <>")
    return sender_refusal(from_email, office_addresses, internal_domains)


def sender_refusal(
    from_email: str, office_addresses: Collection[str], internal_domains: Collection[str]
) -> Refusal | None:
    """Why this sender may get no automatic response: no address, a machine's, the office's."""
    address = from_email.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return Refusal("no_address", from_email)
    if _MACHINE.search(local):
        return Refusal("machine_sender", address)
    if address in {a.lower() for a in office_addresses}:
        return Refusal("office_sender", address)
    for internal in internal_domains:
        internal = internal.lower().lstrip("@")
        if domain == internal or domain.endswith(f".{internal}"):
            return Refusal("office_sender", address)
    return None
