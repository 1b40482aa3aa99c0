"""HTML mail as readable text (inscriptis) and as HTML that is safe to show (nh3).

Mail HTML is hostile: scripts, event handlers, remote tracking images. What we store for display
has passed the sanitiser; templates may mark only that field safe.
"""

from __future__ import annotations

import re

import nh3
from inscriptis import get_text
from inscriptis.model.config import ParserConfig

_CONFIG = ParserConfig(display_links=False, display_images=False)
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "*": {"dir", "lang"},
}


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML body; never raises on broken markup."""
    if not html.strip():
        return ""
    try:
        text = get_text(html, _CONFIG)
    except Exception:
        text = re.sub(r"<[^>]+>", " ", html)
    lines = (line.rstrip() for line in text.splitlines())
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _only_inline_images(tag: str, attribute: str, value: str) -> str | None:
    """Keep cid: images (the mail's own parts); drop remote ones, which track the reader."""
    if tag == "img" and attribute == "src":
        return value if value.startswith("cid:") else None
    return value


def sanitise_html(html: str) -> str:
    """HTML that shows the mail's content and runs nothing of it (no script, style or handlers)."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_only_inline_images,
        strip_comments=True,
    )
