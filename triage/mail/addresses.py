"""Addresses read from a header as it stands: the real address of each mailbox, and its display
name decoded for people to read.

RFC 2047 encoded words are decoded in display names only, so in
`From: =?utf-8?b?aG91c2luZ0BvdXIuZG9tYWlu?= <attacker@evil>` the address is attacker@evil
whatever the encoded word says, and an address that appears only inside an encoded word is never
an address. One pass over at most MAX_HEADER_CHARS characters, no recursion (comments nest by a
counter), at most MAX_ADDRESSES addresses: a crafted header costs no more than a long one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from triage.mail.address_tokens import ParseCounter, Token, tokens
from triage.mail.charsets import decode_header_value, decode_raw_8bit

MAX_HEADER_CHARS = 32_768  # looked at per header name, over all its occurrences
MAX_ADDRESSES = 100  # kept per header name
MAX_ADDRESS_CHARS = 320  # RFC 5321: 64 for the local part, 255 for the domain
MAX_NAME_CHARS = 512  # of a display name's raw text, before decoding

_DOT_ATOM = re.compile(
    r"[^\s\x00-\x1f\x7f\"(),.:;<>@\[\]\\]+(?:\.[^\s\x00-\x1f\x7f\"(),.:;<>@\[\]\\]+)*"
)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*|\[[^\[\]\\\s]*\]")
_NAME_SEPARATORS = re.compile(r"[\s\"'()<>,;:\[\]]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# One plain mailbox, as nearly every From and most To headers hold: a display name of words,
# dots, spaces and encoded words, then <local@domain>; or the address alone. Such an ASCII value
# reads the same by this pattern as by the scanner (tests hold the two together) at a tenth of
# the cost; any other value, and any address the checks below would doubt, goes to the scanner.
_PLAIN_ADDRESS = r"[^\x00-\x20\x7f\"(),:;<>@\[\]\\]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_PLAIN = re.compile(
    rf"(?P<name>[^\x00-\x1f\x7f\"(),:;<>@\[\]\\]*)<(?P<inner>{_PLAIN_ADDRESS})>[ \t]*"
    rf"|[ \t]*(?P<bare>{_PLAIN_ADDRESS})[ \t]*"
)  # no two repeats can take the same character: one pass, whatever the value
_WORDS = frozenset({"atom", "encoded", "quoted", "."})


@dataclass(frozen=True)
class NamedAddress:
    """One mailbox of a header: its address ("" when the entry has none) and its display name."""

    address: str
    name: str


def address_list(
    values: Iterable[str], *, limit: int = MAX_ADDRESSES, counter: ParseCounter | None = None
) -> list[str]:
    """The addresses of a header's occurrences (raw values), lowercased, in order, once each."""
    found: dict[str, None] = {}
    for entry in _entries(values, counter or ParseCounter()):
        if entry.address and entry.address not in found:
            found[entry.address] = None
            if len(found) >= limit:
                break
    return list(found)


def mailboxes(
    values: Iterable[str], *, limit: int = MAX_ADDRESSES, counter: ParseCounter | None = None
) -> list[NamedAddress]:
    """Every entry of the header with its decoded display name (entries without an address too,
    e.g. a name alone); at most `limit` entries."""
    out: list[NamedAddress] = []
    for entry in _entries(values, counter or ParseCounter()):
        out.append(NamedAddress(entry.address, _decode_name(entry.phrase)))
        if len(out) >= limit:
            break
    return out


def name_shows_other_address(name: str, address: str) -> bool:
    """Whether a display name contains something shaped like an address other than `address`
    (`"housing@our.domain" <attacker@evil>`): a reader may take the name for the sender."""
    if "@" not in name:
        return False
    own = address.lower()
    for word in _NAME_SEPARATORS.split(name[:MAX_NAME_CHARS]):
        local, at, domain = word.strip(".").partition("@")
        if at and local and domain and word.strip(".").lower() != own:
            return True
    return False


@dataclass(frozen=True)
class _Entry:
    address: str
    phrase: str  # the display name's raw text (encoded words still encoded)


def _entries(values: Iterable[str], counter: ParseCounter) -> Iterator[_Entry]:
    budget = MAX_HEADER_CHARS
    for value in values:
        if budget <= 0:
            return
        # Raw 8-bit bytes (carried as surrogates) stay as they are until the entry is split: a
        # detector's guess for a whole undecodable value could garble its ASCII address.
        text = value[:budget]
        budget -= len(text)
        counter.chars += len(text)
        plain = _plain_entry(text)
        if plain is not None:
            yield plain
        else:
            yield from _split_entries(tokens(text, counter))


def _plain_entry(text: str) -> _Entry | None:
    """The one entry of a plain value (see _PLAIN), or None: then the scanner reads it."""
    if not text.isascii() or (match := _PLAIN.fullmatch(text)) is None:
        return None
    address = match["inner"] or match["bare"]
    local = address.rpartition("@")[0]
    if len(address) >= MAX_ADDRESS_CHARS or "=?" in address or "?=" in address:
        return None
    if not _DOT_ATOM.fullmatch(local):
        return None
    return _Entry(address.lower(), " ".join((match["name"] or "").split()))


