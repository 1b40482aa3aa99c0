"""Logging in and out of the web app: sessions, CSRF, the brake on guessing, safe redirects."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.factories import visible_text
from triage.db import transaction
from triage.people.users import add_user


@pytest.fixture
def client(make_settings, engine):
    settings = make_settings()
    with transaction(engine) as session:
        add_user(session, "anna", "officer", "anna-password-1")
    return TestClient(create_app(settings), headers={"Accept-Language": "en"})


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _log_in(client, password="anna-password-1", next_="/"):
    form = client.get("/login").text
    return client.post(
        "/login",
        data={"username": "anna", "password": password, "next": next_, "csrf_token": _csrf(form)},
        follow_redirects=False,
    )


def test_a_page_without_a_session_sends_you_to_the_login(client):
    response = client.get("/", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"


def test_logging_in_opens_the_queue_with_a_protected_cookie(client):
    response = _log_in(client)

    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    # anna has chosen no language: she keeps the one the login page was in (the browser's)
    assert "anna (officer)" in visible_text(client.get("/").text)


def test_a_wrong_password_says_so_on_the_form(client):
    response = _log_in(client, password="wrong-password")

    assert response.status_code == 401
    assert "Wrong user name or password." in response.text


def test_guessing_from_one_address_is_braked_after_ten_failures(client):
    for _ in range(10):
        _log_in(client, password="guess")

    response = _log_in(client)  # even the right password waits now

    assert response.status_code == 429
    assert "Too many attempts; wait a while." in response.text


def test_a_login_form_without_its_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "anna", "password": "anna-password-1"})

    assert response.status_code == 403


def test_logging_out_needs_the_token_and_ends_the_session(client):
    _log_in(client)
    page = client.get("/").text

    refused = client.post("/logout", data={})
    done = client.post("/logout", data={"csrf_token": _csrf(page)}, follow_redirects=False)

    assert refused.status_code == 403
    assert done.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_after_login_you_only_go_to_a_page_of_this_site(client):
    response = _log_in(client, next_="https://evil.example/")

    assert response.headers["location"] == "/"


def test_the_json_api_answers_401_not_a_redirect(client):
    assert client.get("/api/v1/cases").status_code == 401
    assert client.get("/api/v1/cases", auth=("anna", "anna-password-1")).status_code == 200
