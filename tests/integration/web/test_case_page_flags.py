"""What the case page offers comes from the case service's rules, not from the template: the
statuses an officer may set, confirming a type, taking a case, and an empty note refused."""

from __future__ import annotations

import re

from sqlmodel import select

from tests.integration.web.conftest import post
from triage.cases.service import SETTABLE_STATUSES
from triage.models import CaseNote


def _status_options(page: str) -> list[str]:
    found = re.search(r'<select id="status" name="status">(.*?)</select>', page, re.S)
    return re.findall(r'<option value="([^"]+)"', found.group(1)) if found else []


def test_the_status_form_offers_exactly_what_the_service_lets_an_officer_set(office, a_case):
    page = office.client("anna").get(f"/cases/{a_case}").text

    assert _status_options(page) == [str(s) for s in SETTABLE_STATUSES]


def test_a_closed_case_offers_no_status_no_taking_and_no_confirming(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/close", {"outcome": "spam"})

    page = client.get(f"/cases/{a_case}").text

    assert _status_options(page) == []
    assert "/claim" not in page
    assert "Reopen" in page


def test_a_type_an_officer_set_needs_no_confirming(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/type", {"label": "fees"})

    page = client.get(f"/cases/{a_case}").text

    assert "Confirm type" not in page
    assert "set by an officer" in page
    chip = page.split('id="type-title"', 1)[1].split("</p>", 1)[0]
    assert "%" not in chip  # an officer's choice has no model's confidence
    queue_row = client.get("/").text.split(f'href="/cases/{a_case}"', 1)[1].split("</tr>", 1)[0]
    assert 'class="confidence"' not in queue_row


def test_your_own_case_is_not_offered_to_you_to_take(office, a_case):
    client = office.client("anna")
    assert f"/cases/{a_case}/claim" in client.get(f"/cases/{a_case}").text

    post(client, f"/cases/{a_case}/claim")

    assert f"/cases/{a_case}/claim" not in client.get(f"/cases/{a_case}").text


def test_an_empty_note_is_refused_by_the_case_service_and_shown_beside_the_field(office, a_case):
    response = post(office.client("anna", language="sv"), f"/cases/{a_case}/notes", {"text": " "})

    assert response.status_code == 400
    assert 'id="note-error"' in response.text
    with office.session() as session:
        assert session.exec(select(CaseNote)).all() == []
