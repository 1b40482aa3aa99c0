"""In Chromium, in Swedish and in English: a student reads the public FAQ (no login), searches
it and opens an answer; an officer opens the standard-reply library and a reply's page.
Screenshots at 1280 and 390 px go to the artifacts folder to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from canned_replies import load_library
from triage.cases.standard_replies import ensure_seeded
from triage.db import make_engine, transaction, upgrade
from triage.demo import DEMO_OFFICE
from triage.people.users import add_user

WORDS = {
    "sv": {
        "title": "Vanliga frågor",
        "search": "Sök bland frågorna",
        "button": "Sök",
        "query": "deposition",
        "question": "När får jag tillbaka min deposition?",
        "library": "Standardsvar",
        "language": "sv-SE",
        "user": "Användarnamn",
        "password": "Lösenord",
        "login": "Logga in",
        "history": "Versionshistorik",
    },
    "en": {
        "title": "Frequently asked questions",
        "search": "Search the questions",
        "button": "Search",
        "query": "deposit",
        "question": "When do I get my deposit back?",
        "library": "Standard replies",
        "language": "en-GB",
        "user": "User name",
        "password": "Password",
        "login": "Log in",
        "history": "Version history",
    },
}


def _seed(settings, language: str) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        anna = add_user(session, "anna", "officer", "anna-password-1", "Anna Lind")
        anna.locale = language  # the language she chose on her profile
        ensure_seeded(session)
    engine.dispose()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_student_reads_the_faq_and_an_officer_the_library(
    make_settings, live_server, new_page, artifacts, lang
):
    settings = make_settings(office=DEMO_OFFICE)
    _seed(settings, lang)
    base = live_server(settings)
    words = WORDS[lang]
    for width in (1280, 390):
        page = new_page(viewport={"width": width, "height": 900}, locale=words["language"])
        page.goto(f"{base}/faq")
        expect(page.get_by_role("heading", name=words["title"], exact=True)).to_be_visible()
        assert page.context.cookies() == []  # a public page sets no cookie
        page.screenshot(path=str(artifacts / f"faq-{lang}-{width}.png"), full_page=True)
        page.get_by_label(words["search"]).fill(words["query"])
        page.get_by_role("button", name=words["button"], exact=True).click()
        entry = page.locator("details.faq-entry", has_text=words["question"])
        expect(entry).to_have_count(1)
        entry.locator("summary").click()
        expect(entry.locator(".faq-answer")).to_contain_text(DEMO_OFFICE["deposit_refund_weeks"])
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        page.goto(f"{base}/replies")
        page.get_by_label(words["user"]).fill("anna")
        page.get_by_label(words["password"]).fill("anna-password-1")
        page.get_by_role("button", name=words["login"]).click()
        expect(page.get_by_role("heading", name=words["library"], exact=True)).to_be_visible()
        expect(page.locator("table.replies-table tbody tr")).to_have_count(
            len(load_library().ids())
        )
        page.screenshot(path=str(artifacts / f"replies-{lang}-{width}.png"), full_page=True)
        page.locator("table.replies-table a[href='/replies/housing-deposit-return']").click()
        expect(page.get_by_text(words["history"]).first).to_be_visible()
        page.screenshot(path=str(artifacts / f"reply-{lang}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.context.close()
