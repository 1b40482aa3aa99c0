"""Scripts log in to /api/v1 with HTTP Basic (FastAPI's scheme, shown in the OpenAPI schema):
UTF-8 credentials work, and a malformed header is no login, never an error of its own."""

from __future__ import annotations

import base64

from fastapi.testclient import TestClient

from api.app import create_app
from tests.integration.web.conftest import Office
from triage.db import transaction
from triage.people.users import add_user


def _basic(raw: bytes) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def test_a_script_whose_password_has_swedish_letters_is_let_in(office: Office):
    with transaction(office.engine) as session:
        add_user(session, "åsa", "officer", "hälsningar-från-åre")
    script = TestClient(create_app(office.settings, office.engine))

    response = script.get("/api/v1/cases", headers=_basic("åsa:hälsningar-från-åre".encode()))

    assert response.status_code == 200


def test_a_malformed_basic_header_is_answered_as_no_login(office: Office):
    script = TestClient(create_app(office.settings, office.engine))

    for header in ({"Authorization": "Basic !!!"}, _basic(b"no-colon-here")):
        response = script.get("/api/v1/cases", headers=header)

        assert response.status_code == 401
        assert response.json() == {"detail": "login required"}
        assert response.headers["www-authenticate"] == 'Basic realm="mailtriage"'


def test_a_logged_in_browser_with_a_stray_basic_header_keeps_its_session(office: Office):
    client = office.client("anna")

    response = client.get("/api/v1/cases", headers={"Authorization": "Basic !!!"})

    assert response.status_code == 200


def test_the_openapi_schema_names_http_basic(office: Office):
    schema = office.client("anna").get("/api/v1/openapi.json").json()

    schemes = schema["components"]["securitySchemes"].values()
    assert {"type": "http", "scheme": "basic"} in [
        {k: v for k, v in s.items() if k in ("type", "scheme")} for s in schemes
    ]
