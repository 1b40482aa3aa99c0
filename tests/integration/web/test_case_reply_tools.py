"""The reply editor's tools on the case page, through the page as an officer uses them: a CC and
a PDF reach a real mail server, a refused file says why in Swedish and keeps the draft, the
preview shows the Markdown as the student will see it, a forward sends the thread and records
the outcome, and closing asks first when a reply is still an unsent draft or, as answered
personally, when nothing was sent."""

from __future__ import annotations

import email
import re
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.integration.web.conftest import Office, csrf_of, post
from tests.smtp import SmtpServer, sending_mailbox
from triage.models import Case, CaseEvent, EventKind, ReplyDraft
from triage.settings.sections import RepliesSettings

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def smtp(smtp_server: Callable[..., SmtpServer]) -> SmtpServer:
    return smtp_server()


def _sending(office: Office, port: int, **replies: float) -> Office:
    update: dict[str, object] = {"mailbox": [sending_mailbox(port)]}
    if replies:
        update["replies"] = RepliesSettings(**replies)
    return Office(office.settings.model_copy(update=update), office.engine, office.mailbox_id)


def _attach(client: TestClient, case_id: int, name: str, data: bytes, htmx: bool = False):  # type: ignore[no-untyped-def]
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        f"/cases/{case_id}/reply-files",
        data={"csrf_token": csrf_of(client, "/routines")},
        files={"file": (name, data, "application/octet-stream")},
        headers=headers,
        follow_redirects=False,
    )


def _received(server: SmtpServer) -> EmailMessage:
    (envelope,) = server.received
    mail = email.message_from_bytes(envelope.content, policy=default)
    assert isinstance(mail, EmailMessage)
    return mail


def test_a_cc_and_a_pdf_attached_on_the_page_reach_the_mail_server(office, a_case, smtp):
    client = _sending(office, smtp.port).client("anna")
    post(client, f"/cases/{a_case}/draft", {"body": "Intyget bifogas.", "cc": "bo@uni.example.se"})

    attached = _attach(client, a_case, "intyg.pdf", PDF, htmx=True)
    page = client.get(f"/cases/{a_case}").text
    sent = post(
        client, f"/cases/{a_case}/reply", {"body": "Intyget bifogas.", "cc": "bo@uni.example.se"}
    )

    assert attached.status_code == 200
    assert "intyg.pdf" in attached.text
    assert 'value="bo@uni.example.se"' in page
    assert "intyg.pdf" in page
    assert "at most 10 MB a file" in page
    assert sent.status_code == 303, sent.text
    mail = _received(smtp)
    assert smtp.received[0].rcpt_tos == ["anna.lindqvist@student.example.org", "bo@uni.example.se"]
    assert mail["Cc"] == "bo@uni.example.se"
    (pdf,) = list(mail.iter_attachments())
    assert pdf.get_filename() == "intyg.pdf"
    assert pdf.get_content() == PDF


def test_the_cc_is_saved_with_the_draft_as_it_is_typed(office, a_case):
    client = office.client("anna")

    post(client, f"/cases/{a_case}/draft", {"body": "Hej!", "cc": "infocenter@uni.example.se"})

    assert 'value="infocenter@uni.example.se"' in client.get(f"/cases/{a_case}").text


def test_a_bad_cc_is_said_beside_the_field_in_swedish_and_nothing_is_sent(office, a_case, smtp):
    client = _sending(office, smtp.port).client("anna", language="sv")

    response = post(
        client, f"/cases/{a_case}/reply", {"body": "Svar som stannar.", "cc": "bo@uni, nej"}
    )

    assert response.status_code == 400
    field = response.text.split('id="reply-cc"', 1)[1].split("</p>", 1)[0]
    assert 'aria-invalid="true"' in field
    assert "bo@uni är inte en adress som namn@example.se." in field
    assert "Svar som stannar.</textarea>" in response.text
    assert 'value="bo@uni, nej"' in response.text  # what was typed, to correct
    assert smtp.received == []


