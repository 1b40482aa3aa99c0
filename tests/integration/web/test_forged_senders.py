"""A From is anyone's to write. Mail that only claims to come from the office is received mail,
shown with its real address and a warning; it never counts as the office's answer, and neither
it nor an auto-reply lands on a student's case by what its From says.

The forged mail goes into the real Dovecot and arrives by sync, as it would from the internet.
"""

from __future__ import annotations

import base64
import html
import re

import pytest
from sqlmodel import col, select

from tests.factories import make_mail, message_id_of
from tests.integration.web.conftest import Office
from triage.demo import DEMO_OFFICE
from triage.mail.ingest.casework import CLAIMS_OFFICE
from triage.mail.ingest.sync import sync_all
from triage.models import Case, CaseStatus, Message
from triage.settings import MailboxSettings, Settings

OFFICE = "housing@intl.example.se"
STUDENT = "anna.lindqvist@student.example.org"


@pytest.fixture
def housing(make_mailbox) -> MailboxSettings:  # type: ignore[no-untyped-def]
    """The office's mailbox, with its Sent folder synced as the office's own mail."""
    return make_mailbox("housing", folders=["INBOX", "Sent"], sent_folder="Sent")


@pytest.fixture
def settings(make_settings, housing) -> Settings:  # type: ignore[no-untyped-def]
    return make_settings(housing, office=DEMO_OFFICE)


@pytest.fixture
def question(office: Office, housing, settings, deliver) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    """A student's question, synced: its case id and the mail."""
    mail = make_mail("Nyckel", "När kan jag hämta nyckeln?", sender=f"Anna <{STUDENT}>")
    deliver(housing, mail)
    sync_all(office.engine, settings)
    with office.session() as session:
        case_id = session.exec(select(Case.id)).one()
    assert case_id is not None
    return case_id, mail


def _messages(office: Office) -> list[Message]:
    with office.session() as session:
        return list(session.exec(select(Message).order_by(col(Message.id))).all())


