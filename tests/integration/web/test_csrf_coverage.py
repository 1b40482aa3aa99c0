"""Every route that changes something refuses a logged-in browser's request without the CSRF
token. The routes are walked from the app itself, so a new one cannot be forgotten here (the
cases each route is known for are in test_roles_and_csrf.py)."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from api.app import create_app
from tests.integration.web.conftest import Office
from tests.integration.web.test_roles_and_csrf import _database

CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _changing_routes(office: Office) -> list[tuple[str, str]]:
    app = create_app(office.settings, office.engine)
    # FastAPI keeps included routers as branches: iter_route_contexts walks down to every route
    # with its full path.
    return sorted(
        (method, str(route.path))
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        for method in (route.methods or set()) & CHANGING
    )


def test_the_walk_finds_the_pages_and_the_api(office):
    routes = _changing_routes(office)

    assert ("POST", "/login") in routes
    assert ("POST", "/cases/{case_id}/reply") in routes
    assert ("POST", "/api/v1/cases/{case_id}/notes") in routes
    assert len(routes) >= 19


@pytest.mark.parametrize("as_", ["form", "json"])
def test_every_changing_route_refuses_a_logged_in_request_without_the_token(office, a_case, as_):
    client = office.client("root")  # an admin: no route refuses for want of a role first
    ids = {"case_id": a_case}  # any other id will do: the token is checked before any lookup
    before = _database(office)

    let_through = []
    for method, path in _changing_routes(office):
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)
        body = {"data": {"text": "x"}} if as_ == "form" else {"json": {"text": "x"}}
        response = client.request(method, url, follow_redirects=False, **body)
        if response.status_code != 403 or "CSRF" not in response.text:
            let_through.append(f"{method} {path}: {response.status_code}")

    assert let_through == []
    assert _database(office) == before
