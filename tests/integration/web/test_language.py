"""Swedish and English: each user reads the app in the language they chose, dates included."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from tests.factories import make_mail
from tests.integration.web.conftest import log_in, post


def test_the_login_page_follows_the_browser_and_a_user_follows_her_choice(office, a_case):
    swedish_browser = office.client(language="sv")
    english_browser = office.client(language="en")

    assert "Logga in" in swedish_browser.get("/login").text
    assert "Log in" in english_browser.get("/login").text

    log_in(english_browser, "bo")  # bo has not chosen: he reads what the login page showed
    assert "<h1>Queue</h1>" in english_browser.get("/").text

    post(english_browser, "/preferences", {"locale": "sv", "next": "/"})
    page = english_browser.get(f"/cases/{a_case}").text
    assert "Frågetyp" in page
    assert "Question type" not in page


def test_a_new_user_keeps_the_language_she_picked_at_login_until_she_chooses_one(office):
    swedish_browser = office.client(language="sv")
    assert "Log in" in swedish_browser.get("/login?lang=en").text

    log_in(swedish_browser, "bo")

    assert "<h1>Queue</h1>" in swedish_browser.get("/").text
    assert "<h1>My cases</h1>" in swedish_browser.get("/?assignee=me").text  # not the first only
    post(swedish_browser, "/logout")
    log_in(swedish_browser, "bo")  # the next time, with nothing picked: still hers
    assert "<h1>Queue</h1>" in swedish_browser.get("/").text

    post(swedish_browser, "/preferences", {"locale": "sv", "next": "/"})  # her own choice
    english_browser = office.client(language="en")
    english_browser.get("/login?lang=en")
    log_in(english_browser, "bo")
    assert "<h1>Kö</h1>" in english_browser.get("/").text  # wins over the login page


def test_dates_are_written_the_way_the_users_language_writes_them(office):
    (case_id,) = office.deliver(make_mail(date=datetime(2026, 9, 1, 10, 0, tzinfo=UTC)))
    swedish = office.client("anna", language="sv")
    english = office.client("bo")

    page = swedish.get(f"/cases/{case_id}").text
    assert "2026-09-01 12:00" in page  # ISO, as Swedish writes it; Stockholm time
    assert "1 sep. 2026" not in page
    assert "2026-09-01 12:00" in english.get(f"/cases/{case_id}").text


def test_a_saved_draft_says_when_by_the_clock_alone_in_either_language(office, a_case):
    english, swedish = office.client("bo"), office.client("anna", language="sv")
    for client in (english, swedish):
        post(client, f"/cases/{a_case}/draft", {"body": "Hej!"})

    said = [
        re.findall(r'id="draft-status"[^>]*>([^<]*)<', client.get(f"/cases/{a_case}").text)
        for client in (english, swedish)
    ]

    assert re.fullmatch(r"\['Saved \d\d:\d\d'\]", str(said[0]))
    assert re.fullmatch(r"\['Sparat \d\d:\d\d'\]", str(said[1]))


def test_the_english_ui_never_writes_dates_in_the_us_order(office):
    (case_id,) = office.deliver(make_mail(date=datetime(2026, 12, 4, 13, 30, tzinfo=UTC)))

    page = office.client("bo").get(f"/cases/{case_id}").text

    assert "2026-12-04 14:30" in page  # the office's default: ISO, as Swedish writes it
    assert "12/4/26" not in page
    assert "Dec 4, 2026" not in page


def test_an_office_that_chose_british_dates_gets_day_month_year(office):
    office.settings.office_hours.date_style = "en-GB"
    (case_id,) = office.deliver(make_mail(date=datetime(2026, 12, 4, 13, 30, tzinfo=UTC)))

    page = office.client("bo").get(f"/cases/{case_id}").text

    assert "4 Dec 2026, 14:30" in page  # a date and time writes its date as a date does
    assert "04/12/2026" not in page
    assert "12/4/26" not in page


def test_switching_language_on_the_filtered_queue_keeps_the_filters(office, a_case):
    anna = office.client("anna")
    queue = anna.get("/?status=new&assignee=me&search=nyckel").text
    next_field = re.search(r'name="next" value="([^"]+)"', queue)
    assert next_field is not None

    response = post(anna, "/preferences", {"locale": "sv", "next": html.unescape(next_field[1])})

    assert response.status_code == 303
    assert response.headers["location"] == "/?status=new&assignee=me&search=nyckel"
    page = anna.get(response.headers["location"]).text
    assert "<h1>Mina ärenden</h1>" in page
    assert 'value="nyckel"' in page


def test_switching_language_after_filtering_in_place_keeps_the_filters_in_the_address_bar(office):
    # The queue filters with htmx and pushes the filters into the address bar: the form's
    # `next` still says "/", the browser's Referer has the filters.
    anna = office.client("anna")

    response = post(
        anna,
        "/preferences",
        {"locale": "sv", "next": "/"},
        headers={"Referer": "http://testserver/?status=waiting&type=housing"},
    )

    assert response.headers["location"] == "/?status=waiting&type=housing"


def test_switching_language_on_a_case_returns_to_the_case(office, a_case):
    anna = office.client("anna")

    response = post(anna, "/preferences", {"locale": "sv", "next": f"/cases/{a_case}"})

    assert response.headers["location"] == f"/cases/{a_case}"
    assert "Frågetyp" in anna.get(f"/cases/{a_case}").text


def test_the_language_switch_never_sends_the_browser_to_another_site(office):
    anna = office.client("anna")

    response = post(
        anna,
        "/preferences",
        {"locale": "sv", "next": "//evil.example.com/"},
        headers={"Referer": "https://evil.example.com/phish"},
    )

    assert response.headers["location"] == "/"


def test_a_message_before_the_page_is_in_the_users_language(office):
    response = office.client("anna").get("/cases/abc")

    assert response.status_code == 404
    assert "There is no page at this address." in response.text


def test_a_case_pages_routine_is_in_the_officers_language_not_the_students(office):
    (case_id,) = office.deliver(
        make_mail("Room key", "Hi! When can I pick up the key to my room? I arrive 20 August.")
    )
    swedish, english = office.client("anna", language="sv"), office.client("bo")
    post(swedish, f"/cases/{case_id}/type", {"label": "housing"})

    in_swedish = swedish.get(f"/cases/{case_id}").text
    assert "Nyckelutlämning och sen ankomst" in in_swedish
    assert "Key hand-out and late arrivals" not in in_swedish
    assert "Key hand-out and late arrivals" in english.get(f"/cases/{case_id}").text
    ticked = post(
        swedish,
        f"/cases/{case_id}/checklist",
        {"routine_id": "housing-key-handout", "step": "1", "done": "1"},
        headers={"HX-Request": "true"},
    )
    assert "Nyckelutlämning och sen ankomst" in ticked.text
