"""What one web worker knows, every worker knows: a session made on one is good on another (or
after a restart), and a logout or a disabled account counts on all of them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from tests.integration.web.conftest import Office, csrf_of
from triage.db import transaction
from triage.people.users import set_active


def _same_browser_on(office: Office, first: TestClient) -> TestClient:
    """Another worker process (or the same after a restart), with the first one's cookies."""
    other = TestClient(create_app(office.settings, office.engine))
    other.cookies = first.cookies
    return other


def test_a_session_made_on_one_worker_is_good_on_another(office: Office) -> None:
    first = office.client("anna")

    second = _same_browser_on(office, first)

    assert second.get("/profile", follow_redirects=False).status_code == 200


def test_a_disabled_account_is_logged_out_on_every_worker(office: Office) -> None:
    first = office.client("anna")
    second = _same_browser_on(office, first)
    with transaction(office.engine) as session:
        set_active(session, "anna", False)

    assert first.get("/profile", follow_redirects=False).status_code == 303
    assert second.get("/profile", follow_redirects=False).status_code == 303


def test_logging_out_on_one_worker_ends_the_session_on_another(office: Office) -> None:
    first = office.client("anna")
    stolen = _same_browser_on(office, first)  # a copy of the cookie, kept elsewhere
    first.post("/logout", data={"csrf_token": csrf_of(first, "/profile")})

    assert stolen.get("/profile", follow_redirects=False).status_code == 303
