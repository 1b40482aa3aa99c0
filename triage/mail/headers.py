"""Reading a mail's header values as they stand in the mail: raw, decoded, and message ids.

compat32's own `get()` mangles raw 8-bit bytes, so every reader of headers (mime.py for the
message, parts.py for each part and each forwarded mail) goes through these.
"""

from __future__ import annotations

import re
from email.message import Message

from triage.mail.charsets import decode_header_value, decode_raw_8bit

# Message ids: at most _MAX_ID_CHARS between the brackets, none of them space or a control
# character (a CR or LF in a stored id would end up in the headers of a reply).
_MAX_ID_CHARS = 500
_MSGID = re.compile(rf"<[^<>\s\x00-\x1f\x7f-\x9f]{{1,{_MAX_ID_CHARS}}}>")
_BARE_ID = re.compile(rf"[^<>\s\x00-\x1f\x7f-\x9f]{{1,{_MAX_ID_CHARS}}}")
_ID_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def raw_all(msg: Message, name: str) -> list[str]:
    """Header values as they stand in the mail (compat32's get() mangles raw 8-bit bytes)."""
    index = getattr(msg, "_triage_headers", None)
    if index is None:
        index = {}
        for key, value in msg.raw_items():
            index.setdefault(key.strip().lower(), []).append(str(value))
        msg._triage_headers = index  # type: ignore[attr-defined]
    return list(index.get(name.lower(), ()))


def header(msg: Message, name: str) -> str:
    """The first value of a header, encoded words decoded; "" when it is missing."""
    values = raw_all(msg, name)
    return decode_header_value(values[0]).strip() if values else ""


def message_ids(msg: Message, name: str) -> list[str]:
    """The message ids of a header as it stands: never decoded (an id holds no encoded words),
    control characters dropped, an id over _MAX_ID_CHARS not kept."""
    values = raw_all(msg, name)
    if not values:
        return []
    text = _ID_CONTROLS.sub("", decode_raw_8bit(values[0]))
    found = _MSGID.findall(text)
    if found or "<" in text or ">" in text:
        return found
    bare = text.strip()  # some mailers leave out the brackets
    return [f"<{bare}>"] if _BARE_ID.fullmatch(bare) else []


def first_id(msg: Message, name: str) -> str:
    found = message_ids(msg, name)
    return found[0] if found else ""
