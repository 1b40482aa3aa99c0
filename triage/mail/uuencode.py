"""Pull uuencoded files out of a plain-text body (old clients and Lotus Notes still send them).

One pass over the lines, never a pattern across the whole body: a regex with a lazy `.*?` up to
"end" read the rest of the body again at every "begin 644" line, so a body of many such lines
without an "end" took minutes. Each line here is read a bounded number of times.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Sequence

_BEGIN = re.compile(r"begin [0-7]{3,4} (?P<name>.+)")
_END = re.compile(r"end[ \t]*")


def split_uuencoded(text: str) -> tuple[str, list[tuple[str, bytes]]]:
    """Return the text without its uuencoded blocks, and the decoded (name, bytes) files."""
    if "begin " not in text:
        return text, []
    kept, files = _scan(text.replace("\r\n", "\n").split("\n"))
    return "\n".join(kept), files


def _scan(lines: Sequence[str]) -> tuple[list[str], list[tuple[str, bytes]]]:
    """(lines left, files): a block is a "begin" line, data lines and the first "end" line
    after it; a decoded block leaves its "begin" line as a marker, one that does not decode
    stays as text. The next "end" is looked up once for all "begin" lines before it."""
    kept: list[str] = []
    files: list[tuple[str, bytes]] = []
    next_end = 0  # the first line not yet known to be no "end" line
    i = 0
    while i < len(lines):
        line = lines[i]
        begin = _BEGIN.fullmatch(line) if line.startswith("begin ") else None
        if begin is None or i + 1 >= len(lines):
            kept.append(line)
            i += 1
            continue
        next_end = max(next_end, i + 1)
        while next_end < len(lines) and not _END.fullmatch(lines[next_end]):
            next_end += 1
        if next_end >= len(lines):  # no "end" after this line: no block from here on
            kept.append(line)
            i += 1
            continue
        data = _decode([lines[j] for j in range(i + 1, next_end)])
        if data is None:  # not really uuencode: keep it as text
            kept.extend(lines[j] for j in range(i, next_end + 1))
        else:
            files.append((begin.group("name").strip(), data))
            kept.extend((line, ""))
        i = next_end + 1
    return kept, files


def _decode(lines: list[str]) -> bytes | None:
    data = bytearray()
    for line in "\n".join(lines).splitlines():
        if not line.strip() or line.strip() == "`":
            continue
        try:
            data.extend(binascii.a2b_uu(line))
        except binascii.Error:
            return None
    return bytes(data)
