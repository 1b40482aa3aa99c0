"""What schemathesis (tests/integration/web/test_api_fuzz.py) and probing beside it found in
/api/v1, one test each, named after the input that failed: a clear 4xx now, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.integration.web.conftest import Office
from tests.integration.web.test_api_fuzz import _basic


def _script(office: Office) -> TestClient:
    return TestClient(create_app(office.settings, office.engine), raise_server_exceptions=False)


def test_statistics_for_month_0001_01_is_refused_not_a_server_error(office: Office):
    # Its midnight in Stockholm is still year 0 in UTC: OverflowError, a 500, before.
    response = _script(office).get("/api/v1/stats?month=0001-01", headers=_basic("maria"))

    assert response.status_code == 400
    assert response.json() == {"detail": "0001-01 is before 1970-01: no mail is that old"}


def test_statistics_from_1970_01_to_this_month_are_answered(office: Office):
    this_month = f"{office.settings.today():%Y-%m}"

    response = _script(office).get(
        f"/api/v1/stats?month=1970-01&to={this_month}", headers=_basic("maria")
    )

    assert response.status_code == 200
    assert (response.json()["month"], response.json()["to"]) == ("1970-01", this_month)


# PostgreSQL's text cannot hold a NUL character: each of these was a DataError there, a 500.
# Refused before the database on both SQLite and PostgreSQL.


def test_a_note_whose_text_holds_a_nul_is_refused(office: Office, a_case: int):
    response = _script(office).post(
        f"/api/v1/cases/{a_case}/notes", json={"text": "a\x00b"}, headers=_basic("anna")
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "text"]


@pytest.mark.parametrize("name", ["mailbox", "language", "question_type", "assignee", "search"])
def test_a_queue_filter_holding_a_nul_is_read_without_it(office: Office, name: str):
    # api/nul.py drops an encoded NUL from every address before a route reads it: the filter
    # is "ab" (an unknown colleague is a clear 400), never a server error.
    response = _script(office).get(f"/api/v1/cases?{name}=a%00b", headers=_basic("anna"))

    assert response.status_code == (400 if name == "assignee" else 200)
    assert "\x00" not in response.text


def test_statistics_for_a_mailbox_named_with_a_nul_are_a_clear_refusal(office: Office):
    response = _script(office).get(
        "/api/v1/stats?month=2026-01&mailbox=%00", headers=_basic("maria")
    )

    assert response.status_code == 400  # the NUL dropped: an empty mailbox name, said so