def _page(office: Office, case_id: int | None) -> str:
    """The case page's text as an officer reads it (tags gone, entities decoded)."""
    page = office.client("anna").get(f"/cases/{case_id}").text
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _b64(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def test_a_plain_forged_office_from_in_the_inbox_is_not_the_offices_answer(
    office: Office, housing, settings, deliver, question
):
    case_id, asked = question
    forged = make_mail(
        f"Re: Nyckel [#{case_id}]",
        "Your room is cancelled. Pay the new deposit at http://evil.example today.",
        sender=f"Housing Office <{OFFICE}>",
        in_reply_to=message_id_of(asked),
    )

    deliver(housing, forged)
    sync_all(office.engine, settings)

    case = office.case(case_id)
    assert (case.status, case.first_response_at) == (CaseStatus.NEW, None)
    stored = _messages(office)[-1]
    assert (stored.from_email, stored.direction) == (OFFICE, "in")
    assert CLAIMS_OFFICE in stored.defects
    page = _page(office, case_id)
    assert "sent by the office" not in page
    assert "claims to be from the office, but the office did not send it" in page


def test_an_office_address_hidden_in_an_encoded_name_is_shown_with_the_real_address(
    office: Office, housing, settings, deliver, question
):
    case_id, _ = question
    forged = make_mail(
        f"Re: Nyckel [#{case_id}]", "Pay the deposit today.", sender="attacker@evil.example"
    ).replace(b"From: ", f"From: {_b64(OFFICE)} ".encode(), 1)

    deliver(housing, forged)
    sync_all(office.engine, settings)

    student_case = office.case(case_id)
    assert (student_case.status, student_case.first_response_at) == (CaseStatus.NEW, None)
    assert student_case.message_count == 1  # the tag of a stranger's mail does not count
    stored = _messages(office)[-1]
    assert (stored.from_email, stored.from_name, stored.direction) == (
        "attacker@evil.example",
        OFFICE,
        "in",
    )
    assert stored.case_id != case_id
    page = _page(office, stored.case_id)
    assert f'"{OFFICE}" <attacker@evil.example>' in page
    assert "The sender's name shows another address than the one the mail came from." in page


def test_an_office_address_only_inside_an_encoded_word_is_no_address_at_all(
    office: Office, housing, settings, deliver, question
):
    case_id, asked = question
    forged = make_mail(
        f"Re: Nyckel [#{case_id}]",
        "Pay the deposit today.",
        sender="placeholder@x.example",
        in_reply_to=message_id_of(asked),
    ).replace(b"From: placeholder@x.example", f"From: {_b64(OFFICE)}".encode(), 1)

    deliver(housing, forged)
    sync_all(office.engine, settings)

    case = office.case(case_id)
    assert (case.status, case.first_response_at) == (CaseStatus.NEW, None)
    stored = _messages(office)[-1]
    assert (stored.from_email, stored.from_name, stored.direction) == ("", OFFICE, "in")
    assert stored.case_id == case_id  # its In-Reply-To threads it, shown for what it is:
    page = _page(office, case_id)
    assert f'"{OFFICE}" <no address>' in page
    assert "The sender's name shows another address than the one the mail came from." in page
    assert "sent by the office" not in page


def test_an_auto_reply_with_the_students_from_joins_no_case_by_its_from(
    office: Office, housing, settings, deliver, question
):
    case_id, _ = question
    spoofed = make_mail(
        f"Automatic reply: Nyckel [#{case_id}]",
        "I am away. Meanwhile pay at http://evil.example",
        sender=f"Anna <{STUDENT}>",
        headers={"Auto-Submitted": "auto-replied"},
    )

    deliver(housing, spoofed)
    sync_all(office.engine, settings)

    case = office.case(case_id)
    assert (case.message_count, case.status, case.first_response_at) == (1, CaseStatus.NEW, None)
    stored = _messages(office)[-1]
    assert (stored.is_auto_reply, stored.case_id) == (True, None)


def test_an_officers_reply_from_the_sent_folder_still_answers_the_case(
    office: Office, housing, settings, deliver, question
):
    case_id, asked = question
    answer = make_mail(
        "Re: Nyckel",
        "På måndag klockan 10.",
        sender=f"Housing Office <{OFFICE}>",
        in_reply_to=message_id_of(asked),
    )
    out_of_office = make_mail(
        "Automatic reply: Re: Nyckel",
        "Jag är på semester.",
        sender=f"Anna <{STUDENT}>",
        headers={"Auto-Submitted": "auto-replied"},
        in_reply_to=message_id_of(answer),
    )

    deliver(housing, answer, folder="Sent")
    sync_all(office.engine, settings)
    deliver(housing, out_of_office)
    sync_all(office.engine, settings)

    case = office.case(case_id)
    assert case.status == CaseStatus.WAITING
    assert case.first_response_at is not None
    assert [(m.direction, m.case_id) for m in _messages(office)] == [
        ("in", case_id),
        ("out", case_id),
        ("in", case_id),  # the auto-reply joins through the id of the office's answer
    ]
    page = _page(office, case_id)
    assert "sent by the office" in page
    assert "claims to be from the office" not in page


def test_a_forged_office_mail_after_the_real_answer_changes_nothing(
    office: Office, housing, settings, deliver, question
):
    case_id, asked = question
    answer = make_mail("Re: Nyckel", "På måndag.", sender=OFFICE, in_reply_to=message_id_of(asked))
    deliver(housing, answer, folder="Sent")
    sync_all(office.engine, settings)
    answered = office.case(case_id)
    forged = make_mail(
        "Re: Nyckel",
        "Correction: pay the deposit at http://evil.example first.",
        sender=f"Housing Office <{OFFICE}>",
        in_reply_to=message_id_of(answer),
    )

    deliver(housing, forged)
    sync_all(office.engine, settings)

    case = office.case(case_id)
    assert (case.status, case.first_response_at) == (CaseStatus.WAITING, answered.first_response_at)
    assert [m.direction for m in _messages(office)] == ["in", "out", "in"]
    page = _page(office, case_id)
    assert page.count("sent by the office") == 1
    assert "claims to be from the office, but the office did not send it" in page
