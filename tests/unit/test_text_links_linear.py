"""Links in plain text are found in one pass: a hostile body (a URL followed by a million ")")
renders as fast as any other, and no URL longer than a browser would take becomes a link."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from triage.mail import html as mailhtml
from triage.mail.html import MAX_URL_CHARS, text_as_html

_TRAILING = ".,;:!?'\")]}>"


def _trim_one_char_a_loop(url: str) -> str:
    """The trimming as it was (quadratic), the reference for what it must still return."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@settings(deadline=None)  # linear by construction; no clock in tests
@given(st.text(alphabet="ab(.)]};:!?'\">/", max_size=40))
def test_trimming_a_url_keeps_what_the_one_char_a_loop_trimming_kept(tail):
    url = "https://x.example/" + tail

    assert mailhtml._trim_url(url) == _trim_one_char_a_loop(url)


@settings(deadline=None, max_examples=30)
@given(st.integers(min_value=1, max_value=50_000))
def test_closing_parentheses_after_a_url_are_text_and_the_link_is_the_url(count):
    out = text_as_html("See https://www.su.se/housing" + ")" * count)

    assert _hrefs(out) == ["https://www.su.se/housing"]
    assert out.endswith("</a>" + ")" * count)


def test_a_url_longer_than_a_browser_takes_stays_text():
    url = "https://x.example/" + "a" * MAX_URL_CHARS

    out = text_as_html(f"Look: {url} there")

    assert _hrefs(out) == []
    assert url in out


def test_a_url_at_the_length_cap_is_still_a_link():
    url = "https://x.example/" + "a" * (MAX_URL_CHARS - len("https://x.example/"))

    assert _hrefs(text_as_html(f"Look: {url}")) == [url]
