"""Before login, the browser's Accept-Language picks Swedish or English (Swedish by default)."""

from __future__ import annotations

import pytest

from api.i18n import negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("sv-SE,sv;q=0.9,en;q=0.8", "sv"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.8", "en"),
        ("fr, sv-FI;q=0.5", "sv"),
        ("EN-us", "en"),
        ("de", "sv"),
        ("*", "sv"),
        ("", "sv"),
    ],
)
def test_the_first_language_we_speak_is_chosen(header, language):
    assert negotiate(header) == language
