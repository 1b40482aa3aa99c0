"""Mail that tries to run script in an officer's browser: every place a mail's words reach a
page (HTML and text bodies, subject, sender's name, attachment names, quoted parts) with the
tricks sanitisers have been caught by. Each payload, if it ran, would call `pwned(<name>)`:
an alert, a request to /pwned, or a change of document.title; the browser test watches all
three."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

# {n} is the mail's name: a payload that runs says which one it was.
HTML_PAYLOADS = {
    "script-tag": "<script>alert('{n}')</script>",
    "script-src": "<script src='/pwned?{n}'></script>",
    "img-onerror": "<img src=x onerror=\"alert('{n}')\">",
    "svg-onload": "<svg onload=\"alert('{n}')\"><circle r=5 /></svg>",
    "svg-script": "<svg><script>alert('{n}')</script></svg>",
    "svg-animate": "<svg><animate onbegin=\"alert('{n}')\" attributeName=x dur=1s />",
    "body-onload": "<body onload=\"alert('{n}')\">hello</body>",
    "autofocus": "<input autofocus onfocus=\"alert('{n}')\">",
    "details-toggle": "<details open ontoggle=\"alert('{n}')\"><summary>x</summary></details>",
    "a-javascript": "<a href=\"javascript:alert('{n}')\">click me</a>",
    "a-entity-javascript": "<a href=\"&#106;avascript:alert('{n}')\">click</a>",
    "a-tab-javascript": "<a href=\"java\tscript:alert('{n}')\">click</a>",
    "a-data-html": "<a href=\"data:text/html,<script>alert('{n}')</script>\">open</a>",
    "iframe-srcdoc": "<iframe srcdoc=\"<script>parent.alert('{n}')</script>\"></iframe>",
    "iframe-src": "<iframe src=\"javascript:alert('{n}')\"></iframe>",
    "object-data": "<object data=\"data:text/html,<script>alert('{n}')</script>\"></object>",
    "embed": "<embed src=\"javascript:alert('{n}')\">",
    "meta-refresh": "<meta http-equiv=refresh content=\"0;url=javascript:alert('{n}')\">",
    "base-href": "<base href=\"javascript:alert('{n}')//\"><a href=x>x</a>",
    "form-action": "<form action=\"javascript:alert('{n}')\"><button>Send</button></form>",
    "style-expression": "<div style=\"background:url(javascript:alert('{n}'))\">x</div>",
    "style-tag": "<style>@import 'javascript:alert(\"{n}\")';</style><p>styled</p>",
    "link-stylesheet": '<link rel=stylesheet href="/pwned?{n}">',
    "math-mxss": "<math><mtext><table><mglyph><style><img src=x onerror=alert('{n}')>",
    "noscript-mxss": "<noscript><p title=\"</noscript><img src=x onerror=alert('{n}')>\">",
    "title-break": "<title></title><img src=x onerror=alert('{n}')></title>",
    "comment-break": "<!--><img src=x onerror=alert('{n}')>-->",
    "cdata": "<![CDATA[><img src=x onerror=alert('{n}')>]]>",
    "template": "<template><img src=x onerror=alert('{n}')></template>",
    "unclosed-attr": "<img src=\"x\" alt=\"<script>alert('{n}')</script>\" onerror=alert('{n}')>",
    "htmx-attrs": '<div hx-get="/pwned?{n}" hx-trigger="load">x</div>',
    "htmx-on": "<div hx-on:load=\"alert('{n}')\" hx-on::load=\"alert('{n}')\">x</div>",
    "srcset": '<img srcset="/pwned?{n} 1x">',
    "background-attr": '<table background="/pwned?{n}"><tr><td>x</td></tr></table>',
}
# Words from mail shown as text (subject, sender's name, attachment name, plain body).
TEXT_PAYLOAD = "<script>alert('{n}')</script><img src=x onerror=alert('{n}')>"


def script_mails() -> list[tuple[str, bytes]]:
    """(name, raw mail) for each payload, and for the text places."""
    mails = []
    when = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    for name, payload in HTML_PAYLOADS.items():
        msg = _base(f"Fråga om rum {name}", when)
        msg.set_content("Hej! Se HTML-delen.")
        msg.add_alternative(f"<p>Hej!</p>{payload.format(n=name)}<p>Mvh</p>", subtype="html")
        mails.append((name, msg.as_bytes()))
    text = TEXT_PAYLOAD.format(n="text-places")
    msg = _base(text, when, sender_name=TEXT_PAYLOAD.format(n="sender-name"))
    msg.set_content(f"Hej!\n{TEXT_PAYLOAD.format(n='plain-body')}\n\n> {text}\n")
    msg.add_attachment(
        b"%PDF-1.4 x",
        maintype="application",
        subtype="pdf",
        filename=TEXT_PAYLOAD.format(n="file-name") + ".pdf",
    )
    msg.add_attachment(
        f"<html><script>alert('{'attached-html'}')</script></html>".encode(),
        maintype="text",
        subtype="html",
        filename="../../etc/page.html",
    )
    mails.append(("text-places", msg.as_bytes()))
    return mails


def _base(subject: str, when: datetime, sender_name: str = "Student") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f'"{sender_name}" <student@example.org>'
    msg["To"] = "housing@intl.example.se"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain="example.org")
    return msg
