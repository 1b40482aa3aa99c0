"""Schemathesis against the JSON API's own OpenAPI schema, as each role (HTTP Basic) and without a
login: no request it makes gets a server error, and every answer has the status, content type
and shape the schema documents. In-process (ASGI), no network; a fixed number of examples per
operation, derandomised, so a failure found once is found every time.

Each operation gets the edge values of each parameter (schemathesis' coverage phase), then
generated data that fits the schema ("positive") and data that breaks it ("negative"), once
with any case id and once with the id of a real case, so that the routes behind the id check
run too.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from tests.integration.web.conftest import PASSWORDS, Office

EXAMPLES = 30  # per operation, mode and kind of id; with the edge values ~1,100 requests a role
ROLES = {"officer": "anna", "manager": "maria", "admin": "root", "anonymous": None}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Without a login nothing gets in. A well-formed request is answered 401, or 403 when it is a
# POST (the CSRF check comes first), or 404 for an id no row can have (checked before any route);
# a malformed one may hear about its shape first (400, 422: FastAPI reads the body before any
# login), and a method the address does not have is a 405.
ANONYMOUS = {
    GenerationMode.POSITIVE: {401, 403, 404},
    GenerationMode.NEGATIVE: {400, 401, 403, 404, 405, 422},
}


def _basic(username: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{PASSWORDS[username]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _answer(app: Any, case: Any, headers: dict[str, str], anonymous: bool) -> None:
    """Send one case; its answer passes CHECKS, and without a login is a refusal."""
    response = case.call(app=app, headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    if anonymous:
        assert response.status_code in ANONYMOUS[case.meta.generation.mode], (
            f"{case.method} {case.formatted_path} {case.query} without a login: "
            f"{response.status_code} {response.text[:200]}"
        )


def _fuzz(app: Any, strategy: Any, headers: dict[str, str], anonymous: bool) -> None:
    """EXAMPLES generated cases (shrunk to the smallest that fails)."""

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def send(case: Any) -> None:
        _answer(app, case, headers, anonymous)

    send()


# PostgreSQL too (skipped where it does not answer): it refuses text that SQLite stores.
@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_no_request_to_the_api_is_a_server_error(office: Office, a_case: int, role: str) -> None:
    app = create_app(office.settings, office.engine)
    # Credentials are ours to send: schemathesis generates none (no login brake, no hashing).
    config = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
    schema = schemathesis.openapi.from_dict(app.openapi(), config=config)
    username = ROLES[role]
    auth = _basic(username) if username else {}

    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        # A script's POST without a body says it is JSON too: that is what lets HTTP Basic
        # pass without a CSRF token (api/deps.py).
        headers = auth if list(operation.body) else {**auth, "Content-Type": "application/json"}
        has_id = "{case_id}" in operation.path
        for mode in GenerationMode:
            for ids in ({}, {"case_id": a_case}) if has_id else ({},):
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=ids or None)

                try:
                    _fuzz(app, strategy, headers, username is None)
                except Unsatisfiable:
                    pass  # nothing to break: an operation without parameters or a body
                except Exception as exc:
                    where = f"{operation.label} ({mode}, {'a real case' if ids else 'any id'})"
                    failures.append(f"{where}:\n{exc}")
        # Schemathesis' coverage phase: each parameter's edge values (empty, too long, wrong
        # type, missing), a fixed list.
        for case in schema.iter_coverage_cases(
            operation,
            generation_modes=list(GenerationMode),
            generation_config=schema.config.generation_for(operation=operation),
        ):
            try:
                _answer(app, case, headers, username is None)
            except Exception as exc:
                failures.append(f"{operation.label} (coverage):\n{exc}")

    assert not failures, "\n\n".join(failures)
