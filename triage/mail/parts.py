"""Walking a mail's MIME parts: which text is the mail's, which HTML, which parts are attachments.

A forwarded mail is walked into (its headers summarised in the text), a bounce keeps its report,
of alternatives the plain text wins, and a part that cannot be decoded is kept as it is.
"""

from __future__ import annotations

import base64
import binascii
import email
import quopri
import re
from dataclasses import dataclass, field
from email.errors import InvalidBase64LengthDefect, MissingHeaderBodySeparatorDefect
from email.message import Message

from triage.mail.charsets import decode_bytes, decode_header_value, decode_raw_8bit
from triage.mail.headers import first_id, header, raw_all
from triage.mail.htmltext import html_to_text
from triage.mail.largeparts import LargeParts
from triage.mail.uuencode import split_uuencoded

_MAX_DEPTH = 40
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
# Header lines the parser took for the body: a header without its colon ("X-Mailer Webmail 2")
# ends the header block early, and it and the headers after it open the text.
_STRAY_HEADERS = re.compile(
    r"[A-Za-z][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)+[ \t][^\n:]*\n"  # X-Mailer, no colon
    r"(?:[A-Za-z][A-Za-z0-9-]*:[^\n]*\n(?:[ \t][^\n]*\n)*)*"  # whole header lines after it
    r"[ \t]*(?:\n|$)"
)
_FORWARD_HEADERS = ("From", "Date", "Subject", "To")


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    data: bytes
    is_inline: bool = False
    content_id: str = ""


@dataclass(frozen=True)
class HtmlText:
    """An HTML part's readable text, worked out only where the mail's text is taken from it. Of
    alternatives the plain part nearly always wins (most mail clients send both), and turning
    HTML into text is the dearest step of the walk."""

    html: str

    def text(self) -> str:
        return html_to_text(self.html)


@dataclass
class Body:
    """What the walk found, part by part."""

    texts: list[str | HtmlText] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)
    nested_ids: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    large: LargeParts | None = None  # big base64 bodies cut out before parsing

    def final_texts(self) -> list[str]:
        """The texts in order, HTML turned into text where it is the text."""
        self.texts = [t.text() if isinstance(t, HtmlText) else t for t in self.texts]
        return [t for t in self.texts if isinstance(t, str)]


def walk(part: Message, body: Body, depth: int) -> None:
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
                walk(child, body, depth + 1)
    else:
        # A multipart whose parts could not be told apart (no boundary, or none found) is
        # read as text, as mail programs show it: an opaque "attachment-1.bin" hid the words.
        _leaf(part, body, force_text=part.get_content_maintype() == "multipart")


def _walk_alternative(children: list[Message], body: Body, depth: int) -> None:
    """Keep one text for the group (plain when it has words, else the HTML's text)."""
    options: list[Body] = []
    for child in children:
        sub = Body(large=body.large)
        walk(child, sub, depth + 1)
        options.append(sub)
        body.attachments.extend(sub.attachments)
        body.nested_ids.extend(sub.nested_ids)
        body.defects.extend(sub.defects)
        body.htmls.extend(sub.htmls)
    # Plain text wins over HTML (whose text is then never worked out). Several plain
    # "alternatives" and no HTML is a broken mail whose parts are not really alternatives: keep
    # them all rather than guess.
    plain = [o for o in options if not o.htmls and _has_words(o)]
    if plain:
        chosen = plain if len(plain) > 1 and len(plain) == len(options) else plain[:1]
    else:
        chosen = [o for o in options if _has_words(o)][:1]
    for option in chosen:
        body.texts.extend(option.texts)


def _has_words(option: Body) -> bool:
    return any(t.strip() for t in option.final_texts())


def _walk_nested(part: Message, body: Body, depth: int) -> None:
    inner = _nested_message(part)
    if inner is None:
        return
    mid = first_id(inner, "Message-ID")
    if mid:
        body.nested_ids.append(mid)
    summary = [f"{h}: {header(inner, h)}" for h in _FORWARD_HEADERS if header(inner, h)]
    body.texts.append("---------- Forwarded message ----------\n" + "\n".join(summary))
    walk(inner, body, depth + 1)


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


def _walk_status(part: Message, body: Body) -> None:
    payload = part.get_payload()
    if isinstance(payload, list):
        blocks = [decode_bytes(b.as_bytes()) for b in payload if isinstance(b, Message)]
        body.texts.append("\n\n".join(blocks))
    else:
        _leaf(part, body, force_text=True)


def _leaf(part: Message, body: Body, *, force_text: bool = False) -> None:
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
    elif any(isinstance(d, InvalidBase64LengthDefect) for d in part.defects):
        data = _lenient_base64(data, body)
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


def _lenient_base64(encoded: bytes, body: Body) -> bytes:
    """A base64 body whose letters do not add up (junk inside, padding cut off), read as far
    as it goes: the email package then hands back the encoded text itself, which no officer can
    read. Characters outside the alphabet are skipped, as RFC 2045 says; a last lone letter,
    which holds no whole byte, is dropped."""
    letters = _NOT_BASE64.sub(b"", encoded)
    letters = letters[: len(letters) - (len(letters) % 4 == 1)]
    try:
        data = binascii.a2b_base64(letters + b"=" * (-len(letters) % 4))
    except binascii.Error:
        return encoded
    body.defects.append("base64 body with a broken length, read as far as it goes")
    return data


def _text_part(part: Message, ctype: str, data: bytes, body: Body) -> None:
    charset = part.get_param("charset")
    text = decode_bytes(data, charset if isinstance(charset, str) else None)
    if any(isinstance(d, MissingHeaderBodySeparatorDefect) for d in part.defects):
        stray = _STRAY_HEADERS.match(text.replace("\r\n", "\n"))
        if stray and stray.group().count("\n") < 40:
            text = text.replace("\r\n", "\n")[stray.end() :]
            body.defects.append("header lines without a colon; left out of the text")
    if ctype == "text/html":
        body.htmls.append(text)
        body.texts.append(HtmlText(text))
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
    raw = [(n, v) for n in names for v in raw_all(part, n)]
    if not any(v != decode_raw_8bit(v) for _, v in raw):
        return part
    view = Message()
    for name, value in raw:
        view[name] = decode_raw_8bit(value)
    return view


def _fallback_name(ctype: str, index: int) -> str:
    ext = {"application/ms-tnef": "dat", "image/jpeg": "jpg", "image/png": "png"}.get(ctype, "bin")
    return f"attachment-{index}.{ext}"
