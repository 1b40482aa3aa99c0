"""Split an mbox file into messages, strictly.

The standard library's mailbox.mbox starts a new message at every line beginning "From ",
which cuts a mail in two wherever an unescaped "From " starts a body line (forwarded mail,
digests). We split only at a real From_ line (sender, weekday, time and year) after a blank
line, and undo the mboxrd escaping (">From " -> "From "), streaming so big exports fit in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

_FROM_LINE = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]* +\S+ +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?"
    rb"(?: +\S+)?? +\d{4}(?: +\S+)?\s*$"
)
_ESCAPED = re.compile(rb"^>(>*From )")


def is_from_line(line: bytes) -> bool:
    return bool(_FROM_LINE.match(line))


def iter_mbox(path: Path) -> Iterator[bytes]:
    """Every message in the mbox at `path`, without its From_ line."""
    for raw, _ in iter_mbox_entries(path):
        yield raw


def iter_mbox_entries(path: Path) -> Iterator[tuple[bytes, datetime | None]]:
    """Every message with the delivery time its From_ line records (None when it has none)."""
    current: list[bytes] | None = None
    delivered: datetime | None = None
    previous_blank = True
    with path.open("rb") as fh:
        for line in fh:
            if previous_blank and line.startswith(b"From ") and is_from_line(line):
                if current is not None:
                    yield _finish(current), delivered
                current, delivered = [], _from_line_date(line)
            elif current is not None:
                current.append(_ESCAPED.sub(rb"\1", line))
            elif line.strip():
                current = [line]  # no From_ line first: take the file as it is
            previous_blank = not line.strip()
    if current is not None:
        yield _finish(current), delivered


def _from_line_date(line: bytes) -> datetime | None:
    """The asctime date at the end of a From_ line, taken as UTC (mbox writers use UTC)."""
    words = line.decode("ascii", "replace").split()
    for start in range(2, len(words) - 3):
        try:
            parsed = datetime.strptime(" ".join(words[start : start + 5]), "%a %b %d %H:%M:%S %Y")
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC)
    return None


def _finish(lines: list[bytes]) -> bytes:
    if lines and not lines[-1].strip():
        lines = lines[:-1]  # the blank line mbox puts before the next From_ line
    return b"".join(lines)
