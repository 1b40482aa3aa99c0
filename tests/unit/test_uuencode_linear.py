"""Uuencoded files come out of a body in one pass over its lines: a body of many "begin 644"
lines without an "end" costs as many steps as it has lines, not lines squared."""

from __future__ import annotations

import binascii
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from triage.mail import uuencode
from triage.mail.uuencode import split_uuencoded

# The pattern as it was (quadratic on many "begin" lines): the reference for what comes out.
_OLD_BLOCK = re.compile(
    r"^begin [0-7]{3,4} (?P<name>[^\n]+)\n(?P<data>.*?)^end[ \t]*$", re.M | re.S
)


def _split_with_the_old_pattern(text: str) -> tuple[str, list[tuple[str, bytes]]]:
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
                return match.group(0)
        files.append((match.group("name").strip(), bytes(data)))
        return match.group(0).split("\n", 1)[0] + "\n"

    return _OLD_BLOCK.sub(_take, text.replace("\r\n", "\n")), files


_LINES = st.sampled_from(
    [
        "begin 644 a.txt",
        "begin 0644 b.bin",
        "begin 64 short",
        "begin 644 ",
        "end",
        "end \t",
        "endx",
        " end",
        "#0V%T",
        "`",
        "",
        "Hej!",
        "\r",
        "M" + "0" * 60,
        "begin 999 x",
    ]
)


@settings(deadline=None, max_examples=300)  # no clock: linear by construction, counted below
@given(st.lists(_LINES, max_size=12), st.booleans())
def test_the_line_scan_finds_what_the_old_pattern_found(lines, final_newline):
    text = "\n".join(lines) + ("\n" if final_newline else "")

    assert split_uuencoded(text) == _split_with_the_old_pattern(text)


def test_a_real_uuencoded_file_is_taken_out_and_its_begin_line_kept():
    encoded = binascii.b2a_uu(b"Cat").decode()
    text = f"Hej, filen:\nbegin 644 cat.txt\n{encoded}`\nend\nMvh"

    cleaned, files = split_uuencoded(text)

    assert files == [("cat.txt", b"Cat")]
    assert cleaned == "Hej, filen:\nbegin 644 cat.txt\n\nMvh"


class _CountedLines(list[str]):
    """A list of lines that counts how often a line is read."""

    reads = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        type(self).reads += 1
        return super().__getitem__(index)


@given(st.integers(min_value=1, max_value=3000))
@settings(deadline=None, max_examples=20)
def test_many_begin_lines_without_an_end_are_read_a_bounded_number_of_times(count):
    lines = _CountedLines(["begin 644 x.bin"] * count + ["text"])
    _CountedLines.reads = 0

    uuencode._scan(lines)

    assert _CountedLines.reads <= 4 * len(lines)


def test_a_huge_body_of_begin_lines_is_kept_as_text():
    text = "begin 644 x.bin\n" * 200_000

    cleaned, files = split_uuencoded(text)

    assert cleaned == text
    assert files == []
