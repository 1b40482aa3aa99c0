"""Error pages speak the user's language and keep the menu; a form that fails goes back to its
page with the message, so the address bar never keeps a POST address."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from tests.factories import visible_text
from tests.integration.web.conftest import log_in, post

MENU = '<nav aria-label="Huvudmeny">'


def _swedish(office, who: str = "anna") -> TestClient:  # type: ignore[no-untyped-def]
    return office.client(who, language="sv")  # users start in Swedish


def test_an_unknown_address_is_a_swedish_page_with_the_menu(office):
    response = _swedish(office).get("/no/such/page")

    assert response.status_code == 404
    assert "<h1>Hittades inte" in response.text
    assert "Det finns ingen sida på den här adressen." in response.text
    assert MENU in response.text
    assert "Anna (handläggare)" in visible_text(response.text)


def test_an_unknown_address_follows_an_english_users_choice(office):
    response = office.client("anna", language="en").get("/no/such/page")

    assert response.status_code == 404
    assert "<h1>Not found" in response.text
    assert '<nav aria-label="Main">' in response.text


def test_opening_a_form_address_is_a_405_page_in_the_users_language_with_the_menu(office, a_case):
    response = _swedish(office).get(f"/cases/{a_case}/claim")

    assert response.status_code == 405
    assert "POST" in response.headers["allow"]
    assert "Det gick inte" in response.text
    assert "Method Not Allowed" not in response.text
    assert MENU in response.text


def test_an_unexpected_error_is_a_swedish_page_with_the_menu(office):
    app = create_app(office.settings, office.engine)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("the disk is full")

    client = TestClient(app, raise_server_exceptions=False, headers={"Accept-Language": "sv"})
    log_in(client, "anna")

    response = client.get("/boom")

    assert response.status_code == 500
    assert "<h1>Något gick fel" in response.text
    assert "the disk is full" not in response.text
    assert MENU in response.text


def test_before_login_an_error_page_follows_the_browser_and_offers_the_login(office):
    response = office.client(language="en").get("/no/such/page")

    assert response.status_code == 404
    assert "<h1>Not found" in response.text
    assert '<a href="/login">Log in</a>' in response.text
    assert "<nav" not in response.text


def test_a_form_that_fails_goes_back_to_its_page_with_the_message_in_swedish(office):
    anna = _swedish(office)

    response = post(
        anna,
        "/admin/quarantine/1/rerun",
        headers={"Referer": "http://testserver/?status=open"},
    )
    page = anna.get(response.headers["location"]).text

    assert response.status_code == 303
    assert response.headers["location"] == "/?status=open"
    assert "Du har inte behörighet till detta." in page
    assert 'class="flash error"' in page


def test_an_out_of_date_form_goes_back_and_says_to_reload(office, a_case):
    anna = _swedish(office)

    response = anna.post(
        f"/cases/{a_case}/claim",
        data={"csrf_token": "from-an-old-session"},
        headers={"Referer": f"http://testserver/cases/{a_case}"},
        follow_redirects=False,
    )
    page = anna.get(response.headers["location"]).text

    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{a_case}"
    assert "Formuläret var inaktuellt. Ladda om sidan och försök igen." in page


def test_a_form_posted_from_another_site_gets_the_error_page_not_a_redirect(office):
    anna = _swedish(office)

    response = post(
        anna, "/admin/quarantine/1/rerun", headers={"Referer": "https://evil.example.com/"}
    )

    assert response.status_code == 403
    assert "Du har inte behörighet till detta" in response.text


def test_an_htmx_request_that_fails_shows_its_message_in_the_alert_area(office):
    anna = _swedish(office)

    response = post(
        anna,
        "/admin/quarantine/1/rerun",
        headers={"HX-Request": "true", "Referer": "http://testserver/"},
    )

    assert response.status_code == 403
    assert response.headers["hx-retarget"] == "#htmx-alerts"
    assert response.headers["hx-reswap"] == "innerHTML"
    assert response.text.startswith('<p class="flash error" role="alert">')
    assert "Du har inte behörighet till detta." in response.text
    assert 'id="htmx-alerts"' in anna.get("/").text