def _split_entries(tokens: Iterator[Token]) -> Iterator[_Entry]:
    """Entries are separated by commas; a group ("name: a, b;") contributes its members.
    Inside <…> a comma or colon separates nothing when it belongs to an obsolete source route
    (<@a,@b:user@c>); in any other <…> a comma ends it (a ">" left out)."""
    current: list[Token] = []
    angle = -1  # where the open <…> starts in `current`, or -1
    for token in tokens:
        route = angle >= 0 and angle + 1 < len(current) and current[angle + 1].kind == "@"
        if token.kind == "<":
            angle = len(current)
        elif token.kind == ">":
            angle = -1
        elif token.kind in (",", ";") and not route:
            if (entry := _entry(current)) is not None:
                yield entry
            current, angle = [], -1
            continue
        elif token.kind == ":" and angle < 0:
            current = []  # what came before was the group's name
            continue
        current.append(token)
    if (entry := _entry(current)) is not None:
        yield entry


def _entry(tokens: list[Token]) -> _Entry | None:
    if not tokens:
        return None
    angle = next((i for i, t in enumerate(tokens) if t.kind == "<"), None)
    if angle is not None:
        inner: list[Token] = []
        for token in tokens[angle + 1 :]:
            if token.kind == ">":
                break
            if token.kind != "comment":
                inner.append(token)
        route = max((i for i, t in enumerate(inner) if t.kind == ":"), default=-1)
        return _Entry(_addr_spec(inner[route + 1 :]), _phrase(tokens[:angle]))
    # No <…>: the address is the first run of words joined by "." and "@" without spaces;
    # words before it are a name, and a comment stands in for a missing name ("a@b (Name)").
    chains = _chains(tokens)
    for start, stop in chains:
        address = _addr_spec(tokens[start:stop])
        if address:
            phrase = _phrase(tokens[:start]) or " ".join(
                t.text for t in tokens if t.kind == "comment"
            )
            return _Entry(address, phrase)
    return _Entry("", _phrase(tokens))


def _chains(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, stop) of each run of tokens that could form an address: words, dots, "@" and
    domain literals with no space between them."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, token in enumerate(tokens):
        joins = token.kind in _WORDS or token.kind in ("@", "literal")
        if start is not None and (not joins or token.spaced):
            runs.append((start, i))
            start = None
        if joins and start is None:
            start = i
    if start is not None:
        runs.append((start, len(tokens)))
    return [r for r in runs if any(t.kind == "@" for t in tokens[r[0] : r[1]])]


def _addr_spec(tokens: list[Token]) -> str:
    """local@domain from the tokens, or "" when they are not exactly one address."""
    ats = [i for i, t in enumerate(tokens) if t.kind == "@"]
    if len(ats) != 1:
        return ""
    local_tokens, domain_tokens = tokens[: ats[0]], tokens[ats[0] + 1 :]
    if not local_tokens or not domain_tokens:
        return ""
    if any(t.kind not in ("atom", "quoted", ".") for t in local_tokens):
        return ""  # an encoded word, a literal or junk is never part of a local part
    if any(t.kind not in ("atom", ".", "literal") for t in domain_tokens):
        return ""
    local = _local_part(local_tokens)
    if not local:
        return ""
    domain = "".join(t.text for t in domain_tokens).rstrip(".")
    if len(local) + len(domain) >= MAX_ADDRESS_CHARS:
        return ""
    # Raw 8-bit bytes (an RFC 6532 address in UTF-8) are decoded before the address is checked.
    local, _, domain = decode_raw_8bit(f"{local}@{domain}").rpartition("@")
    address = f"{local}@{domain}"
    if len(address) > MAX_ADDRESS_CHARS or "=?" in address or "?=" in address:
        return ""  # over-long, or what is left of an encoded word split at its "@"
    if not _DOMAIN.fullmatch(domain):
        return ""
    if not local.startswith('"') and not _DOT_ATOM.fullmatch(local):
        return ""
    return address.lower()


def _local_part(tokens: list[Token]) -> str:
    if len(tokens) == 1 and tokens[0].kind == "quoted":
        text = tokens[0].text
        if _DOT_ATOM.fullmatch(text):
            return text  # "john"@x is john@x
        if not text or _CONTROL.search(text):
            return ""
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if any(t.kind == "quoted" for t in tokens):
        return ""  # a quoted string glued to other words: too odd to be anyone's address
    return "".join(t.text for t in tokens)


def _phrase(tokens: list[Token]) -> str:
    """The raw text of a display name: words as written, quoted strings unquoted, comments
    left out; the spaces between words kept, so adjacent encoded words still join."""
    parts: list[str] = []
    for token in tokens:
        if token.kind == "comment":
            continue
        if parts and token.spaced:
            parts.append(" ")
        parts.append(token.text)
    return "".join(parts).strip()


def _decode_name(phrase: str) -> str:
    return decode_header_value(phrase[:MAX_NAME_CHARS]).strip().strip('"').strip()
