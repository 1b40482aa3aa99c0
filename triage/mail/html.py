"""The one policy for mail HTML (which tags, attributes and links survive), used when a mail is
stored (`sanitise_html`) and when it is shown (`safe_html`); and plain text shown as HTML.

Mail HTML is hostile: scripts, event handlers, forms, remote images that tell the sender when an
officer opened the mail. One allow-list, so what is stored and what is shown never disagree on
what a mail may contain. Only what `safe_html` returns may be marked `|safe` in a template.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

import nh3

MAX_HTML_CHARS = 2_000_000
# Longer than any browser or server takes (the common limit is about 2,000): shown as text.
MAX_URL_CHARS = 2048
LINK_REL = "noopener noreferrer nofollow"

_TAGS = {
    *("a", "abbr", "b", "big", "blockquote", "br", "caption", "center", "code", "col"),
    *("colgroup", "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4"),
    *("h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "q", "s", "small"),
    *("span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th"),
    *("thead", "tr", "tt", "u", "ul"),
}
# Removed with everything inside: their content is code or chrome, never the mail's words.
_DROP_WITH_CONTENT = {
    *("script", "style", "title", "noscript", "template", "iframe", "frame", "frameset"),
    *("noframes", "noembed", "object", "embed", "applet", "svg", "math", "textarea"),
    *("select", "xmp", "plaintext"),
}
_CELL = {"colspan", "rowspan", "align", "valign", "width", "height"}
# No style, class or id (they restyle or overlay our page) and no on* handlers, anywhere.
_ATTRIBUTES = {
    "*": {"dir", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "font": {"color", "size", "face"},
    "table": {"border", "cellpadding", "cellspacing", "width", "align"},
    "td": _CELL,
    "th": _CELL,
    "tr": {"align", "valign"},
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
    "p": {"align"},
    "div": {"align"},
    "ol": {"start", "type"},
    "li": {"value"},
}
# Schemes nh3 lets reach the filter; the filter narrows them per attribute.
_URL_SCHEMES = {"http", "https", "mailto", "cid"}
_LINK_SCHEMES = ("http:", "https:", "mailto:")
_REMOTE = ("http:", "https:", "//")
_URL_IN_TEXT = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\")]}>"
# Undecodable bytes may survive decoding as lone surrogates, which neither nh3 nor UTF-8 takes.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class SafeHtml:
    html: str
    blocked_images: int = 0


@dataclass
class _Filter:
    """nh3's per-attribute callback: narrows links, blocks remote images, maps cid: images."""

    cid_url: Callable[[str], str | None] | None
    keep_cid: bool = False  # at ingest: keep "cid:" sources as they are, for display to map
    blocked_images: int = 0
    mapped: set[str] = field(default_factory=set)
    error: Exception | None = None

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return value if value.strip().lower().startswith(_LINK_SCHEMES) else None
        if tag == "img" and attribute == "src":
            return self._image(value.strip())
        return value

    def _image(self, src: str) -> str | None:
        if src.lower().startswith(_REMOTE):
            self.blocked_images += 1
            return None
        if not src.lower().startswith("cid:"):
            return None
        if self.cid_url is None:
            return src if self.keep_cid else None
        try:
            url = self.cid_url(unquote(src[4:]).strip("<> "))
        except Exception as exc:  # nh3 would only report it to sys.unraisablehook
            self.error = exc
            return None
        if url is not None:
            self.mapped.add(url)
        return url

    def relative(self, url: str) -> str | None:
        """Relative URLs in mail point into our own site: keep only those cid_url gave us."""
        return url if url in self.mapped else None


def sanitise_html(html: str) -> str:
    """HTML as stored at ingest: the policy alone. Remote images are dropped, the mail's own
    (cid:) images kept for `safe_html` to map when the mail is shown."""
    return _clean(html, _Filter(None, keep_cid=True), new_tabs=False)


def safe_html(html: str, *, cid_url: Callable[[str], str | None] | None = None) -> SafeHtml:
    """`html` with only harmless markup left, links opening in a new tab; `cid_url` maps a
    Content-ID to the URL of that attachment (images it does not map, and every remote image,
    are left without a source and counted)."""
    if len(html) > MAX_HTML_CHARS:
        size_mb = len(html) / 1_000_000
        note = f"This HTML part is too large to show ({size_mb:.1f} MB); download the mail."
        return SafeHtml(f"<p>{html_lib.escape(note)}</p>")
    keep = _Filter(cid_url)
    return SafeHtml(_clean(html, keep, new_tabs=True), keep.blocked_images)


def _clean(html: str, keep: _Filter, *, new_tabs: bool) -> str:
    """The policy: the allow-lists above, `keep` narrowing links and images."""
    cleaned = nh3.clean(
        _SURROGATE.sub("\ufffd", html),
        tags=_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=_URL_SCHEMES,
        url_relative=keep.relative,
        link_rel=LINK_REL,
        set_tag_attribute_values={"a": {"target": "_blank"}} if new_tabs else None,
        strip_comments=True,
    )
    if keep.error is not None:
        raise keep.error
    return cleaned


def text_as_html(text: str) -> str:
    """Plain text as escaped HTML: line breaks kept, http(s) URLs made into links."""
    text = _SURROGATE.sub("\ufffd", text)
    out: list[str] = []
    last = 0
    for found in _URL_IN_TEXT.finditer(text):
        url = _trim_url(found.group(0))
        if len(url) > MAX_URL_CHARS or not _URL_IN_TEXT.fullmatch(url):
            continue
        out.append(html_lib.escape(text[last : found.start()]))
        href = html_lib.escape(url, quote=True)
        out.append(f'<a href="{href}" rel="{LINK_REL}" target="_blank">{href}</a>')
        last = found.start() + len(url)
    out.append(html_lib.escape(text[last:]))
    joined = "".join(out).replace("\r\n", "\n").replace("\r", "\n")
    return joined.replace("\n", "<br>\n")


def _trim_url(url: str) -> str:
    """Leave out punctuation that ends the sentence, not the URL ("see https://x.se/a).").

    One pass from the end with the parentheses counted once: a URL followed by a million ")"
    costs a million steps, not a million squared. A ")" stays when it closes an "(" of the URL.
    """
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end and url[end - 1] in _TRAILING:
        if url[end - 1] == ")":
            if opened >= closed:
                break
            closed -= 1
        end -= 1
    return url[:end]
