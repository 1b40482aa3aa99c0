"""Quadratic inputs for every pattern that sees mail text: a pattern that tries each start
position and scans to the end (or backtracks over a long run) turns one mail into hours."""

from __future__ import annotations

from collections.abc import Iterator

from tests.hostile.build import HostileMail, b_word, raw_mail

_HTML = "text/html; charset=utf-8"


def _body(name: str, body: str, content_type: str = "text/plain; charset=utf-8") -> HostileMail:
    return HostileMail(name, raw_mail(name, body, content_type=content_type))


def _header(name: str, header: str, value: bytes | str) -> HostileMail:
    return HostileMail(name, raw_mail(name, headers=[(header, value)]))


def body_mails() -> Iterator[HostileMail]:
    # The uuencode block pattern: every "begin" line scans lazily to the end for an "end".
    yield _body("body-of-100000-uuencode-begin-lines", "begin 644 x\r\n" * 100_000)
    # Trimming trailing punctuation off a URL one character a pass, counting each time.
    for char, what in ((")", "parens"), ("]", "brackets"), (".", "dots")):
        yield _body(f"body-url-then-a-million-{what}", "See https://evil.example/a" + char * 10**6)
    yield _body("body-of-one-million-urls-without-spaces", "http://x.example/" * 60_000)
    yield _body("body-2mb-line-without-spaces", "abcdefgh" * 250_000)
    yield _body("body-2mb-line-of-dotted-words-and-at-signs", "a.b@c-" * 350_000)
    # "> > > …": quote markers the classifier strips, in one line and in many.
    yield _body("body-one-line-of-a-million-quote-markers", ">" * 10**6 + " x")
    yield _body("body-20000-lines-of-50-quote-markers", ("> " * 50 + "x\r\n") * 20_000)
    # Whitespace runs for patterns that open with \s* (which also crosses line ends).
    yield _body("body-of-half-a-million-blank-lines", " \r\n" * 500_000 + "x")
    yield _body("body-quote-header-then-a-million-colons", "Den 3 okt skrev " + ":" * 10**6 + "x")
    yield _body("body-outlook-from-lines-without-sent", "From: x\r\n" * 100_000)
    yield _body("body-of-200000-closing-lines", "Mvh\r\n" * 200_000)
    yield _body("body-of-200000-template-braces", "{{" * 200_000 + "{%" * 100_000)
    yield _body("body-letters-then-a-million-digits", "ab" + "1" * 10**6)
    # HTML: deep nesting, a million attributes, brackets that never close.
    yield _body("html-100000-nested-divs", "<div>" * 100_000 + "x", _HTML)
    yield _body("html-with-a-million-attributes", "<p" + " a" * 10**6 + ">x</p>", _HTML)
    yield _body("html-of-a-million-open-brackets", "<" * 10**6, _HTML)
    yield _body(
        "html-link-then-a-million-parens",
        '<a href="https://evil.example/">x</a>' + ")" * 10**6,
        _HTML,
    )


def header_mails() -> Iterator[HostileMail]:
    yield _header(
        "subject-of-100000-case-tags", "Subject", "".join(f"[#{i}]" for i in range(100_000))
    )
    yield _header("subject-of-100000-unclosed-case-tags", "Subject", "[#123" * 100_000)
    yield _header("subject-of-50000-re-prefixes", "Subject", "Re: " * 50_000 + "Bostad")
    yield _header(
        "subject-re-then-100000-unicode-spaces", "Subject", b_word("Re" + "\u2003" * 100_000 + "x")
    )
    yield _header("subject-of-100000-encoded-words", "Subject", "=?utf-8?q?a?= " * 100_000)
    ids = " ".join(f"<id{i}@evil.example>" for i in range(100_000))
    yield _header("references-of-100000-ids", "References", ids)
    yield _header("in-reply-to-of-100000-ids", "In-Reply-To", ids)
    yield _header("message-id-of-200kb", "Message-ID", "<" + "a" * 200_000 + "@evil.example>")
    yield _header("message-id-of-200kb-without-brackets", "Message-ID", "a" * 200_000)
    yield _header(
        "content-type-with-100000-parameters", "Content-Type", "text/plain" + "; a=1" * 100_000
    )
    yield _header("date-of-the-year-99999999999", "Date", "Mon, 1 Jan 99999999999 00:00:00 +9999")


def id_mails() -> Iterator[HostileMail]:
    """Message-ID, In-Reply-To and References with CR, LF and NUL inside, raw and encoded."""
    for header in ("Message-ID", "In-Reply-To", "References"):
        slug = header.lower()
        yield _header(f"{slug}-with-a-raw-cr", header, b"<a\rb@evil.example>")
        yield _header(f"{slug}-with-a-raw-nul", header, b"<a\x00b@evil.example>")
        yield _header(
            f"{slug}-with-cr-lf-nul-in-an-encoded-word",
            header,
            b_word("<a\r\nBcc: x@evil.example\x00b@evil.example>"),
        )
        yield _header(
            f"{slug}-with-a-folded-line", header, "<a\r\n b@evil.example> <c\r\n\td@evil.example>"
        )
