"""What is new in a mail and what is quoted: the case page shows the sender's own words and
keeps earlier mail quoted below them, and the signature, behind "show quoted text".

Plain text is cut where the classifier cuts it (classifiers/text.py finds quote headers in
Swedish and English, "> " lines and closing lines); mail HTML is cut at the markers mail
programs put before a quote (Gmail, Outlook, Apple Mail, Thunderbird). Each part is sanitised on
its own, so a cut never leaves an element open across the page.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from classifiers.text import drop_signature, first_quote, forward_start

# A cut only pays when it hides something worth hiding, and leaves something to read.
MIN_HIDDEN_CHARS = 40
MIN_SHOWN_LETTERS = 2
_QUOTED_LINE = re.compile(r"^[ \t]*>", re.MULTILINE)
_HTML_QUOTE = re.compile(
    r"<div[^<>]*\bclass=\"?[^\"<>]*\bgmail_(?:quote|signature)\b|"
    r"<div[^<>]*\bid=\"?(?:divRplyFwdMsg|appendonsend)\b|"
    r"<blockquote\b|"
    r"<div[^<>]*\bclass=\"?[^\"<>]*\bmoz-(?:cite-prefix|signature)\b|"
    r"<hr[^<>]*\bid=\"?stopSpelling\b",
    re.IGNORECASE,
)

# Outlook's quoted header block in HTML without an id to find it by (desktop Outlook, many web
# mailers): a paragraph that starts "From:"/"Från:" with "Sent:"/"Date:" soon after. Tags are
# bounded so that hostile markup cannot make the search quadratic.
_HTML_FROM = re.compile(
    r"<(?:p|div)\b[^<>]{0,400}>(?:\s|&nbsp;|<(?!/?(?:p|div)\b)[^<>]{0,400}>){0,12}(?:from|från)\s*:",
    re.IGNORECASE,
)
_HEADER_NEXT = re.compile(
    r"\n[ \t]*(?:sent|skickat|date|datum)[ \t]*:", re.IGNORECASE
)  # on a line of its own: after a tag, as mail programs write it
_HEADER_REACH = 1500  # characters of markup after "From:" in which "Sent:" must follow
_HEADER_TRIES = 20  # "From:" paragraphs looked at; a mail with more is not worth the time


@dataclass(frozen=True)
class Split:
    shown: str
    hidden: str  # quoted earlier mail and the signature; "" when nothing is hidden


def split_text(text: str) -> Split:
    """Plain text: the sender's own words, and from the first quote (or signature) on. A
    reply written below the quote ("> " lines) keeps its words; the quote block is hidden."""
    text = text.replace("\r\n", "\n")
    below = _answer_below_quote(text)
    if below is not None:
        return below
    forwarded = forward_start(text)
    starts = [first_quote(text)]
    quoted = _QUOTED_LINE.search(text)
    starts.append(quoted.start() if quoted else None)
    found = [s for s in starts if s is not None and (forwarded is None or s < forwarded)]
    cut = min(found) if found else len(text)
    head = text[:cut].rstrip()
    unsigned = drop_signature(head) if forwarded is None else head
    if len(unsigned.rstrip()) < len(head):
        cut = len(unsigned)
    return _split(text, cut)


def _answer_below_quote(text: str) -> Split | None:
    quoted = [m.start() for m in _QUOTED_LINE.finditer(text)]
    if not quoted:
        return None
    end = text.find("\n", quoted[-1])
    after = text[end:].strip() if end != -1 else ""
    if _letters(after) < MIN_SHOWN_LETTERS or forward_start(text) is not None:
        return None
    header = first_quote(text)
    start = header if header is not None and header < quoted[0] else quoted[0]
    shown = (text[:start].rstrip() + "\n\n" + after).strip()
    hidden = text[start:end].strip("\n")
    if len(hidden.strip()) < MIN_HIDDEN_CHARS:
        return Split(text, "")
    return Split(shown, hidden)


def split_html(html: str) -> Split:
    """Mail HTML (raw; sanitise each part): cut at the first quote or signature marker."""
    found = _HTML_QUOTE.search(html)
    cut = found.start() if found else _html_header_block(html)
    return _split(html, len(html) if cut is None else cut, markup=True)


def _html_header_block(html: str) -> int | None:
    """Where an Outlook-style "From: … Sent: …" block starts in HTML, if one does."""
    for match in itertools.islice(_HTML_FROM.finditer(html), _HEADER_TRIES):
        following = re.sub(r"<[^<>]*>", "\n", html[match.end() : match.end() + _HEADER_REACH])
        if _HEADER_NEXT.search(following[:400]):
            return match.start()
    return None


def _split(text: str, cut: int, *, markup: bool = False) -> Split:
    shown, hidden = text[:cut], text[cut:]
    letters = _letters(re.sub(r"<[^<>]*>|&\w+;", " ", shown) if markup else shown)
    hidden_chars = len(re.sub(r"<[^<>]*>|\s+", "", hidden) if markup else hidden.strip())
    if letters < MIN_SHOWN_LETTERS or hidden_chars < MIN_HIDDEN_CHARS:
        return Split(text, "")
    return Split(shown.rstrip(), hidden.strip("\n"))


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)
