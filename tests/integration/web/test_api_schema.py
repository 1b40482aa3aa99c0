"""The JSON API documents its answers: every /api/v1 route has a response schema with
properties, and each schema names every field of the record it mirrors, so the JSON a script
gets stays what it was when the models came in."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

from api import schemas
from tests.integration.web.conftest import Office, csrf_of
from triage.cases.page import ThreadMessage
from triage.cases.queue import QueueRow
from triage.models import Case, CaseNote

RENDERED = {"body_html", "shortened", "quoted_html"}  # the page's HTML: the API renders none


def _resolve(schema: dict, spec: dict) -> dict:  # type: ignore[type-arg]
    while "$ref" in spec:
        spec = schema["components"]["schemas"][spec["$ref"].rsplit("/", 1)[1]]
    if spec.get("type") == "array":
        return _resolve(schema, spec["items"])
    return spec


def test_every_api_route_has_a_response_schema_with_properties(office: Office):
    schema = office.client("anna").get("/api/v1/openapi.json").json()

    bare = []
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            ok = next(c for c in operation["responses"] if c.startswith("2"))
            content = operation["responses"][ok].get("content", {}).get("application/json", {})
            if not _resolve(schema, content.get("schema", {})).get("properties"):
                bare.append(f"{method.upper()} {path}")

    assert len(schema["paths"]) >= 8
    assert bare == []


def test_each_api_model_names_every_field_of_its_record():
    thread = {f.name for f in fields(ThreadMessage)} - RENDERED

    assert set(schemas.CaseRecord.model_fields) == set(Case.model_fields)
    assert set(schemas.QueueRow.model_fields) == {f.name for f in fields(QueueRow)}
    assert set(schemas.ThreadMessage.model_fields) == thread
    assert set(schemas.Note.model_fields) == set(CaseNote.model_fields)


def test_the_api_writes_times_as_isoformat_and_the_case_with_every_field(office, a_case):
    client = office.client("anna")
    headers = {"X-CSRF-Token": csrf_of(client)}

    closed = client.post(f"/api/v1/cases/{a_case}/close", json={"outcome": "spam"}, headers=headers)
    case = client.get(f"/api/v1/cases/{a_case}").json()

    assert closed.status_code == 200
    assert closed.json()["closed_at"].endswith("+00:00")  # as isoformat() writes it, not "Z"
    assert datetime.fromisoformat(closed.json()["closed_at"])
    assert set(case) == set(Case.model_fields) | {"messages"}
    assert set(case["messages"][0]) == {f.name for f in fields(ThreadMessage)} - RENDERED
