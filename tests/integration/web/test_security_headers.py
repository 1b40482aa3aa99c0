"""Headers that keep personal data out of caches and browsers honest: no-store on every answer
but static files, HSTS behind HTTPS, and a Basic challenge only for scripts that use Basic."""

from __future__ import annotations

import base64

from fastapi.testclient import TestClient

from api.app import create_app


def test_pages_and_api_answers_are_kept_in_no_cache(office, a_case):
    anna = office.client("anna")

    for path in ("/", f"/cases/{a_case}", "/absences", "/routines", "/api/v1/cases", "/login"):
        assert anna.get(path).headers.get("cache-control") == "no-store", path


def test_static_files_may_be_cached(office):
    response = office.client().get("/static/app.css")

    assert response.status_code == 200
    assert "no-store" not in response.headers.get("cache-control", "")


def test_hsts_is_sent_when_cookies_are_secure(office):
    settings = office.settings.model_copy(update={"secure_cookies": True})
    client = TestClient(create_app(settings, office.engine), base_url="https://testserver")

    response = client.get("/login")

    assert response.headers["strict-transport-security"] == "max-age=31536000"


def test_no_hsts_without_secure_cookies(office):
    response = office.client().get("/login")

    assert "strict-transport-security" not in response.headers


def test_a_browser_without_a_session_gets_no_basic_challenge_from_the_api(office):
    response = office.client().get("/api/v1/cases")

    assert response.status_code == 401
    assert "www-authenticate" not in response.headers


def test_a_script_with_a_wrong_basic_password_is_challenged(office):
    wrong = base64.b64encode(b"anna:not-her-password").decode()

    response = office.client().get("/api/v1/cases", headers={"Authorization": f"Basic {wrong}"})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="mailtriage"'
