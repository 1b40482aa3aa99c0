"""The smallest browser journey: the login page works in a real Chromium against a real server.

The browser asks for Swedish (sv-SE); the patterns accept the English text too, so the test
checks behaviour, not one wording.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from triage.db import make_engine, transaction, upgrade
from triage.people.users import add_user

USER_NAME = re.compile(r"användarnamn|user name", re.IGNORECASE)
PASSWORD = re.compile(r"lösenord|password", re.IGNORECASE)
LOG_IN = re.compile(r"logga in|log in", re.IGNORECASE)
REFUSED = re.compile(r"fel användarnamn eller lösenord|wrong user name or password", re.IGNORECASE)


def test_the_login_page_renders_in_chromium_and_a_wrong_password_is_refused(
    make_settings, live_server, page, artifacts
):
    settings = make_settings()
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, "anna", "officer", "anna-password-1", display_name="Anna Lind")
    engine.dispose()
    base_url = live_server(settings)

    page.goto(f"{base_url}/login")
    page.get_by_label(USER_NAME).fill("anna")
    page.get_by_label(PASSWORD).fill("wrong-password")
    page.get_by_role("button", name=LOG_IN).click()

    expect(page.get_by_role("alert")).to_have_text(REFUSED)
    expect(page.get_by_label(USER_NAME)).to_have_value("anna")
    page.screenshot(path=artifacts / "login-refused.png")

    page.get_by_label(PASSWORD).fill("anna-password-1")
    page.get_by_role("button", name=LOG_IN).click()

    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("banner")).to_contain_text("Anna Lind")
    page.screenshot(path=artifacts / "queue-after-login.png", full_page=True)
