"""An officer's reply (the editor's text and inserted standard replies) is Markdown; a mail
carries it twice, as clean plain text and as sanitised HTML, both rendered from the same text.

Students must never see the markup: the plain part has no `**`, links read "text (url)", list
items are "- " lines. The HTML part goes through the project's one HTML policy (mail/html.py), so
nothing an officer pastes (a <script>, a remote image) reaches a student's mail program. Line
breaks are kept as typed ("Best regards" / "Anna" stay two lines), as officers expect from mail.
"""

from __future__ import annotations

import html as html_lib
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from triage.mail.html import sanitise_html

# Raw HTML in the text stays text (shown escaped); tables and ~~strike~~ as GitHub writes them.
_MARKDOWN = MarkdownIt("commonmark", {"breaks": True, "html": False}).enable(
    ["table", "strikethrough"]
)
_RULE = "———"
_MAIL_STYLE = "font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.5"


class RenderedReply(NamedTuple):
    plain: str  # the text/plain part: no markup characters
    html: str  # a sanitised HTML fragment: the page's preview and the text/html part's body


def render_reply(markdown: str) -> RenderedReply:
    """The reply as plain text and as a sanitised HTML fragment (for the preview and the mail)."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    tokens = _MARKDOWN.parse(text)
    plain = _blocks(SyntaxTreeNode(tokens).children).strip("\n")
    fragment = sanitise_html(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))
    return RenderedReply(plain, fragment.strip())


def html_document(fragment: str, language: str = "") -> str:
    """A sanitised fragment as the whole text/html part of a mail (the style is ours, added
    after sanitising: mail programs ignore style sheets, so it is inline)."""
    lang = f' lang="{html_lib.escape(language, quote=True)}"' if language else ""
    return (
        f'<!DOCTYPE html>\n<html{lang}><head><meta charset="utf-8"></head>\n'
        f'<body><div style="{_MAIL_STYLE}">\n{fragment}\n</div></body></html>\n'
    )


def with_signature(markdown: str, signature: str) -> str:
    """`markdown` signed: the signature below it after a blank line, unless the text already
    ends with it (a standard reply that printed the signature itself)."""
    signature = signature.strip()
    body = markdown.rstrip()
    if not signature or _squeezed(body).endswith(_squeezed(signature)):
        return body
    return f"{body}\n\n{signature}"


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _blocks(nodes: list[SyntaxTreeNode], separator: str = "\n\n") -> str:
    return separator.join(part for node in nodes if (part := _block(node)))


def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return _inline(node.children)
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "blockquote":
        return _prefixed(_blocks(node.children), "> ", "> ")
    if kind in ("fence", "code_block", "html_block"):
        return node.content.rstrip("\n")
    if kind == "hr":
        return _RULE
    if kind == "table":
        return _table(node)
    return _blocks(node.children)


def _list(node: SyntaxTreeNode) -> str:
    ordered = node.type == "ordered_list"
    number = int(str(node.attrs.get("start", 1))) if ordered else 0
    items = []
    for item in node.children:
        marker = f"{number}. " if ordered else "- "
        items.append(_prefixed(_blocks(item.children, "\n"), marker, " " * len(marker)))
        number += 1
    return "\n".join(items)


def _prefixed(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0], *((rest + line).rstrip() for line in lines[1:])])


def _table(node: SyntaxTreeNode) -> str:
    rows = []
    for section in node.children:  # thead, tbody
        for row in section.children:
            rows.append(" | ".join(_inline(cell.children) for cell in row.children))
    return "\n".join(rows)


def _inline(nodes: list[SyntaxTreeNode]) -> str:
    out: list[str] = []
    for node in nodes:
        kind = node.type
        if kind == "inline":
            out.append(_inline(node.children))
        elif kind in ("text", "code_inline", "html_inline"):
            out.append(node.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "link":
            out.append(_link(_inline(node.children), str(node.attrs.get("href", ""))))
        elif kind == "image":
            out.append(_link(_inline(node.children), str(node.attrs.get("src", ""))))
        else:  # strong, em, s: the words without their markup
            out.append(_inline(node.children))
    return "".join(out)


def _link(text: str, url: str) -> str:
    """ "text (url)"; a bare URL or address once, not twice."""
    if not url or url in (text, f"mailto:{text}"):
        return text or url
    return f"{text} ({url})" if text else url
