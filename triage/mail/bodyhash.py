"""A mail's header block and a hash of its body with LF line ends, without copying the body.

The dedup key hashes the body as if every CRLF were LF and trailing white space gone. Done with
`raw.replace(...)`, slicing and `rstrip()`, a 50 MB mail made three 50 MB copies at once; here the
body is hashed a chunk at a time from the raw bytes, with the same result byte for byte.
"""

from __future__ import annotations

import re
from typing import Any

_CHUNK = 1024 * 1024
_BLANK_LINE = re.compile(rb"\n\r?\n")  # where "\n\n" is once CRLF became LF


def header_block(raw: bytes) -> tuple[bytes, int]:
    """(header block with LF line ends, where the body starts in `raw`); no blank line: the
    whole mail is the header block and the body is empty."""
    found = _BLANK_LINE.search(raw)
    if found is None:
        return raw.replace(b"\r\n", b"\n"), len(raw)
    head = raw[: found.start()]
    head = head.removesuffix(b"\r")  # that CR ends the header block's last line with the LF
    return head.replace(b"\r\n", b"\n"), found.end()


def update_with_body(digest: Any, raw: bytes, start: int, chunk: int = _CHUNK) -> None:
    """Feed `digest` raw[start:] with LF line ends and no trailing white space."""
    end = _end_without_trailing_space(raw, start)
    view = memoryview(raw)
    pos = start
    while pos < end:
        stop = min(pos + chunk, end)
        while stop < end and raw[stop - 1] == 0x0D:  # keep a CR with the LF that may follow
            stop += 1
        digest.update(bytes(view[pos:stop]).replace(b"\r\n", b"\n"))
        pos = stop


def _end_without_trailing_space(raw: bytes, start: int) -> int:
    end = len(raw)
    while end > start:
        low = max(start, end - 65536)
        kept = raw[low:end].rstrip()
        if kept:
            return low + len(kept)
        end = low
    return start
