"""Closing a case the acknowledgement answered, in one click, and counting it (#11): the button
beside the close form, its CSRF token, the outcome in the statistics and their downloads, and
the acknowledgement's decisions on the case history, in Swedish and English."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.factories import make_mail
from tests.integration.web.conftest import Office, csrf_of, post
from triage.db import transaction
from triage.events import record_event
from triage.models import Case, CaseStatus, EventKind
from triage.records.statistics import statistics_for

SEPTEMBER = date(2026, 9, 1)  # the mail clock's month


def _housing_case(office: Office, subject: str = "Nyckel") -> int:
    (case_id,) = office.deliver(make_mail(subject, "Hej! När kan jag hämta nyckeln?"))
    assert case_id is not None
    with transaction(office.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.question_type, case.type_source, case.type_confidence = "housing", "model", 0.97
    return case_id


def _log(office: Office, case_id: int, kind: EventKind, new: str, **data: Any) -> None:
    with transaction(office.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        record_event(session, case, kind, actor="system", new=new, data=data)


@pytest.fixture
def acknowledged(office: Office) -> int:
    """A housing case whose asker got an acknowledgement with one FAQ answer."""
    case_id = _housing_case(office)
    _log(
        office,
        case_id,
        EventKind.ACK_SENT,
        "anna.lindqvist@student.example.org",
        answers=["housing-key-pickup"],
        confidence=0.97,
        min_confidence=0.9,
    )
    return case_id


def test_an_acknowledged_case_closes_as_answered_by_the_acknowledgement_in_one_click(
    office, acknowledged
):
    client = office.client("anna")
    page = client.get(f"/cases/{acknowledged}").text
    assert 'id="close-acknowledged"' in page
    assert "Answered by the acknowledgement</button>" in page

    response = post(
        client, f"/cases/{acknowledged}/close", {"outcome": "answered_by_acknowledgement"}
    )

    assert response.status_code == 303
    case = office.case(acknowledged)
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, "answered_by_acknowledgement")
    history = client.get(f"/cases/{acknowledged}").text
    assert "Closed with outcome: Answered by the acknowledgement" in history


def test_the_one_click_close_needs_the_csrf_token(office, acknowledged):
    client = office.client("anna")

    response = client.post(
        f"/cases/{acknowledged}/close",
        data={"outcome": "answered_by_acknowledgement"},
        follow_redirects=False,
    )

    assert response.status_code == 403
    assert office.case(acknowledged).status != CaseStatus.CLOSED


def test_without_a_login_nobody_closes_it(office, acknowledged):
    client = office.client()

    response = client.post(
        f"/cases/{acknowledged}/close",
        data={"outcome": "answered_by_acknowledgement", "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )

    assert response.status_code in (303, 401, 403)
    assert office.case(acknowledged).status != CaseStatus.CLOSED


def test_a_case_without_an_acknowledgement_offers_no_such_close_and_refuses_it(office):
    case_id = _housing_case(office)
    client = office.client("anna")
    page = client.get(f"/cases/{case_id}").text
    assert 'id="close-acknowledged"' not in page
    assert 'value="answered_by_acknowledgement"' not in page

    response = post(client, f"/cases/{case_id}/close", {"outcome": "answered_by_acknowledgement"})

    assert response.status_code == 400
    assert "No acknowledgement was sent on this case" in response.text
    assert office.case(case_id).status != CaseStatus.CLOSED


def test_the_statistics_count_it_per_type_and_month(office, acknowledged):
    _housing_case(office, "Deposition")  # closed otherwise: not counted as this outcome
    post(
        office.client("anna"),
        f"/cases/{acknowledged}/close",
        {"outcome": "answered_by_acknowledgement"},
    )

    with office.session() as session:
        figures = statistics_for(session, office.settings, [SEPTEMBER])
    assert figures["outcomes"]["housing"]["answered_by_acknowledgement"] == 1
    assert figures["outcomes"]["housing"]["personal_reply"] == 0
    client = office.client("maria")
    download = client.get("/stats/download/types.csv?month=2026-09")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    column = rows[0].index("Answered by the acknowledgement")
    housing = next(row for row in rows if row[0] == "Housing")
    assert housing[column] == "1"
    workbook_file = client.get("/stats/download/month.xlsx?month=2026-09").content
    workbook = load_workbook(io.BytesIO(workbook_file))
    sheet = next(ws for ws in workbook.worksheets if ws.title == "Per question type")
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert "Answered by the acknowledgement" in header


def test_the_outcome_has_a_swedish_and_an_english_name_on_the_statistics_page(office, acknowledged):
    post(
        office.client("anna"),
        f"/cases/{acknowledged}/close",
        {"outcome": "answered_by_acknowledgement"},
    )

    # Swedish first: a client in English sets the user's language to English.
    swedish = office.client("maria", language="sv").get("/stats?month=2026-09").text
    english = office.client("maria").get("/stats?month=2026-09").text

    assert "Answered by the acknowledgement" in english
    assert "Besvarat av bekräftelsen" in swedish


def test_the_history_says_what_became_of_the_acknowledgement_in_the_officers_language(office):
    sent, skipped, failed = (_housing_case(office, s) for s in ("A", "B", "C"))
    _log(office, sent, EventKind.ACK_SENT, "a@x.org", answers=["k"], min_confidence=0.9)
    _log(office, skipped, EventKind.ACK_SKIPPED, "mailing_list", reason="mailing_list")
    _log(office, failed, EventKind.ACK_FAILED, "smtp_unreachable", code="smtp_unreachable")

    swedish = [
        office.client("anna", language="sv").get(f"/cases/{c}").text
        for c in (sent, skipped, failed)
    ]
    english = [office.client("anna").get(f"/cases/{c}").text for c in (sent, skipped, failed)]

    assert "Acknowledgement sent with 1 FAQ answer" in english[0]
    assert "No acknowledgement sent: the mail came from a mailing list" in english[1]
    assert "Acknowledgement not sent: The mail server could not be reached." in english[2]
    assert "Bekräftelse skickad med 1 svar från vanliga frågor" in swedish[0]
    assert "Ingen bekräftelse skickad: mejlet kom från en e-postlista" in swedish[1]
    assert "Bekräftelsen skickades inte:" in swedish[2]
