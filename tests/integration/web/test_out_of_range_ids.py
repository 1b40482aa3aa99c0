"""An id no database row can have is a page that does not exist (404), on every route that takes
one; a page cursor that is not one is a bad request (400). Neither is ever a 500."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from api.app import create_app
from tests.integration.web.conftest import Office, csrf_of

HUGE = "99999999999999999999"  # more than any integer column holds (SQLite 64 bit, PostgreSQL 32)
OUT_OF_RANGE = [HUGE, str(2**31), "-1", "0"]


def _id_routes(office: Office) -> list[tuple[str, str, list[str]]]:
    """(method, path, its int parameters) for every route whose address takes an int."""
    found = []
    for context in iter_route_contexts(create_app(office.settings, office.engine).routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or context.path is None:
            continue
        names = [p.name for p in route.dependant.path_params if p.field_info.annotation is int]
        found += [(method, context.path, names) for method in sorted(route.methods) if names]
    return found


def _address(path: str, names: list[str], wrong: str, value: str) -> str:
    """`path` with `value` for the parameter `wrong`, 1 for the other ints, "x" for the rest."""
    filled = path
    for name in names:
        filled = filled.replace(f"{{{name}}}", value if name == wrong else "1")
    return re.sub(r"\{[^}]+\}", "x", filled)


def test_every_route_that_takes_an_id_answers_404_for_one_no_row_can_have(office, a_case):
    client = office.client("root")
    token = csrf_of(client, "/routines")
    routes = _id_routes(office)
    answers = {}

    for method, path, names in routes:
        for wrong in names:
            for value in OUT_OF_RANGE:
                url = _address(path, names, wrong, value)
                body = {"json": {}} if url.startswith("/api/") else {"data": {"csrf_token": token}}
                response = client.request(
                    method,
                    url,
                    headers={"X-CSRF-Token": token},
                    follow_redirects=False,
                    **(body if method == "POST" else {}),
                )
                answers[(method, url)] = response.status_code

    assert len(routes) >= 20  # the walk found the case, attachment, absence and admin routes
    assert {key: code for key, code in answers.items() if code != 404} == {}


@pytest.mark.parametrize(
    "url",
    ["/cases/99999999999999999999", "/api/v1/cases/99999999999999999999", "/api/v1/cases/abc"],
)
def test_an_impossible_case_number_is_not_found(office, url):
    response = office.client("anna").get(url)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "cursor",
    [
        f"1.{HUGE}",
        f"{HUGE}{HUGE}.1",
        "1.-5",
        "abc",
        "1.2.3",
        "9" * 5000 + ".1",
    ],
)
def test_a_malformed_page_cursor_is_a_bad_request_in_the_queue_and_the_api(office, a_case, cursor):
    client = office.client("anna")

    page = client.get("/", params={"after": cursor})
    api = client.get("/api/v1/cases", params={"after": cursor})

    assert page.status_code == 400
    assert api.status_code == 400
    assert "cursor" in api.json()["detail"]


def test_a_good_cursor_still_pages(office):
    from tests.factories import make_mail

    office.deliver(*(make_mail(f"Fråga {n}") for n in range(3)))
    client = office.client("anna")

    first = client.get("/api/v1/cases", params={"limit": 2}).json()
    second = client.get("/api/v1/cases", params={"limit": 2, "after": first["next_cursor"]})

    assert second.status_code == 200
    assert len(first["cases"]) + len(second.json()["cases"]) == 3
