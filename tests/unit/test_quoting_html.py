"""The case page's cut of mail HTML into the sender's words and the quote: Outlook's header block
found without an id, a "From:" in the student's own sentence left alone, and hostile markup
(unclosed tags, endless "From:" paragraphs) cut like any other (an unclosed "<p " run took 43 s
for 600 kB before the tag patterns stopped at the next "<")."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from triage.cases.quoting import split_html

WEB_OUTLOOK = (
    "<div><p>Hello Reza,</p><p>Report the loss to the police first.</p><p>&nbsp;</p><div></div>"
    "<p>From: Reza Demir &lt;rezademir@example.net&gt;</p>"
    "<p>Sent: Tuesday, 2 December 2025 14:50</p><p>Subject: Lost residence permit card</p>"
    "<p>I lost my wallet with my residence permit card during a trip to Oslo.</p></div>"
)


def test_a_from_sent_block_in_paragraphs_starts_the_quote():
    split = split_html(WEB_OUTLOOK)

    assert "Report the loss to the police first." in split.shown
    assert "Oslo" not in split.shown
    assert split.hidden.startswith("<p>From: Reza Demir")


def test_a_sent_in_the_same_sentence_is_not_a_header_block():
    html = "<p>Hej!</p><p>From: Oslo. Date: unknown, sent: never, and the permit is late.</p>"

    assert split_html(html).hidden == ""


@settings(deadline=None, max_examples=20)  # linear by construction; no clock in a unit test
@given(
    st.sampled_from(["<p ", "<div ", '<div class="', "<p>From:", "<p>From: x</p>", "<hr "]),
    st.integers(min_value=1, max_value=100_000),
)
def test_hostile_markup_of_one_repeated_piece_is_cut_like_any_other(piece, count):
    html = "<p>Hej, en fråga om nyckeln.</p>" + piece * count

    split = split_html(html)

    assert (split.shown + split.hidden).startswith("<p>Hej, en fråga om nyckeln.</p>")
