"""Swedish and English: each user reads the app in the language they chose, dates included."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import make_mail
from tests.integration.web.conftest import log_in, post


def test_the_login_page_follows_the_browser_and_a_user_follows_her_choice(office, a_case):
    swedish_browser = office.client(language="sv")
    english_browser = office.client(language="en")

    assert "Logga in" in swedish_browser.get("/login").text
    assert "Log in" in english_browser.get("/login").text

    log_in(english_browser, "bo")  # bo has not chosen: the default is Swedish
    assert "<h1>Kö</h1>" in english_browser.get("/").text

    post(english_browser, "/preferences", {"locale": "en", "next": "/"})
    page = english_browser.get(f"/cases/{a_case}").text
    assert "Question type" in page
    assert "Frågetyp" not in page


def test_dates_are_written_the_way_the_users_language_writes_them(office):
    (case_id,) = office.deliver(make_mail(date=datetime(2026, 9, 1, 10, 0, tzinfo=UTC)))
    swedish = office.client("anna", language="sv")
    english = office.client("bo")

    assert "1 sep. 2026 12:00" in swedish.get(f"/cases/{case_id}").text  # Stockholm time
    assert "Sep 1, 2026" in english.get(f"/cases/{case_id}").text


def test_a_message_before_the_page_is_in_the_users_language(office):
    response = office.client("anna").get("/cases/abc")

    assert response.status_code == 404
    assert "There is no page at this address." in response.text