def test_a_file_too_big_is_refused_in_swedish_and_the_draft_is_kept(office, a_case, smtp):
    client = _sending(office, smtp.port, max_attachment_mb=1).client("anna", language="sv")
    post(client, f"/cases/{a_case}/draft", {"body": "Texten som inte får försvinna."})

    response = _attach(client, a_case, "stor.pdf", PDF + b"0" * 1_600_000)

    assert response.status_code == 400
    assert "stor.pdf är 1.5 MB; en fil får vara högst 1 MB." in response.text
    assert "Texten som inte får försvinna." in response.text
    with office.session() as session:
        draft = session.exec(select(ReplyDraft)).one()
    assert draft.body == "Texten som inte får försvinna."


def test_a_file_of_the_wrong_type_is_refused_beside_the_input_in_swedish(office, a_case):
    client = office.client("anna", language="sv")

    response = _attach(client, a_case, "program.exe", b"MZ\x90\x00", htmx=True)

    assert response.status_code == 400
    assert 'id="reply-file-error"' in response.text
    assert "program.exe kan inte bifogas" in response.text
    assert 'id="reply-files"' in response.text


def test_a_removed_file_is_no_longer_on_the_draft(office, a_case):
    client = office.client("anna")
    _attach(client, a_case, "intyg.pdf", PDF)
    page = client.get(f"/cases/{a_case}").text
    (remove,) = re.findall(r'action="(/cases/\d+/reply-files/\d+/remove)"', page)

    response = post(client, remove, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "intyg.pdf" not in response.text
    assert "intyg.pdf" not in client.get(f"/cases/{a_case}").text


def test_the_preview_renders_bold_and_escapes_a_script(office, a_case):
    client = office.client("anna")

    response = post(
        client, f"/cases/{a_case}/preview", {"body": "Hej **Anna**!\n\n<script>alert(1)</script>"}
    )

    assert response.status_code == 200
    assert "<strong>Anna</strong>" in response.text
    assert "<script>" not in response.text
    assert "**" not in response.text


def test_a_forward_sends_the_thread_and_records_the_outcome(office, a_case, smtp):
    client = _sending(office, smtp.port).client("anna")

    response = post(
        client,
        f"/cases/{a_case}/forward",
        {
            "to": "infocenter@uni.example.se",
            "note": "Kan ni ta den här?",
            "outcome": "referred_infocenter",
            "close": "1",
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200, response.text
    assert "The case is forwarded to infocenter@uni.example.se with its thread." in response.text
    assert "Forwarded to infocenter@uni.example.se" in response.text  # the history, out of band
    mail = _received(smtp)
    assert smtp.received[0].rcpt_tos == ["infocenter@uni.example.se"]
    text = mail.get_body(("plain",)).get_content()
    assert "Kan ni ta den här?" in text
    assert "När kan jag hämta nyckeln" in text
    case = office.case(a_case)
    assert case.status == "closed"
    assert case.outcome == "referred_infocenter"


def test_a_forward_to_a_bad_address_says_why_in_swedish_and_is_on_the_history(office, a_case, smtp):
    client = _sending(office, smtp.port).client("anna", language="sv")

    response = post(client, f"/cases/{a_case}/forward", {"to": "inte en adress", "note": "Till er"})

    assert response.status_code == 400
    assert "Inte vidarebefordrat" in response.text
    assert smtp.received == []
    with office.session() as session:
        failed = session.exec(
            select(CaseEvent).where(CaseEvent.kind == EventKind.REPLY_FAILED)
        ).all()
    assert len(failed) == 1
    assert office.case(a_case).status != "closed"


def test_a_forward_to_two_addresses_says_it_goes_to_one_at_a_time(office, a_case, smtp):
    client = _sending(office, smtp.port).client("anna", language="sv")

    response = post(
        client, f"/cases/{a_case}/forward", {"to": "a@uni.example.se, b@uni.example.se"}
    )

    assert response.status_code == 400
    assert "vidarebefordras till en adress i taget" in response.text
    assert smtp.received == []


@pytest.mark.parametrize("action", ["forward", "reply"])
def test_a_case_in_a_mailbox_the_configuration_lacks_says_that_mailbox_cannot_send(
    office, a_case, action
):
    """The demo imports mail from files into mailboxes it does not configure for sending."""
    unconfigured = Office(
        office.settings.model_copy(update={"mailbox": []}), office.engine, office.mailbox_id
    )
    client = unconfigured.client("anna", language="sv")
    form = {"to": "infocenter@uni.example.se"} if action == "forward" else {"body": "Hej!"}

    response = post(client, f"/cases/{a_case}/{action}", form)

    assert "Den här inkorgen kan inte skicka e-post" in response.text
    assert "Något gick fel" not in response.text


def _close_as_the_page_does(office: Office, client: TestClient, case_id: int, outcome: str):  # type: ignore[no-untyped-def]
    """The page's close form, then its "Close anyway": both answers, and the status between."""
    asked = post(client, f"/cases/{case_id}/close", {"outcome": outcome, "ask": "1"})
    between = office.case(case_id).status
    confirmed = {"outcome": outcome, "ask": "1", "confirmed": "1"}
    return asked, between, post(client, f"/cases/{case_id}/close", confirmed)


def test_closing_as_answered_personally_with_nothing_sent_asks_first(office, a_case):
    client = office.client("anna")
    close_form = client.get(f"/cases/{a_case}").text.split('id="close"', 1)[1]

    asked, still_open, closed = _close_as_the_page_does(office, client, a_case, "personal_reply")

    assert "No reply has been sent to the requester from here yet." in close_form
    assert 'name="ask" value="1"' in close_form  # the page's form asks; a script closes as told
    assert asked.status_code == 409
    assert "Nothing has been sent to the requester from here." in asked.text
    assert "Close anyway" in asked.text
    assert still_open != "closed"
    assert closed.status_code == 303
    assert office.case(a_case).outcome == "personal_reply"


def test_closing_with_my_reply_still_a_draft_asks_first_and_keeps_the_draft(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/draft", {"body": "Nyckeln finns i receptionen."})

    asked, still_open, closed = _close_as_the_page_does(office, client, a_case, "standard_reply")

    assert asked.status_code == 409
    assert "Your reply on this case has not been sent: it is still a draft." in asked.text
    assert "Close the case anyway?" in asked.text
    assert "Nothing has been sent to the requester" not in asked.text  # not closing as personal
    assert "Close anyway" in asked.text
    assert still_open != "closed"
    assert closed.status_code == 303
    assert office.case(a_case).outcome == "standard_reply"
    with office.session() as session:
        assert session.exec(select(ReplyDraft)).one().body == "Nyckeln finns i receptionen."


def test_closing_over_a_colleagues_unsent_draft_names_the_colleague_in_swedish(office, a_case):
    post(office.client("bo"), f"/cases/{a_case}/draft", {"body": "Jag svarar imorgon."})
    anna = office.client("anna", language="sv")
    post(anna, f"/cases/{a_case}/draft", {"body": "  "})  # nothing written

    asked = post(anna, f"/cases/{a_case}/close", {"outcome": "no_answer_needed", "ask": "1"})

    assert asked.status_code == 409
    assert "Inte skickat än: ett svarsutkast i ärendet från Bo." in asked.text
    assert "Ditt svar i ärendet" not in asked.text  # Anna's own draft is empty
    assert office.case(a_case).status != "closed"


def test_closing_with_no_draft_written_does_not_ask(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/draft", {"body": ""})

    response = post(client, f"/cases/{a_case}/close", {"outcome": "no_answer_needed", "ask": "1"})

    assert response.status_code == 303
    assert office.case(a_case).status == "closed"


def test_closing_as_answered_personally_after_a_reply_does_not_ask(office, a_case, smtp):
    client = _sending(office, smtp.port).client("anna")
    post(client, f"/cases/{a_case}/reply", {"body": "Nyckeln finns i receptionen."})

    response = post(client, f"/cases/{a_case}/close", {"outcome": "personal_reply", "ask": "1"})

    assert response.status_code == 303
    with office.session() as session:
        case = session.get(Case, a_case)
        assert case is not None
        assert case.status == "closed"
