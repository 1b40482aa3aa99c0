"""Every route by every role, walked from the app's own route table: a route added without an
entry in ACCESS fails here, and so does an entry for a route that no longer exists.

ACCESS names the least role that may use each route. Below it, a visitor without a login is sent
to log in (pages), answered 401 (API) or refused for want of a CSRF token (forms); a logged-in
user is refused with 403. At or above it, the route does not refuse for want of a login or a
role (it may still say 400, 404 or 409 about the request itself)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import select

from api.app import create_app
from tests.integration.web.conftest import Office, csrf_of
from tests.integration.web.test_roles_and_csrf import scene as scene  # the shared fixture
from triage.db import transaction
from triage.models import ReplyProposal, RoutineProposal, User

ANYONE, OFFICER, MANAGER, ADMIN = "anyone", "officer", "manager", "admin"
# Who is who in the test office (tests/integration/web/conftest.py), least rights first.
ROLES = [(None, ANYONE), ("anna", OFFICER), ("maria", MANAGER), ("root", ADMIN)]
RANK = {ANYONE: 0, OFFICER: 1, MANAGER: 2, ADMIN: 3}

CASE = "/cases/{case_id}"
ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/login"): ANYONE,
    ("POST", "/login"): ANYONE,
    ("GET", "/faq"): ANYONE,
    ("GET", "/robots.txt"): ANYONE,
    ("GET", "/healthz"): ANYONE,
    ("POST", "/logout"): OFFICER,
    ("POST", "/preferences"): OFFICER,
    ("GET", "/"): OFFICER,
    ("GET", "/cases/presence"): OFFICER,
    ("GET", CASE): OFFICER,
    ("POST", f"{CASE}/presence"): OFFICER,
    ("POST", f"{CASE}/draft"): OFFICER,
    ("GET", f"{CASE}/reply-editor"): OFFICER,
    ("POST", f"{CASE}/type"): OFFICER,
    ("POST", f"{CASE}/claim"): OFFICER,
    ("POST", f"{CASE}/assign"): OFFICER,
    ("POST", f"{CASE}/status"): OFFICER,
    ("POST", f"{CASE}/follow-up"): OFFICER,
    ("POST", f"{CASE}/close"): OFFICER,
    ("POST", f"{CASE}/reopen"): OFFICER,
    ("POST", f"{CASE}/notes"): OFFICER,
    ("POST", f"{CASE}/checklist"): OFFICER,
    ("POST", f"{CASE}/reply"): OFFICER,
    ("GET", f"{CASE}/attachments/{{attachment_id}}"): OFFICER,
    ("GET", f"{CASE}/messages/{{message_id}}/original"): OFFICER,
    ("POST", f"{CASE}/reply-files"): OFFICER,
    ("POST", f"{CASE}/reply-files/{{attachment_id}}/remove"): OFFICER,
    ("POST", f"{CASE}/preview"): OFFICER,
    ("POST", f"{CASE}/forward"): OFFICER,
    ("GET", "/routines"): OFFICER,
    ("GET", "/routines/{routine_id}/{language}"): OFFICER,
    ("POST", "/routines/{routine_id}/{language}/insert-reply"): OFFICER,
    ("GET", "/routines/new"): OFFICER,
    ("POST", "/routines/new"): OFFICER,
    ("POST", "/routines/check"): OFFICER,
    ("GET", "/routines/{routine_id}/{language}/edit"): OFFICER,
    ("POST", "/routines/{routine_id}/{language}/edit"): OFFICER,
    ("POST", "/routines/proposals/{proposal_id}/approve"): MANAGER,  # or the owner, the backup
    ("POST", "/routines/proposals/{proposal_id}/reject"): MANAGER,  # or its own author
    ("POST", "/routines/{routine_id}/{language}/restore/{version}"): OFFICER,  # as a proposal
    ("GET", "/replies"): OFFICER,
    ("GET", "/replies/new"): OFFICER,
    ("POST", "/replies/new"): OFFICER,
    ("POST", "/replies/check"): OFFICER,
    ("GET", "/replies/{reply_id}"): OFFICER,
    ("GET", "/replies/{reply_id}/edit"): OFFICER,
    ("POST", "/replies/{reply_id}/edit"): OFFICER,
    ("POST", "/replies/proposals/{proposal_id}/approve"): MANAGER,  # or the reply's owner
    ("POST", "/replies/proposals/{proposal_id}/reject"): MANAGER,  # or its own author
    ("POST", "/replies/{reply_id}/{language}/restore/{version}"): OFFICER,  # as a proposal
    ("GET", "/absences"): OFFICER,
    ("POST", "/absences"): OFFICER,
    ("POST", "/absences/{absence_id}/delete"): OFFICER,  # one's own; others' need a manager
    ("GET", "/profile"): OFFICER,
    ("POST", "/profile"): OFFICER,
    ("GET", "/stats"): MANAGER,
    ("GET", "/stats/download/{name}.csv"): MANAGER,
    ("GET", "/stats/download/month.xlsx"): MANAGER,
    ("GET", "/stats/reports/{month}"): MANAGER,
    ("GET", "/stats/reports/{month}/download/month.xlsx"): MANAGER,
    ("GET", "/stats/reports/{month}/download/{name}.csv"): MANAGER,
    ("GET", "/stats/analysis"): MANAGER,
    ("GET", "/stats/analysis/report"): MANAGER,
    ("GET", "/stats/analysis/download.{fmt}"): MANAGER,
    ("GET", "/stats/analysis/download/{name}.csv"): MANAGER,
    ("GET", "/admin/users"): ADMIN,
    ("POST", "/admin/users"): ADMIN,
    ("POST", "/admin/users/{user_id}/role"): ADMIN,
    ("POST", "/admin/users/{user_id}/active"): ADMIN,
    ("POST", "/admin/users/{user_id}/password"): ADMIN,
    ("GET", "/admin/mailboxes"): ADMIN,
    ("GET", "/admin/quarantine"): ADMIN,
    ("GET", "/admin/quarantine/{quarantine_id}/raw"): ADMIN,
    ("POST", "/admin/quarantine/{quarantine_id}/rerun"): ADMIN,
    ("GET", "/api/v1/cases"): OFFICER,
    ("GET", "/api/v1/cases/{case_id}"): OFFICER,
    ("POST", "/api/v1/cases/{case_id}/type"): OFFICER,
    ("POST", "/api/v1/cases/{case_id}/claim"): OFFICER,
    ("POST", "/api/v1/cases/{case_id}/close"): OFFICER,
    ("POST", "/api/v1/cases/{case_id}/notes"): OFFICER,
    ("GET", "/api/v1/mailboxes"): ADMIN,
    ("GET", "/api/v1/quarantine"): ADMIN,
    ("GET", "/api/v1/stats"): MANAGER,
    ("GET", "/api/v1/openapi.json"): OFFICER,
}
# Values for the path's parameters; anything not named here is 1.
VALUES = {
    "routine_id": "housing-key-handout",
    "language": "en",
    "reply_id": "housing-key-pickup",
    "name": "types",
    "month": "2026-09",
    "fmt": "md",
}


def _routes(office: Office) -> list[tuple[str, str]]:
    app = create_app(office.settings, office.engine)
    return sorted(
        (method, str(route.path))
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        for method in route.methods or set()
        if method != "HEAD"
    )


def test_every_route_has_an_entry_and_every_entry_a_route(office: Office) -> None:
    routes = set(_routes(office))

    assert sorted(routes - set(ACCESS)) == [], "add these routes to ACCESS"
    assert sorted(set(ACCESS) - routes) == [], "these routes are gone: remove them from ACCESS"


@pytest.fixture
def values(office: Office, scene: dict[str, int]) -> dict[str, Any]:
    """Real rows for the ids: a case, a closed one, an absence, a quarantined mail, a proposal
    by Bo, and Bo himself as the user the admin routes change."""
    with transaction(office.engine) as session:
        bo = session.exec(select(User).where(User.username == "bo")).one()
        proposal = ReplyProposal(
            reply_id="housing-key-pickup", language="en", text="x", author="bo", author_id=bo.id
        )
        session.add(proposal)
        session.flush()
        # The same id in the routines' own table: both approve routes find a proposal by Bo.
        session.add(
            RoutineProposal(
                id=proposal.id,
                routine_id="housing-key-handout",
                language="en",
                text="x",
                author="bo",
                author_id=bo.id,
            )
        )
        session.flush()
        found = {"proposal_id": proposal.id, "user_id": bo.id}
    return (
        VALUES
        | found
        | {
            "case_id": scene["case"],
            "absence_id": scene["absence"],
            "quarantine_id": scene["quarantine"],
        }
    )


def _url(path: str, values: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)


def _refused(response: Any, path: str) -> bool:
    if response.status_code == 403 or (response.status_code == 401 and path.startswith("/api/")):
        return True
    location = response.headers.get("location", "")
    return response.status_code in (302, 303, 307) and location.startswith("/login")


@pytest.mark.parametrize(("username", "role"), ROLES)
def test_each_role_opens_what_it_may_and_nothing_more(
    office: Office, values: dict[str, Any], username: str | None, role: str
) -> None:
    client = office.client(username)
    wrong = []
    for method, path in _routes(office):
        needed = ACCESS.get((method, path))
        if needed is None or (method, path) == ("POST", "/logout"):
            continue  # the first test names it; logging out is tried last, below
        response = _send(client, method, _url(path, values))
        refused = _refused(response, path)
        if refused != (RANK[role] < RANK[needed]):
            wrong.append(f"{method} {path}: {response.status_code} for {role}")
        if username and not _still_logged_in(client):
            wrong.append(f"{method} {path} logged {role} out")
            client = office.client(username)
    logout = _send(client, "POST", "/logout")
    assert wrong == []
    assert logout.status_code == 303
    assert not _still_logged_in(client)


def _send(client: TestClient, method: str, url: str) -> Any:
    if method == "GET":
        return client.get(url, follow_redirects=False)
    token = _token(client)
    return client.post(url, data={"csrf_token": token}, follow_redirects=False)


def _token(client: TestClient) -> str:
    try:
        return csrf_of(client, "/login")
    except AssertionError:
        return ""


def _still_logged_in(client: TestClient) -> bool:
    return client.get("/profile", follow_redirects=False).status_code == 200


def test_an_api_route_sent_a_form_instead_of_json_says_so_and_does_not_fail(
    office: Office, a_case: int
) -> None:
    client = office.client("anna")

    form = {"outcome": "spam", "csrf_token": csrf_of(client, "/routines")}
    response = client.post(f"/api/v1/cases/{a_case}/close", data=form)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
