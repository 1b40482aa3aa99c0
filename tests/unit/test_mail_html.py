"""Mail HTML shown in our pages runs nothing, loads nothing remote and keeps the mail readable."""

from __future__ import annotations

import contextlib
import email
import json
import re
from email.message import Message
from pathlib import Path

import pytest

from triage.mail.charsets import decode_bytes
from triage.mail.html import MAX_HTML_CHARS, SafeHtml, safe_html, sanitise_html, text_as_html
from triage.mail.mime import parse_message

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "mail-corpus"
_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _clean(html: str) -> str:
    return safe_html(html).html


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_script_tags_are_removed_with_their_content():
    out = _clean("<p>Hej</p><script>alert('x')</script><SCRIPT src=//evil.example/x.js></SCRIPT>")

    assert out == "<p>Hej</p>"


@pytest.mark.parametrize(
    "html",
    [
        '<img src="cid:a" onerror="alert(1)">',
        '<p OnClick="alert(1)">text</p>',
        "<body onload=alert(1)><p>text</p></body>",
        '<a href="https://x.example" oNmOuSeOvEr="alert(1)">x</a>',
        "<div/onclick=alert(1)>text</div>",
    ],
)
def test_event_handler_attributes_are_removed_whatever_their_case(html):
    out = safe_html(html, cid_url=lambda cid: f"/files/{cid}").html

    assert "alert" not in out
    assert not _HANDLER.search(out)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "  javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "/admin/users/1/delete",
        "//evil.example/phish",
    ],
)
def test_links_to_anything_but_the_web_or_mail_lose_their_target(href):
    out = _clean(f'<a href="{href}">click</a>')

    assert _hrefs(out) == []
    assert "click" in out


def test_svg_and_math_are_removed_with_their_handlers():
    out = _clean("<svg onload=alert(1)><script>alert(2)</script></svg><math><mi>x</mi></math>ok")

    assert out == "ok"


def test_style_elements_and_style_class_and_id_attributes_are_removed():
    html = (
        "<style>body { display: none }</style>"
        '<p style="position:fixed;top:0" class="login" id="main">Text</p>'
    )

    assert _clean(html) == "<p>Text</p>"


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://evil.example/">inside</iframe>',
        "<object data=x.swf>inside</object><embed src=x.swf>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<base href="https://evil.example/">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        "<template><img src=x onerror=alert(1)></template>",
    ],
)
def test_frames_plugins_meta_refresh_and_base_leave_nothing_behind(html):
    assert _clean(html) == ""


def test_a_form_loses_its_fields_and_target_but_keeps_its_words():
    out = _clean(
        '<form action="https://evil.example/steal" method=post>'
        "Password: <input type=password name=pw><button>Log in</button></form>"
    )

    assert out == "Password: Log in"


def test_remote_images_are_blocked_and_counted():
    html = (
        '<img src="http://tracker.example/open.gif">'
        '<img src="HTTPS://tracker.example/pixel.png" alt="logo">'
        '<img src="//tracker.example/p.gif">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
    )

    result = safe_html(html)

    assert result == SafeHtml('<img><img alt="logo"><img><img>', blocked_images=3)


def test_inline_cid_images_point_at_the_attachment_they_name():
    seen: list[str] = []

    def cid_url(content_id: str) -> str | None:
        seen.append(content_id)
        return "/cases/7/attachments/3?v=1&inline=1" if content_id == "logo@uni.example" else None

    out = safe_html(
        '<img src="cid:logo%40uni.example" alt="Logo"><img src="cid:missing@x">', cid_url=cid_url
    )

    assert out.html == ('<img src="/cases/7/attachments/3?v=1&amp;inline=1" alt="Logo"><img>')
    assert seen == ["logo@uni.example", "missing@x"]
    assert out.blocked_images == 0


def test_cid_images_are_dropped_when_nothing_maps_them():
    assert _clean('<img src="cid:logo@uni.example" alt="Logo">') == '<img alt="Logo">'


def test_an_error_in_the_cid_mapping_reaches_the_caller():
    def broken(content_id: str) -> str | None:
        raise LookupError(content_id)

    with pytest.raises(LookupError):
        safe_html('<img src="cid:logo">', cid_url=broken)


def test_web_links_open_in_a_new_tab_without_referrer_or_opener():
    out = _clean('<a href="https://www.migrationsverket.se/?a=1&b=2" target="_self">Apply</a>')

    assert out == (
        '<a href="https://www.migrationsverket.se/?a=1&amp;b=2" target="_blank" '
        'rel="noopener noreferrer nofollow">Apply</a>'
    )


def test_mailto_links_are_kept():
    out = _clean('<a href="mailto:housing@intl.example.se?subject=Key">write to us</a>')

    assert _hrefs(out) == ["mailto:housing@intl.example.se?subject=Key"]


def test_nested_and_unclosed_tags_come_out_balanced():
    out = _clean("<div><p>one <b>two <i>three</div><table><tr><td>cell<td>cell 2</table><ul><li>a")

    # As a browser parses it: the unclosed <b><i> go on formatting the text after the </div>.
    assert out == (
        "<div><p>one <b>two <i>three</i></b></p></div>"
        "<table><tbody><tr><td>cell</td><td>cell 2</td></tr></tbody></table>"
        "<ul><li><b><i>a</i></b></li></ul>"
    )


