"""Big base64 parts are decoded straight from the raw bytes, not through the email parser.

compat32 keeps a part's body as a list of line strings, then a joined str, then encoded bytes,
split lines and the decoded bytes: a mail with a 50 MB attachment peaked near 650 MB. Before
parsing, each base64 body over _MIN_BYTES that stands as a whole leaf part (its own header block
says base64 and not multipart or message; a boundary line or the end follows) is replaced by a
random token line. The parser then sees a small mail, and the walk decodes the part from a view
of the raw bytes when it meets the token. Any token the walk does not meet exactly (a structure
we read differently from the parser) makes the caller parse the original mail the usual way.
"""

from __future__ import annotations

import binascii
import re
import secrets
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesHeaderParser

_MIN_BYTES = 256 * 1024
_MAX_PART_HEAD = 16 * 1024  # a part header block longer than this is left to the parser
# Base64 characters and line ends from a line start: one character class, so the regex engine
# keeps no state per line (a repeated group would, about 180 bytes a line).
_B64_RUN = re.compile(rb"^[A-Za-z0-9+/=\r\n]+", re.MULTILINE)
_LINE_ENDS = re.compile(rb"[\r\n]*")
_TAIL = re.compile(rb"(?:[ \t]*\r?\n)*(?:--|\Z)")  # blank lines, then a boundary or the end


@dataclass
class LargeParts:
    """The raw mail with big base64 bodies cut out, and where each body was."""

    raw: bytes
    original: bytes = b""
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def take(self, part: Message) -> bytes | None:
        """The decoded body of `part` when it is a cut-out token, else None."""
        payload = part.get_payload()
        token = payload.strip() if isinstance(payload, str) else ""
        span = self.spans.get(token)
        if span is None:
            return None
        try:
            data = binascii.a2b_base64(memoryview(self.original)[span[0] : span[1]])
        except binascii.Error:
            return None  # not taken: the caller parses the whole mail again the usual way
        self.taken.add(token)
        return data

    @property
    def all_taken(self) -> bool:
        return self.taken == set(self.spans)


def cut_large_parts(raw: bytes) -> LargeParts:
    """`raw` with each big base64 leaf body replaced by a token line (none: `raw` itself)."""
    spans: dict[str, tuple[int, int]] = {}
    pieces: list[bytes] = []
    done = 0
    nonce = secrets.token_hex(8)
    for run in _B64_RUN.finditer(raw):
        if run.end() - run.start() < _MIN_BYTES:
            continue
        start, end = _whole_lines(raw, run.start(), run.end())
        if end - start < _MIN_BYTES or not _is_base64_leaf(raw, start, end):
            continue
        token = f"TRIAGE-PART-{nonce}-{len(spans)}"
        spans[token] = (start, end)
        pieces += [
            raw[done:start],
            token.encode("ascii"),
            b"\r\n" if raw.endswith(b"\r\n", 0, end) else b"\n",
        ]
        done = end
    if not spans:
        return LargeParts(raw)
    pieces.append(raw[done:])
    return LargeParts(b"".join(pieces), raw, spans)


def _whole_lines(raw: bytes, start: int, end: int) -> tuple[int, int]:
    """The run without the blank lines it starts with and the part line it may end with."""
    start = _LINE_ENDS.match(raw, start, end).end()  # type: ignore[union-attr]
    return start, raw.rfind(b"\n", start, end) + 1


def _is_base64_leaf(raw: bytes, start: int, end: int) -> bool:
    """Whether raw[start:end] is the whole body of a base64 leaf part, read lexically."""
    if not _TAIL.match(raw, end):
        return False
    if raw.endswith(b"\n\n", 0, start):
        head_end = start - 1
    elif raw.endswith(b"\n\r\n", 0, start):
        head_end = start - 2
    else:
        return False  # the run does not start right after a header block
    head_start = raw.rfind(b"\n--", max(0, head_end - _MAX_PART_HEAD), head_end)
    if head_start < 0:
        if head_end > _MAX_PART_HEAD:
            return False
        head_start = 0  # the mail's own header block
    else:
        head_start = raw.find(b"\n", head_start + 1) + 1  # past the boundary line
    headers = BytesHeaderParser().parsebytes(raw[head_start:head_end])
    cte = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
    return cte == "base64" and headers.get_content_maintype() not in ("multipart", "message")
