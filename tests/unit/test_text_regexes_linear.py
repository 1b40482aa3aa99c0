"""The patterns that read mail text before classifying stay linear: a pattern anchored at a
line start never reaches past that line, a run of dashes is tried once, and hostile bodies of
blank lines, dashes or blanks are prepared like any other (they took up to 51 s each)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers import text as prep
from classifiers.text import MAX_CHARS, new_text

_LINE_ANCHORED = [prep._QUOTE_HEADERS, prep._OUTLOOK_BLOCK, prep._FORWARD_LINE]


@pytest.mark.parametrize("pattern", _LINE_ANCHORED, ids=lambda p: p.pattern[:30])
def test_a_pattern_anchored_at_a_line_start_never_spans_blank_lines_from_it(pattern):
    # "^\s*" let every blank line scan all the blank lines after it: quadratic.
    assert not re.search(r"\^\\s", pattern.pattern)


def test_the_forward_rule_is_tried_only_where_a_run_of_dashes_starts():
    assert prep._FORWARD_RULE.pattern.startswith("(?<!-)")


@settings(deadline=None, max_examples=25)  # linear by construction (above); no clock here
@given(
    st.sampled_from(["\n", "-", " \n", "\t\n", "_", "> \n"]),
    st.integers(min_value=1, max_value=MAX_CHARS * 3),
)
def test_hostile_bodies_of_one_repeated_piece_are_prepared(piece, length):
    first = "Hej, en fråga om nyckeln till rummet i korridoren."
    body = first + "\n" + (piece * length)[: MAX_CHARS * 3]

    assert new_text(body).startswith(first)


@pytest.mark.parametrize(
    "body",
    [
        "Tack för svaret, jag kommer på måndag.\n\nOn Mon, 3 Oct 2026, X <x@y.se> wrote:\n> Hej",
        "Tack för svaret, jag kommer på måndag.\n\n  Den 3 okt. 2026 kl. 14:12 skrev X:\n> Hej",
        "Tack för svaret, jag kommer på måndag.\n\nFrån: X\nSkickat: idag\nÄmne: Hej\n\nHej",
        "Tack för svaret, jag kommer på måndag.\n-----Original Message-----\nFrom: X\nHej",
    ],
)
def test_quoted_mail_below_the_new_text_is_still_cut(body):
    assert new_text(body).strip() == "Tack för svaret, jag kommer på måndag."


def test_a_forward_rule_after_a_long_run_of_dashes_is_still_found():
    body = "Se nedan.\n" + "-" * 5000 + " Forwarded message ---------\nFrom: X\n\nFrågan"

    assert prep.forward_start(body) == len("Se nedan.\n")


def test_the_tag_fallback_cannot_span_an_opening_bracket():
    from triage.mail.htmltext import TAG, strip_tags

    assert "<" in TAG.pattern.split("[^", 1)[1].split("]", 1)[0]
    assert strip_tags("<p>Hej <b>du</b></p>").split() == ["Hej", "du"]
    assert strip_tags("<" * 50_000 + "x").endswith("x")
