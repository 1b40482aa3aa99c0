"""The reply's Markdown as the student reads it: plain text without markup, HTML with it."""

from __future__ import annotations

import pytest

from triage.cases.reply_text import render_reply, with_signature
from triage.mail.failures import RefusedInput
from triage.mail.reply_headers import parse_addresses


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("Du får **nyckeln** på *måndag*.", "Du får nyckeln på måndag."),
        ("Ta med:\n- pass\n- kontrakt", "Ta med:\n\n- pass\n- kontrakt"),
        ("1. Ansök\n2. Betala", "1. Ansök\n2. Betala"),
        ("Se [sidan](https://x.se/a).", "Se sidan (https://x.se/a)."),
        ("Se <https://x.se/a>.", "Se https://x.se/a."),
        ("Vänliga hälsningar\nSara", "Vänliga hälsningar\nSara"),
        ("## Öppettider\nMån–tor", "Öppettider\n\nMån–tor"),
        ("> citat", "> citat"),
    ],
)
def test_the_plain_part_has_the_words_without_the_markup(markdown, plain):
    assert render_reply(markdown).plain == plain


def test_the_html_part_has_the_emphasis_lists_and_links_and_nothing_that_runs():
    html = render_reply(
        "**Viktigt:**\n- ett\n\n[länk](https://x.se) <script>x()</script> [js](javascript:x())"
    ).html

    assert "<strong>Viktigt:</strong>" in html
    assert "<li>ett</li>" in html
    assert 'href="https://x.se"' in html
    assert "<script" not in html
    assert 'href="javascript' not in html


def test_a_signature_is_added_once():
    assert with_signature("Hej!", "Sara\nIO") == "Hej!\n\nSara\nIO"
    assert with_signature("Hej!\n\nSara\nIO\n", "Sara\nIO") == "Hej!\n\nSara\nIO"
    assert with_signature("Hej!", "") == "Hej!"


def test_cc_addresses_are_read_one_per_comma_or_line_and_anything_else_is_refused():
    assert parse_addresses("a@x.se, Bo <b@y.se>;\nA@x.se") == ["a@x.se", "b@y.se"]
    for bad in ("a@x.se\r\nBcc: v@z.se", "Bcc: v@z.se", "nobody", "a@x.se\x00"):
        with pytest.raises(RefusedInput):
            parse_addresses(bad)
