"""Pull uuencoded files out of a plain-text body (old clients and Lotus Notes still send them)."""

from __future__ import annotations

import binascii
import re

_BLOCK = re.compile(r"^begin [0-7]{3,4} (?P<name>[^\n]+)\n(?P<data>.*?)^end[ \t]*$", re.M | re.S)


def split_uuencoded(text: str) -> tuple[str, list[tuple[str, bytes]]]:
    """Return the text without its uuencoded blocks, and the decoded (name, bytes) files."""
    if "begin " not in text:
        return text, []
    files: list[tuple[str, bytes]] = []

    def _take(match: re.Match[str]) -> str:
        data = bytearray()
        for line in match.group("data").splitlines():
            if not line.strip() or line.strip() == "`":
                continue
            try:
                data.extend(binascii.a2b_uu(line))
            except binascii.Error:
                return match.group(0)  # not really uuencode: keep it as text
        files.append((match.group("name").strip(), bytes(data)))
        return match.group(0).split("\n", 1)[0] + "\n"  # keep the "begin" line as a marker

    cleaned = _BLOCK.sub(_take, text.replace("\r\n", "\n"))
    return cleaned, files
