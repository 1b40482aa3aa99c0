"""Sessions end when they should: at logout, with a new password, when a user is disabled, and
twelve hours after the login however often the cookie was re-signed since."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.factories import run_triage
from tests.integration.web.conftest import log_in, post

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _copy_of(client: TestClient, office) -> TestClient:
    """Another browser (and another worker process) holding the same cookie."""
    thief = office.client()
    thief.cookies.set("mailtriage", client.cookies["mailtriage"])
    return thief


def _is_logged_in(client: TestClient) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def _triage_user(office, tmp_path, *args: str, stdin: str = ""):
    config = tmp_path / "cli.toml"
    config.write_text(f'database_url = "{office.settings.db_url}"\n')
    return run_triage(tmp_path, "user", *args, "--config", str(config), stdin=stdin)


def test_a_copied_cookie_is_refused_after_logout(office):
    anna = office.client("anna")
    copy = _copy_of(anna, office)
    assert _is_logged_in(copy)

    assert post(anna, "/logout").status_code == 303

    assert not _is_logged_in(copy)
    assert copy.get("/api/v1/cases").status_code == 401


def test_a_copied_cookie_is_refused_after_a_new_password(office, tmp_path):
    anna = office.client("anna")
    copy = _copy_of(anna, office)

    done = _triage_user(office, tmp_path, "passwd", "anna", stdin="a-brand-new-password\n")

    assert done.returncode == 0, done.stderr
    assert not _is_logged_in(copy)
    assert not _is_logged_in(anna)


def test_the_new_password_from_the_command_line_is_the_one_that_works(office, tmp_path):
    _triage_user(office, tmp_path, "passwd", "anna", stdin="a-brand-new-password\n")
    client = office.client()

    old = _form_login(client, "anna-password-1")
    new = _form_login(client, "a-brand-new-password")

    assert old.status_code == 401
    assert new.status_code == 303


def test_a_copied_cookie_is_refused_after_the_user_is_disabled_and_stays_so(office, tmp_path):
    anna = office.client("anna")
    copy = _copy_of(anna, office)

    disabled = _triage_user(office, tmp_path, "disable", "anna")
    refused_while_disabled = _is_logged_in(copy)
    enabled = _triage_user(office, tmp_path, "enable", "anna")

    assert (disabled.returncode, enabled.returncode) == (0, 0), disabled.stderr + enabled.stderr
    assert not refused_while_disabled
    assert not _is_logged_in(copy)  # enabling again does not bring old sessions back
    assert _form_login(office.client(), "anna-password-1").status_code == 303


def test_disabling_an_unknown_user_says_so(office, tmp_path):
    done = _triage_user(office, tmp_path, "disable", "nobody")

    assert done.returncode == 1
    assert "no user named 'nobody'" in done.stderr


def test_a_flash_message_does_not_extend_the_session_past_twelve_hours(office):
    now = [T0]
    client = office.client()
    client.app.state.clock = lambda: now[0]
    log_in(client, "anna")

    now[0] = T0 + timedelta(hours=11)
    flashed = post(client, "/preferences", {"locale": "xx"})  # refused: sets a flash message
    still_in = _is_logged_in(client)
    now[0] = T0 + timedelta(hours=12, minutes=1)

    assert "set-cookie" in flashed.headers  # the cookie was signed afresh ...
    assert still_in
    assert not _is_logged_in(client)  # ... but the login was twelve hours ago


def _form_login(client: TestClient, password: str):
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(
        "/login",
        data={"username": "anna", "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def test_a_scripts_remembered_password_stops_working_with_a_new_password(office, tmp_path):
    script = office.client()
    old = {"Authorization": "Basic " + base64.b64encode(b"anna:anna-password-1").decode()}
    assert script.get("/api/v1/cases", headers=old).status_code == 200

    _triage_user(office, tmp_path, "passwd", "anna", stdin="a-brand-new-password\n")

    assert script.get("/api/v1/cases", headers=old).status_code == 401


def test_a_disabled_user_cannot_use_the_api_with_a_password_it_just_used(office, tmp_path):
    script = office.client()
    basic = {"Authorization": "Basic " + base64.b64encode(b"anna:anna-password-1").decode()}
    assert script.get("/api/v1/cases", headers=basic).status_code == 200

    _triage_user(office, tmp_path, "disable", "anna")

    assert script.get("/api/v1/cases", headers=basic).status_code == 401
