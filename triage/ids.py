"""Row ids as every supported database stores them: INTEGER columns, 32 bits on PostgreSQL.

A number outside that range names no row; passed to the database it is an error (SQLite:
OverflowError, PostgreSQL: "integer out of range"), so addresses and cursors check it first.
"""

from __future__ import annotations

import re

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def is_row_id(value: int) -> bool:
    """Whether `value` can be the id of a row (ids start at 1)."""
    return 1 <= value <= MAX_ID


def parse_row_id(text: str) -> int | None:
    """The id written in `text` (plain decimal digits), or None when no row can have it."""
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if is_row_id(value) else None
