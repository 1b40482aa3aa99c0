"""Split an mbox file into messages, strictly.

The standard library's mailbox.mbox starts a new message at every line beginning "From ",
which cuts a mail in two wherever an unescaped "From " starts a body line (forwarded mail,
digests). We split only at a real From_ line (sender, weekday, time and year) after a blank
line, and undo the mboxrd escaping (">From " -> "From "), streaming so big exports fit in memory.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_FROM_LINE = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]* +\S+ +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?"
    rb"(?: +\S+)?? +\d{4}(?: +\S+)?\s*$"
)
_ESCAPED = re.compile(rb"^>(>*From )")


def is_from_line(line: bytes) -> bool:
    return bool(_FROM_LINE.match(line))


@dataclass(frozen=True)
class MboxEntry:
    """One message; when it is over the size limit only its header block is kept in `raw`."""

    raw: bytes
    delivered: datetime | None  # what its From_ line records
    size: int  # of the whole message
    whole: bool = True


def iter_mbox(path: Path) -> Iterator[bytes]:
    """Every message in the mbox at `path`, without its From_ line."""
    for entry in iter_mbox_entries(path):
        yield entry.raw


def iter_mbox_entries(path: Path, max_bytes: int | None = None) -> Iterator[MboxEntry]:
    """Every message with its delivery time; one over `max_bytes` keeps only its headers, so
    memory holds at most one message of `max_bytes` however big the file or the message."""
    current: _Entry | None = None
    previous_blank = True
    with path.open("rb") as fh:
        for line in fh:
            if previous_blank and line.startswith(b"From ") and is_from_line(line):
                if current is not None:
                    yield current.finish()
                current = _Entry(_from_line_date(line), max_bytes)
            elif current is not None:
                current.add(_ESCAPED.sub(rb"\1", line))
            elif line.strip():
                current = _Entry(None, max_bytes)  # no From_ line first: take the file as it is
                current.add(line)
            previous_blank = not line.strip()
    if current is not None:
        yield current.finish()


def count_mbox(path: Path) -> int:
    """How many messages `iter_mbox_entries` will yield, reading lines and keeping none."""
    count, previous_blank, started = 0, True, False
    with path.open("rb") as fh:
        for line in fh:
            if previous_blank and line.startswith(b"From ") and is_from_line(line):
                count += 1
                started = True
            elif not started and line.strip():
                count, started = 1, True
            previous_blank = not line.strip()
    return count


class _Entry:
    """A message being read line by line into one buffer (no list of line objects)."""

    def __init__(self, delivered: datetime | None, max_bytes: int | None) -> None:
        self.delivered, self.max_bytes = delivered, max_bytes
        self.buffer = io.BytesIO()
        self.size = 0
        self.last_line = b""
        self.head_end: int | None = None  # where the header block ends, once seen
        self.whole = True

    def add(self, line: bytes) -> None:
        self.size += len(line)
        self.last_line = line
        if self.head_end is None and not line.strip():
            self.head_end = self.buffer.tell() + len(line)
        if self.whole and self.max_bytes is not None and self.size > self.max_bytes:
            self.whole = False  # too large: keep the headers (or what fits of them) only
            self.buffer.truncate(min(self.head_end or self.max_bytes, self.max_bytes))
        if self.whole:
            self.buffer.write(line)

    def finish(self) -> MboxEntry:
        size = self.size
        if not self.last_line.strip() and self.size:
            size -= len(self.last_line)  # the blank line mbox puts before the next From_ line
            if self.whole:
                self.buffer.truncate(size)
        return MboxEntry(self.buffer.getvalue(), self.delivered, size, self.whole)


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
