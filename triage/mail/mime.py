"""Parse one raw mail into what a case needs: addresses, threading headers, text, attachments.

Pure: bytes in, a ParsedMessage out; it raises only on input that has no mail in it at all.
We parse with the lenient compat32 parser (fast, and it never gives up on broken structure) and
decode every header and part ourselves, per part and per declared charset (see charsets.py).
"""

from __future__ import annotations

import base64
import email
import hashlib
import quopri
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime

from triage.mail.addresses import NamedAddress, address_list, mailboxes, name_shows_other_address
from triage.mail.autoreply import auto_reply_reason
from triage.mail.bodyhash import header_block, update_with_body
from triage.mail.charsets import decode_bytes, decode_header_value, decode_raw_8bit
from triage.mail.html import sanitise_html
from triage.mail.htmltext import html_to_text
from triage.mail.largeparts import LargeParts, cut_large_parts
from triage.mail.uuencode import split_uuencoded

# Message ids: at most _MAX_ID_CHARS between the brackets, none of them space or a control
# character (a CR or LF in a stored id would end up in the headers of a reply).
_MAX_ID_CHARS = 500
_MSGID = re.compile(rf"<[^<>\s\x00-\x1f\x7f-\x9f]{{1,{_MAX_ID_CHARS}}}>")
_BARE_ID = re.compile(rf"[^<>\s\x00-\x1f\x7f-\x9f]{{1,{_MAX_ID_CHARS}}}")
_ID_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_MAX_REFERENCES = 50  # the thread's first id and the latest ones
_MAX_DEPTH = 40
_HEADER_LINE = re.compile(rb"^(?:From |[!-9;-~]+[ \t]*:)")
_KEY_HEADER = re.compile(
    rb"^(?:from|to|cc|date|subject|message-id|in-reply-to|references|reply-to|mime-version|"
    rb"content-[a-z-]+)[ \t]*:.*(?:\n[ \t].*)*",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_HEADERS = ("From", "Date", "Subject", "To")


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    data: bytes
    is_inline: bool = False
    content_id: str = ""


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

    @property
    def is_auto_reply(self) -> bool:
        return bool(self.auto_reply_reason)


@dataclass
class _Body:
    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)
    nested_ids: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    large: LargeParts | None = None  # big base64 bodies cut out before parsing


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse `raw` (RFC 5322 bytes, CRLF or LF) into a ParsedMessage."""
    if not raw or raw.isspace():  # (raw.strip() would copy a 50 MB mail to learn this)
        raise ValueError("empty message")
    try:
        msg, body = _parse_and_walk(raw)
    except RecursionError:
        # Structure nested beyond reason: keep the headers and the body as plain text.
        msg = BytesHeaderParser().parsebytes(raw)
        body = _Body(defects=["structure too deeply nested; body kept as text"])
        body.texts.append(decode_bytes(_body_bytes(raw)))
    subject = _header(msg, "Subject")
    from_name, from_email, sender_defects = _sender(msg)
    texts = (t.replace("\r\n", "\n").replace("\r", "\n").strip("\n") for t in body.texts)
    text = "\n\n".join(t for t in texts if t.strip())
    return ParsedMessage(
        message_id=_first_id(msg, "Message-ID"),
        in_reply_to=_first_id(msg, "In-Reply-To"),
        references=_references(msg),
        subject=subject,
        from_email=from_email,
        from_name=from_name,
        to=_addresses(msg, "To"),
        cc=_addresses(msg, "Cc"),
        date=_date(_header(msg, "Date")),
        headers=_header_block(msg),
        text=text,
        html=sanitise_html(body.htmls[0]) if body.htmls else "",
        attachments=body.attachments,
        auto_reply_reason=auto_reply_reason(
            lambda n: _header(msg, n) or None, msg.get_content_type(), from_email, subject
        ),
        nested_ids=body.nested_ids,
        defects=[*(type(d).__name__ for d in msg.defects), *sender_defects, *body.defects],
        dedup_key=dedup_key(raw, _header(msg, "Message-ID")),
    )


def _parse_and_walk(raw: bytes) -> tuple[Message, _Body]:
    """Parse with big base64 bodies cut out (see largeparts.py); the usual way when the cut
    does not fit how the parser read the structure."""
    large = cut_large_parts(raw)
    if large.spans:
        body = _Body(large=large)
        msg = email.message_from_bytes(large.raw)
        _walk(msg, body, depth=0)
        if large.all_taken:
            return msg, body
    body = _Body()
    msg = email.message_from_bytes(raw)
    _walk(msg, body, depth=0)
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


def _raw_all(msg: Message, name: str) -> list[str]:
    """Header values as they stand in the mail (compat32's get() mangles raw 8-bit bytes)."""
    index = getattr(msg, "_triage_headers", None)
    if index is None:
        index = {}
        for key, value in msg.raw_items():
            index.setdefault(key.strip().lower(), []).append(str(value))
        msg._triage_headers = index  # type: ignore[attr-defined]
    return list(index.get(name.lower(), ()))


def _header(msg: Message, name: str) -> str:
    values = _raw_all(msg, name)
    return decode_header_value(values[0]).strip() if values else ""


def _ids(msg: Message, name: str) -> list[str]:
    """The message ids of a header as it stands: never decoded (an id holds no encoded words),
    control characters dropped, an id over _MAX_ID_CHARS not kept."""
    values = _raw_all(msg, name)
    if not values:
        return []
    text = _ID_CONTROLS.sub("", decode_raw_8bit(values[0]))
    found = _MSGID.findall(text)
    if found or "<" in text or ">" in text:
        return found
    bare = text.strip()  # some mailers leave out the brackets
    return [f"<{bare}>"] if _BARE_ID.fullmatch(bare) else []


def _first_id(msg: Message, name: str) -> str:
    ids = _ids(msg, name)
    return ids[0] if ids else ""


def _references(msg: Message) -> list[str]:
    ids = _ids(msg, "References")
    if len(ids) > _MAX_REFERENCES:
        ids = ids[:1] + ids[-(_MAX_REFERENCES - 1) :]
    return ids


def _addresses(msg: Message, name: str) -> list[str]:
    """The real addresses of a header, read from the header as it stands (see addresses.py)."""
    return address_list(_raw_all(msg, name))


def _sender(msg: Message) -> tuple[str, str, list[str]]:
    """(display name, address, defects) of the From header; the address as written outside any
    encoded word, "" when there is none."""
    values = _raw_all(msg, "From")
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


def _walk(part: Message, body: _Body, depth: int) -> None:
    if depth > _MAX_DEPTH:
        body.defects.append("nesting too deep; inner parts skipped")
        return
    ctype = part.get_content_type()
    if ctype in ("message/rfc822", "message/global") or ctype == "text/rfc822-headers":
        _walk_nested(part, body, depth)
    elif ctype == "message/delivery-status" or ctype == "message/disposition-notification":
        _walk_status(part, body)
    elif part.is_multipart():
        children = [c for c in part.get_payload() if isinstance(c, Message)]
        if ctype == "multipart/alternative":
            _walk_alternative(children, body, depth)
        else:
            for child in children:
                _walk(child, body, depth + 1)
    else:
        _leaf(part, body)


def _walk_alternative(children: list[Message], body: _Body, depth: int) -> None:
    """Keep one text for the group (plain when it has words, else the HTML's text)."""
    options: list[_Body] = []
    for child in children:
        sub = _Body(large=body.large)
        _walk(child, sub, depth + 1)
        options.append(sub)
        body.attachments.extend(sub.attachments)
        body.nested_ids.extend(sub.nested_ids)
        body.defects.extend(sub.defects)
        body.htmls.extend(sub.htmls)
    # Plain text wins over HTML. Several plain "alternatives" and no HTML is a broken mail
    # whose parts are not really alternatives: keep them all rather than guess.
    worded = [o for o in options if any(t.strip() for t in o.texts)]
    plain = [o for o in worded if not o.htmls]
    chosen = plain if len(plain) > 1 and len(plain) == len(options) else (plain or worded)[:1]
    for option in chosen:
        body.texts.extend(option.texts)


def _walk_nested(part: Message, body: _Body, depth: int) -> None:
    inner = _nested_message(part)
    if inner is None:
        return
    mid = _first_id(inner, "Message-ID")
    if mid:
        body.nested_ids.append(mid)
    summary = [f"{h}: {_header(inner, h)}" for h in _FORWARD_HEADERS if _header(inner, h)]
    body.texts.append("---------- Forwarded message ----------\n" + "\n".join(summary))
    _walk(inner, body, depth + 1)


def _nested_message(part: Message) -> Message | None:
    payload = part.get_payload()
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        if cte not in ("base64", "quoted-printable"):
            return payload[0]
        # The parser took the still-encoded text for a message; decode it ourselves.
        encoded = payload[0].as_bytes().lstrip(b"\r\n")
        data = base64.b64decode(encoded) if cte == "base64" else quopri.decodestring(encoded)
    else:
        decoded = part.get_payload(decode=True)
        data = decoded if isinstance(decoded, bytes) else b""
    return email.message_from_bytes(data) if data.strip() else None


def _walk_status(part: Message, body: _Body) -> None:
    payload = part.get_payload()
    if isinstance(payload, list):
        blocks = [decode_bytes(b.as_bytes()) for b in payload if isinstance(b, Message)]
        body.texts.append("\n\n".join(blocks))
    else:
        _leaf(part, body, force_text=True)


def _leaf(part: Message, body: _Body, *, force_text: bool = False) -> None:
    ctype = part.get_content_type()
    try:
        big = body.large.take(part) if body.large else None
        data = big if big is not None else part.get_payload(decode=True)
    except Exception as exc:  # a broken transfer encoding must not lose the part
        body.defects.append(f"undecodable part: {exc}")
        raw = part.get_payload()
        data = str(raw).encode("utf-8", "surrogateescape") if not isinstance(raw, list) else b""
    if not isinstance(data, bytes):
        data = b""
    filename = _filename(part)
    disposition = (part.get_content_disposition() or "").lower()
    is_text = force_text or part.get_content_maintype() == "text" or ctype == "message/partial"
    if is_text and disposition != "attachment":
        _text_part(part, ctype, data, body)
        return
    content_id = decode_header_value(str(part.get("Content-ID", ""))).strip().strip("<>")
    body.attachments.append(
        ParsedAttachment(
            filename=filename or _fallback_name(ctype, len(body.attachments) + 1),
            content_type=ctype,
            data=data,
            is_inline=disposition == "inline" or (bool(content_id) and disposition != "attachment"),
            content_id=content_id,
        )
    )


def _text_part(part: Message, ctype: str, data: bytes, body: _Body) -> None:
    charset = part.get_param("charset")
    text = decode_bytes(data, charset if isinstance(charset, str) else None)
    if ctype == "text/html":
        body.htmls.append(text)
        body.texts.append(html_to_text(text))
        return
    text, files = split_uuencoded(text)
    for name, content in files:
        body.attachments.append(ParsedAttachment(name, "application/octet-stream", content))
    body.texts.append(text)


def _filename(part: Message) -> str:
    try:
        name = _params_view(part).get_filename()
    except Exception:
        return ""
    if not name:
        return ""
    if isinstance(name, tuple):  # an RFC 2231 value Python could not decode itself
        name = name[2]
    return decode_header_value(str(name)).replace("/", "_").replace("\\", "_").strip()


def _params_view(part: Message) -> Message:
    """The part itself, or, when its parameter headers hold raw 8-bit bytes (which the stdlib
    would turn into U+FFFD), a stand-in whose headers are decoded first."""
    names = ("Content-Disposition", "Content-Type")
    raw = [(n, v) for n in names for v in _raw_all(part, n)]
    if not any(v != decode_raw_8bit(v) for _, v in raw):
        return part
    view = Message()
    for name, value in raw:
        view[name] = decode_raw_8bit(value)
    return view


def _fallback_name(ctype: str, index: int) -> str:
    ext = {"application/ms-tnef": "dat", "image/jpeg": "jpg", "image/png": "png"}.get(ctype, "bin")
    return f"attachment-{index}.{ext}"
