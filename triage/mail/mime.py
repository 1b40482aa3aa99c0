"""Parse one raw mail into what a case needs: addresses, threading headers, text, attachments.

Pure: bytes in, a ParsedMessage out; it raises only on input that has no mail in it at all.
We parse with the lenient compat32 parser (fast, and it never gives up on broken structure) and
decode every header and part ourselves, per part and per declared charset (see charsets.py).
Which parts are text, HTML or attachments is decided in parts.py; headers are read in headers.py.
"""

from __future__ import annotations

import email
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from triage.mail.addresses import NamedAddress, address_list, mailboxes, name_shows_other_address
from triage.mail.autoreply import auto_reply_reason
from triage.mail.bodyhash import header_block, update_with_body
from triage.mail.charsets import decode_bytes, decode_raw_8bit
from triage.mail.headers import first_id, header, message_ids, raw_all
from triage.mail.html import sanitise_html
from triage.mail.largeparts import cut_large_parts
from triage.mail.parts import Body, ParsedAttachment, walk

if TYPE_CHECKING:
    from classifiers import Reading

_MAX_REFERENCES = 50  # the thread's first id and the latest ones
_HEADER_LINE = re.compile(rb"^(?:From |[!-9;-~]+[ \t]*:)")
_KEY_HEADER = re.compile(
    rb"^(?:from|to|cc|date|subject|message-id|in-reply-to|references|reply-to|mime-version|"
    rb"content-[a-z-]+)[ \t]*:.*(?:\n[ \t].*)*",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass
class ParsedMessage:
    message_id: str
    in_reply_to: str
    references: list[str]
    subject: str
    from_email: str
    from_name: str
    to: list[str]
    cc: list[str]
    date: datetime | None
    headers: str
    text: str
    html: str
    attachments: list[ParsedAttachment]
    auto_reply_reason: str
    nested_ids: list[str]
    defects: list[str]
    dedup_key: str
    # Worked out beside the parse at ingestion (in the parse workers, see parsepool.py): the
    # language of subject and text, and what a classifier reads of the mail.
    language: str = ""
    reading: Reading | None = None

    @property
    def is_auto_reply(self) -> bool:
        return bool(self.auto_reply_reason)


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse `raw` (RFC 5322 bytes, CRLF or LF) into a ParsedMessage."""
    if not raw or raw.isspace():  # (raw.strip() would copy a 50 MB mail to learn this)
        raise ValueError("empty message")
    try:
        msg, body = _parse_and_walk(raw)
    except RecursionError:
        # Structure nested beyond reason: keep the headers and the body as plain text.
        msg = BytesHeaderParser().parsebytes(raw)
        body = Body(defects=["structure too deeply nested; body kept as text"])
        body.texts.append(decode_bytes(_body_bytes(raw)))
    subject = header(msg, "Subject")
    from_name, from_email, sender_defects = _sender(msg)
    texts = (t.replace("\r\n", "\n").replace("\r", "\n").strip("\n") for t in body.final_texts())
    text = "\n\n".join(t for t in texts if t.strip())
    return ParsedMessage(
        message_id=first_id(msg, "Message-ID"),
        in_reply_to=first_id(msg, "In-Reply-To"),
        references=_references(msg),
        subject=subject,
        from_email=from_email,
        from_name=from_name,
        to=_addresses(msg, "To"),
        cc=_addresses(msg, "Cc"),
        date=_date(header(msg, "Date")),
        headers=_header_block(msg),
        text=text,
        html=sanitise_html(body.htmls[0]) if body.htmls else "",
        attachments=body.attachments,
        auto_reply_reason=auto_reply_reason(
            lambda n: header(msg, n) or None, msg.get_content_type(), from_email, subject
        ),
        nested_ids=body.nested_ids,
        defects=[*(type(d).__name__ for d in msg.defects), *sender_defects, *body.defects],
        dedup_key=dedup_key(raw, header(msg, "Message-ID")),
    )


def _parse_and_walk(raw: bytes) -> tuple[Message, Body]:
    """Parse with big base64 bodies cut out (see largeparts.py); the usual way when the cut
    does not fit how the parser read the structure."""
    large = cut_large_parts(raw)
    if large.spans:
        body = Body(large=large)
        msg = email.message_from_bytes(large.raw)
        walk(msg, body, depth=0)
        if large.all_taken:
            return msg, body
    body = Body()
    msg = email.message_from_bytes(raw)
    walk(msg, body, depth=0)
    return msg, body


def dedup_key(raw: bytes, message_id: str) -> str:
    """Same mail, same key: over the Message-ID, the content headers and the body.

    One mail delivered to two mailboxes differs only in trace headers (Received, Delivered-To,
    X-…), which are left out; two mails that reuse a Message-ID differ in their bodies or content
    headers and so are both kept.
    """
    # As _split_head, but the body is hashed from `raw` chunk by chunk, never copied whole.
    head, body_start = header_block(raw) if _HEADER_LINE.match(raw) else (b"", 0)
    digest = hashlib.sha256(message_id.strip().encode("utf-8", "surrogateescape") + b"\0")
    for line in _KEY_HEADER.findall(head):
        digest.update(b" ".join(line.split()) + b"\0")
    update_with_body(digest, raw, body_start)
    return digest.hexdigest()


def _split_head(raw: bytes) -> tuple[bytes, bytes]:
    """(header block, body) with LF line ends; no header block when the mail starts with text."""
    data = raw.replace(b"\r\n", b"\n")
    if not _HEADER_LINE.match(data):
        return b"", data
    split = data.find(b"\n\n")
    return (data, b"") if split < 0 else (data[:split], data[split + 2 :])


def _references(msg: Message) -> list[str]:
    ids = message_ids(msg, "References")
    if len(ids) > _MAX_REFERENCES:
        ids = ids[:1] + ids[-(_MAX_REFERENCES - 1) :]
    return ids


def _addresses(msg: Message, name: str) -> list[str]:
    """The real addresses of a header, read from the header as it stands (see addresses.py)."""
    return address_list(raw_all(msg, name))


def _sender(msg: Message) -> tuple[str, str, list[str]]:
    """(display name, address, defects) of the From header; the address as written outside any
    encoded word, "" when there is none."""
    values = raw_all(msg, "From")
    entries = mailboxes(values[:1])
    first = next((e for e in entries if e.address), entries[0] if entries else NamedAddress("", ""))
    defects = []
    if len(values) > 1:
        defects.append("more than one From header; the first is used")
    if sum(1 for e in entries if e.address) > 1:
        defects.append("From names more than one address; the first is used")
    if values and not first.address:
        defects.append("From has no address")
    if name_shows_other_address(first.name, first.address):
        defects.append("the sender's name shows another address than the sender's own")
    return first.name, first.address, defects


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _body_bytes(raw: bytes) -> bytes:
    return _split_head(raw)[1]


def _header_block(msg: Message) -> str:
    """The header block as sent (encoded words left as they are), for "show original"."""
    block = "\n".join(f"{key}: {value}" for key, value in msg.raw_items())
    return decode_raw_8bit(block).replace("\x00", "")