def test_markup_hidden_in_attributes_and_comments_stays_inert():
    html = (
        '<p title="</p><script>alert(1)</script>">x</p>'
        "<!-- <script>alert(2)</script> --><!--[if gte mso 9]><script>alert(3)</script><![endif]-->"
        '<noscript><p title="</noscript><img src=x onerror=alert(4)>"></noscript>'
    )

    out = _clean(html)

    assert "<script" not in out
    assert not _HANDLER.search(out)


def test_a_huge_html_part_is_not_parsed_but_noted():
    html = "<p>" + "<b>x</b>" * (MAX_HTML_CHARS // 8) + "<script>alert(1)</script></p>"

    result = safe_html(html)

    assert "too large to show" in result.html
    assert "<b>" not in result.html
    assert re.fullmatch(r"<p>[^<>]*</p>", result.html)


def test_undecodable_bytes_kept_as_surrogates_do_not_break_the_sanitiser():
    html = b"<p>Hej \xe5 dig</p>".decode("utf-8", "surrogateescape")

    assert _clean(html) == "<p>Hej \ufffd dig</p>"


def test_plain_text_is_escaped_and_its_line_breaks_kept():
    out = text_as_html("Hej <script>alert('x')</script> & \"du\"\r\nrad två\nrad tre")

    assert out == (
        "Hej &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;du&quot;<br>\n"
        "rad två<br>\nrad tre"
    )


def test_web_addresses_in_plain_text_become_links():
    out = text_as_html("Read https://www.su.se/housing?a=1&b=2. Or (see http://x.example/a_(b)).")

    assert out == (
        'Read <a href="https://www.su.se/housing?a=1&amp;b=2" rel="noopener noreferrer nofollow"'
        ' target="_blank">https://www.su.se/housing?a=1&amp;b=2</a>. Or (see '
        '<a href="http://x.example/a_(b)" rel="noopener noreferrer nofollow" target="_blank">'
        "http://x.example/a_(b)</a>)."
    )


def test_only_web_addresses_become_links_in_plain_text():
    out = text_as_html(
        'javascript:alert(1) ftp://x.example https://x.example/"onmouseover=alert(1)'
    )

    assert _hrefs(out) == ["https://x.example/"]
    assert "javascript:alert(1)" in out
    assert not _HANDLER.search(out)


_EVERY_KIND_OF_TAG = (
    '<center><big>Big</big> <tt>mono</tt> <font color="red" face="Arial">font</font></center>'
    '<table border="1" cellpadding="2"><tr valign="top"><td width="50%">cell</td></tr></table>'
    '<ol start="3"><li value="3">item</li></ol><p align="right" title="t">right</p>'
    "<form><input name=x><button>go</button></form><style>p{}</style><svg><circle/></svg>"
    '<marquee>moving</marquee><a href="https://x.example" title="link">link</a><hr>'
)
_TAG = re.compile(r"<([a-z0-9]+)([^>]*)>")


def _tags_and_attributes(html: str) -> set[tuple[str, str]]:
    """Every (tag, attribute name) pair left in `html`, and (tag, "") for each tag."""
    found: set[tuple[str, str]] = set()
    for tag, attributes in _TAG.findall(html):
        found.add((tag, ""))
        found |= {(tag, name) for name in re.findall(r"([a-z-]+)=", attributes)}
    return found


def test_the_stored_and_the_shown_html_keep_the_same_tags_and_attributes():
    stored = sanitise_html(_EVERY_KIND_OF_TAG)

    shown = safe_html(_EVERY_KIND_OF_TAG).html

    only_display = {("a", "target")}  # links open in a new tab when shown
    assert _tags_and_attributes(shown) - only_display == _tags_and_attributes(stored)
    assert ("center", "") in _tags_and_attributes(stored)
    assert ("font", "color") in _tags_and_attributes(stored)


def _html_parts(raw: bytes) -> list[str]:
    """Every text/html part as the sender wrote it, and the HTML our parser keeps."""
    parts: list[str] = []
    for part in email.message_from_bytes(raw).walk():
        if isinstance(part, Message) and part.get_content_type() == "text/html":
            data = part.get_payload(decode=True)
            charset = part.get_param("charset")
            if isinstance(data, bytes):
                parts.append(decode_bytes(data, charset if isinstance(charset, str) else None))
    with contextlib.suppress(ValueError):  # a mail with nothing in it (the corpus has one)
        parts.append(parse_message(raw).html)
    return [p for p in parts if p.strip()]


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/mail-corpus is not beside the project")
def test_every_html_part_of_the_real_world_corpus_comes_out_inert():
    paths = [json.loads(line)["path"] for line in (CORPUS / "index.jsonl").read_text().splitlines()]
    parts = [html for path in paths for html in _html_parts((CORPUS / path).read_bytes())]

    outputs = [safe_html(html).html for html in parts]

    assert len(outputs) > 50
    assert [o for o in outputs if "<script" in o.lower()] == []
    assert [o for o in outputs if _HANDLER.search(o)] == []
    assert [o for o in outputs if "javascript:" in o.lower()] == []
