"""HTML mail as readable text (inscriptis), for the classifier, search and the text view.

The HTML itself is made safe by the one policy in html.py (`sanitise_html`), not here.
"""

from __future__ import annotations

import re

from inscriptis import get_text
from inscriptis.model.config import ParserConfig

_CONFIG = ParserConfig(display_links=False, display_images=False)
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# A tag cannot hold "<": a run of a million "<" then costs one pass, not a million scans to the end.
TAG = re.compile(r"<[^<>]*>")


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML body; never raises on broken markup."""
    if not html.strip():
        return ""
    try:
        text = get_text(html, _CONFIG)
    except Exception:
        text = strip_tags(html)
    lines = (line.rstrip() for line in text.splitlines())
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def strip_tags(html: str) -> str:
    """Markup out, text kept: the fallback when inscriptis cannot read a body."""
    return TAG.sub(" ", html)
