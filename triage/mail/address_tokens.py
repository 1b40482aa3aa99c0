"""The scanner under the address parser: a header value as a stream of RFC 5322 tokens.

Every pattern is anchored where the scanner stands and consumes at least one character, and
comments nest by a counter, never by recursion: one pass, however the header was crafted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")
QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"?', re.DOTALL)
ESCAPE = re.compile(r"\\(.)", re.DOTALL)
LITERAL = re.compile(r"\[[^\[\]]*\]?")
SPECIALS = frozenset("<>@,;:.")
# An RFC 2047 encoded word. The text parts stop at the next "?" or space, so a failed attempt
# looks no further than the next few question marks: the scan stays linear.
ENCODED_WORD = re.compile(r"=\?[^?\s]{1,75}\?[bBqQ]\?[^?\s]*\?=")
# An atom stops where "=?" begins, so an encoded word glued to a word ("x=?utf-8?q?…?=") is read
# as one: RFC 2047 says it is none, but a lenient reader decodes it into the name, and what it
# hides ("<boss@our.domain>") must never become the address for us either.
ATOM = re.compile(r"(?:[^\s\x00-\x1f\x7f\"(),.:;<>@\[\]=]|=(?!\?))+")
COMMENT_TEXT = re.compile(r"[^()\\]+")


@dataclass
class ParseCounter:
    """What one parse looked at, for tests that show the work is bounded (no clock needed)."""

    chars: int = 0  # characters handed to the scanner, after the cap
    steps: int = 0  # scanner steps; each consumes at least one character


@dataclass(frozen=True)
class Token:
    kind: str  # atom, encoded, quoted, comment, literal, junk, or one of the specials
    text: str  # quoted strings and comments unescaped, without their delimiters
    spaced: bool  # whitespace came before it


def tokens(text: str, counter: ParseCounter) -> Iterator[Token]:
    pos, end, spaced = 0, len(text), False
    while pos < end:
        counter.steps += 1
        if (space := SPACE.match(text, pos)) is not None:
            pos, spaced = space.end(), True
            continue
        token, pos = _token(text, pos, spaced, counter)
        yield token
        spaced = False


def _token(text: str, pos: int, spaced: bool, counter: ParseCounter) -> tuple[Token, int]:
    """The token at `pos` and where the next one starts; every pattern is anchored at `pos`."""
    char = text[pos]
    if char == '"':
        match = QUOTED.match(text, pos)
        assert match is not None  # matches whatever follows a quote
        return Token("quoted", ESCAPE.sub(r"\1", match.group(1)), spaced), match.end()
    if char == "(":
        comment, after = _comment(text, pos, counter)
        return Token("comment", comment, spaced), after
    if char == "[":
        match = LITERAL.match(text, pos)
        assert match is not None
        return Token("literal", match.group(), spaced), match.end()
    if char in SPECIALS:
        return Token(char, char, spaced), pos + 1
    if char == "=" and (match := ENCODED_WORD.match(text, pos)) is not None:
        return Token("encoded", match.group(), spaced), match.end()
    if (match := ATOM.match(text, pos)) is not None:
        return Token("atom", match.group(), spaced), match.end()
    return Token("junk", char, spaced), pos + 1  # a stray ")" or "]"


def _comment(text: str, pos: int, counter: ParseCounter) -> tuple[str, int]:
    """A comment from its "(" to the matching ")" (or the end), nesting counted, not recursed."""
    depth, parts, end = 0, [], len(text)
    while pos < end:
        counter.steps += 1
        char = text[pos]
        if char == "(":
            depth += 1
            if depth > 1:
                parts.append(char)
            pos += 1
        elif char == ")":
            depth -= 1
            pos += 1
            if depth == 0:
                break
            parts.append(char)
        elif char == "\\":
            parts.append(text[pos + 1 : pos + 2])
            pos += 2
        else:
            match = COMMENT_TEXT.match(text, pos)
            assert match is not None
            parts.append(match.group())
            pos = match.end()
    return "".join(parts), pos
