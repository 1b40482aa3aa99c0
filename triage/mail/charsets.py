"""Turn mail bytes into text whatever charset they claim, so åäö never become mojibake.

Mail lies about its charset: UTF-8 declared as Latin-1 or windows-1251, Latin-1 declared as UTF-8,
8-bit text with no declaration at all, names Python does not know. We trust a declaration only
when the bytes agree with it, and otherwise fall back to UTF-8, a detector and finally cp1252.
"""

from __future__ import annotations

import codecs
import re
from email.header import decode_header

from charset_normalizer import from_bytes

# Names seen in real mail that Python's codec registry does not resolve, or resolves to a
# narrower codec than the senders meant.
_ALIASES = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "x-mac-cyrillic": "mac_cyrillic",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "big5": "big5hkscs",
    "windows-874": "cp874",
    "x-user-defined": "cp1252",
    "ansi_x3.4-1968": "ascii",
    "iso-8859-1": "cp1252",  # senders who say Latin-1 almost always mean cp1252 (€, quotes)
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "ascii",
}
_UNKNOWN = {"", "unknown", "unknown-8bit", "x-unknown", "x-unknown-8bit", "default", "8bit", "none"}
_ASCII_ONLY = re.compile(rb"^[\x00-\x7f]*$")
_SURROGATE = re.compile("[\udc80-\udcff]")
_CTRL = re.compile("[\x00\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def lookup(declared: str | None) -> str | None:
    """The Python codec for a declared charset, or None when it is unknown or absent."""
    name = (declared or "").strip().strip("\"'").lower()
    if name in _UNKNOWN:
        return None
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data`, trusting `declared` only where the bytes are consistent with it."""
    codec = lookup(declared)
    if _ASCII_ONLY.match(data):
        if b"\x1b$" in data or b"\x1b(" in data:  # 7-bit ISO-2022 escapes (Japanese mail)
            return _clean(_iso2022(data, codec))
        return _clean(data.decode("ascii"))
    utf8 = _try(data, "utf-8")
    # Valid multi-byte UTF-8 almost never happens by accident in a single-byte charset, so
    # UTF-8 bytes win over a declared Latin-1/cp125x/KOI8 (a common mis-declaration).
    if utf8 is not None and (codec is None or _is_single_byte(codec)):
        return _clean(utf8)
    if codec is not None:
        text = _try(data, codec)
        if text is not None and not _looks_wrong(text, codec):
            return _clean(text)
    if utf8 is not None:
        return _clean(utf8)
    return _clean(_guess(data))


def decode_header_value(value: str) -> str:
    """Decode an RFC 2047 header (and raw 8-bit bytes carried as surrogates) into text."""
    if not value:
        return ""
    value = decode_raw_8bit(_unfold(value))
    try:
        parts = decode_header(value)
    except Exception:
        return _clean(_squeeze(value))
    if not any(cs for _, cs in parts):
        return _clean(_squeeze(value))
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
        elif charset is None:  # decode_header hands plain words back as raw-unicode-escape
            out.append(chunk.decode("raw-unicode-escape", errors="replace"))
        else:
            out.append(decode_bytes(chunk, charset))
    return _clean(_squeeze("".join(out)))


def decode_raw_8bit(value: str) -> str:
    """Header text whose raw 8-bit bytes the parser carried as surrogates, decoded properly."""
    raw8 = _surrogates_to_bytes(value)
    return value if raw8 is None else decode_bytes(raw8)


def _squeeze(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def _surrogates_to_bytes(value: str) -> bytes | None:
    if not _SURROGATE.search(value):
        return None
    return value.encode("utf-8", "surrogateescape")


def _unfold(text: str) -> str:
    return re.sub(r"\r?\n[ \t]+", " ", text).replace("\r", "").replace("\n", " ")


def _iso2022(data: bytes, codec: str | None) -> str:
    """Japanese 7-bit mail; vendor extensions (NEC, IBM rows) need the wider variants."""
    for name in (codec, "iso2022_jp_ext", "iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_2"):
        text = _try(data, name) if name else None
        if text is not None:
            return text
    return data.decode("iso2022_jp_ext", errors="replace")


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(("cp125", "iso8859", "latin", "koi8", "mac", "cp437", "cp850", "ascii"))


def _looks_wrong(text: str, codec: str) -> bool:
    """Signs that a lenient codec accepted bytes that were not in it (C1 controls, many '?')."""
    if not _is_single_byte(codec):
        return False
    c1 = sum(1 for ch in text if "\x80" <= ch <= "\x9f")
    return c1 > 0


def _guess(data: bytes) -> str:
    # For 8-bit text of unknown origin in a European office, cp1252 is the right guess far
    # more often than a detector's pick on short texts (which likes Big5 or EBCDIC for
    # "Hej från Åsa"). Text that is mostly 8-bit (Cyrillic, Greek, CJK) is the exception.
    if _mostly_high(data):
        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    return _try(data, "cp1252") or data.decode("latin-1")


def _mostly_high(data: bytes) -> bool:
    high = sum(1 for b in data if b >= 0x80)
    letters = high + sum(1 for b in data if b < 0x80 and chr(b).isalpha())
    return letters > 0 and high / letters > 0.3


def _clean(text: str) -> str:
    """Drop NULs and other control characters that PostgreSQL or a browser would choke on."""
    return _CTRL.sub("", text) if _CTRL.search(text) else text
