"""Turns a routine's Markdown into HTML that is safe to show with `|safe`.

Routine files are edited by many people and pasted from mail and web pages, so raw HTML is
switched off in the Markdown parser *and* the result is cleaned by nh3: either alone would be one
mistake away from running someone's `<script>` in a colleague's browser.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

from routines.model import Routine, Step

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


@cache
def _markdown() -> MarkdownIt:
    # CommonMark plus tables; no raw HTML, no typographic replacements that would alter quotes.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        # Tables put column alignment in style=""; nothing else in a style may pass.
        filter_style_properties={"text-align"},
    )


def render_html(routine: Routine) -> str:
    """The routine's body (background, details, pitfalls) as sanitised HTML."""
    return _clean(_markdown().render(routine.body))


def render_step_html(step: Step) -> str:
    """A checklist step's text as sanitised inline HTML (emphasis, code, links; no paragraphs)."""
    return _clean(_markdown().renderInline(step.text))


@cache
def _linking_markdown() -> MarkdownIt:
    # As above, and bare web addresses become links (a FAQ answer names the office's pages).
    return MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(["table", "linkify"])


def markdown_html(text: str) -> str:
    """Markdown the office wrote for readers (a FAQ answer) as sanitised HTML, by the same
    rules as routines, with bare addresses linked."""
    return _clean(_linking_markdown().render(text))
