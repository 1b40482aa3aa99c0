"""Raw mail bytes exactly as an attacker writes them: no library tidies a header on the way."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field

OFFICE_DOMAIN = "intl.example.se"  # the office's own domain, as in the other tests
OFFICE = f"housing@{OFFICE_DOMAIN}"
ATTACKER = "attacker@evil.example"
VICTIM = "victim@uni.example"

_DATE = "Tue, 01 Sep 2026 10:00:00 +0200"


@dataclass(frozen=True)
class HostileMail:
    """One mail of the corpus and what a correct import must make of it."""

    name: str  # the file name: what the mail attacks
    raw: bytes
    sender: str = ATTACKER  # the real address in From ("" when From holds none)
    forged: tuple[str, ...] = field(default=())  # addresses seen only inside encoded words


def b_word(text: str, charset: str = "utf-8") -> str:
    """An RFC 2047 encoded word in base64 ("B") form."""
    return f"=?{charset}?b?{base64.b64encode(text.encode()).decode()}?="


def q_word(text: str, charset: str = "utf-8") -> str:
    """An RFC 2047 encoded word in quoted-printable ("Q") form, every byte but letters escaped."""
    escaped = "".join(chr(b) if chr(b).isalnum() else f"={b:02X}" for b in text.encode())
    return f"=?{charset}?q?{escaped}?="


def raw_mail(
    name: str,
    body: bytes | str = "Hej! This mail is part of the hostile corpus.\r\n",
    headers: Sequence[tuple[str, bytes | str]] = (),
    *,
    content_type: str = "text/plain; charset=utf-8",
) -> bytes:
    """A mail with a sane default for each usual header (left out where `headers` names that
    header), then `headers`, a blank line and `body`."""
    defaults: list[tuple[str, bytes | str]] = [
        ("From", f"Attacker <{ATTACKER}>"),
        ("To", OFFICE),
        ("Subject", name),
        ("Date", _DATE),
        ("Message-ID", f"<{name}@evil.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", content_type),
    ]
    given = {key.lower() for key, _ in headers}
    lines = [(k, v) for k, v in defaults if k.lower() not in given] + list(headers)
    head = b"".join(k.encode() + b": " + _bytes(v) + b"\r\n" for k, v in lines)
    return head + b"\r\n" + _bytes(body)


def _bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")
