"""Encoded-word tricks in every address header: text that only *looks* like an address once an
RFC 2047 word is decoded must never become a sender, a recipient or the office itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tests.hostile.build import (
    ATTACKER,
    OFFICE,
    VICTIM,
    HostileMail,
    b_word,
    q_word,
    raw_mail,
)

ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To", "Sender")

# (trick, header value, real address in it or "", addresses that appear only encoded)
_Trick = tuple[str, str, str, tuple[str, ...]]
_CRLF_NAME = f"Housing\r\nBcc: {OFFICE}\r\nX: "


def _tricks() -> Iterator[_Trick]:
    real = f"<{ATTACKER}>"
    yield "b-word-decoding-to-the-office-address", f"{b_word(OFFICE)} {real}", ATTACKER, (OFFICE,)
    yield "q-word-decoding-to-the-office-address", f"{q_word(OFFICE)} {real}", ATTACKER, (OFFICE,)
    yield (
        "word-decoding-to-an-angle-bracketed-victim",
        f"{b_word(f'<{VICTIM}>')} {real}",
        ATTACKER,
        (VICTIM,),
    )
    yield "only-a-word-decoding-to-an-angle-bracketed-victim", b_word(f"<{VICTIM}>"), "", (VICTIM,)
    yield (
        "word-decoding-to-a-comma-and-a-second-address",
        f"{q_word(f'{VICTIM}, {OFFICE}')} {real}",
        ATTACKER,
        (VICTIM, OFFICE),
    )
    yield (
        "mixed-case-charset-and-encoding",
        f"{b_word(OFFICE, 'UtF-8').replace('?b?', '?B?')} {real}",
        ATTACKER,
        (OFFICE,),
    )
    yield (
        "mixed-case-latin1-q-word",
        f"{q_word(OFFICE, 'Iso-8859-1').replace('?q?', '?Q?')} {real}",
        ATTACKER,
        (OFFICE,),
    )
    yield "unknown-charset", f"{b_word(OFFICE, 'x-no-such-charset')} {real}", ATTACKER, (OFFICE,)
    yield (
        "crlf-inside-the-encoded-display-name",
        f"{b_word(_CRLF_NAME)} {real}",
        ATTACKER,
        (OFFICE,),
    )
    # Long inputs for the address pattern: each start position scanning to the end is quadratic.
    yield "200kb-without-at", "a.b-c_d+e'f" * 18_200, "", ()


def _many_addresses(header: str) -> HostileMail:
    value = ", ".join(f"a{i}@evil.example" for i in range(100_000))
    name = f"{header.lower()}-with-100000-addresses"
    sender = "a0@evil.example" if header == "From" else ATTACKER
    return HostileMail(name, _with(header, name, value), sender)


def _with(header: str, name: str, value: str) -> bytes:
    return raw_mail(name, headers=[(header, value)])


def address_mails() -> Iterator[HostileMail]:
    for header in ADDRESS_HEADERS:
        for trick, value, real, forged in _tricks():
            name = f"{header.lower()}-{trick}"
            sender = real if header == "From" else ATTACKER
            yield HostileMail(name, _with(header, name, value), sender, forged)
        yield _many_addresses(header)
    yield from _cousins()


def _cousins() -> Iterator[HostileMail]:
    """The same tricks one step aside."""
    real = f"<{ATTACKER}>"
    forging: list[tuple[str, Callable[[], str], tuple[str, ...]]] = [
        # The classic from the issue: the office's address, and a case tag to join case 1.
        ("from-office-word-with-a-case-tag", lambda: f"{b_word(OFFICE)} {real}", (OFFICE,)),
        # Two words side by side decode (and join) into one address.
        (
            "from-an-address-split-over-two-words",
            lambda: f"{b_word('housing@')}{b_word('office.example')} {real}",
            (OFFICE,),
        ),
        # The address inside a quoted display name, which some decoders unquote.
        ("from-word-inside-a-quoted-string", lambda: f'"{b_word(OFFICE)}" {real}', (OFFICE,)),
        # A word inside a comment.
        ("from-word-inside-a-comment", lambda: f"{ATTACKER} ({b_word(OFFICE)})", (OFFICE,)),
        # A group whose display name decodes to an address.
        ("from-word-as-a-group-name", lambda: f"{b_word(OFFICE)}: {ATTACKER};", (OFFICE,)),
    ]
    for name, value, forged in forging:
        subject = "[#1] " + name if "case-tag" in name else name
        raw = raw_mail(name, headers=[("From", value()), ("Subject", subject)])
        yield HostileMail(name, raw, ATTACKER, forged)
    # An automatic reply that claims to come from a student: it must not land on her case.
    auto = raw_mail(
        "from-victim-word-on-an-automatic-reply",
        headers=[
            ("From", f"{b_word(VICTIM)} {real}"),
            ("Auto-Submitted", "auto-replied"),
            ("Subject", "Automatic reply: housing"),
        ],
    )
    yield HostileMail("from-victim-word-on-an-automatic-reply", auto, ATTACKER, (VICTIM,))
    # Nested comments and groups for the address parser's recursion.
    deep = "(" * 50_000 + "x" + ")" * 50_000
    yield HostileMail(
        "from-with-50000-nested-comments",
        raw_mail("from-with-50000-nested-comments", headers=[("From", f"{ATTACKER} {deep}")]),
    )
    # The office really writing, with an encoded display name: this one *is* the office.
    office = raw_mail(
        "control-the-office-itself-with-an-encoded-display-name",
        headers=[("From", f"{q_word('Housing Office')} <{OFFICE}>"), ("To", VICTIM)],
    )
    yield HostileMail("control-the-office-itself-with-an-encoded-display-name", office, OFFICE)
