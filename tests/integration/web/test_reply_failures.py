"""Sending from the case page never loses the officer's text and never trusts stored ids: a
hostile Message-ID in an old database threads nothing in, a dead mail server or a mailbox that
cannot send keeps the draft and says why."""

from __future__ import annotations

import email
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.smtp import Envelope
from sqlmodel import select

from tests.factories import make_mail
from tests.integration.web.conftest import Office, post
from tests.servers import free_port
from tests.smtp import SmtpServer, sending_mailbox
from triage.models import Case, Message, ReplyDraft

INJECTED = "\r\nBcc: victim@x.example"


@pytest.fixture
def smtp(smtp_server: Callable[..., SmtpServer]) -> tuple[int, list[Envelope]]:
    """A real aiosmtpd on 127.0.0.1: its port and the envelopes it received."""
    server = smtp_server()
    return server.port, server.received


def _sending(office: Office, smtp_port: int | None) -> Office:
    """The same office with a housing mailbox that sends through 127.0.0.1:`smtp_port`."""
    mailbox = sending_mailbox(smtp_port)
    settings = office.settings.model_copy(update={"mailbox": [mailbox]})
    return Office(settings, office.engine, office.mailbox_id)


def _poison(office: Office, case_id: int) -> None:
    """Ids and a name as an older version stored them, control characters and all."""
    with office.session() as session:
        message = session.exec(select(Message).where(Message.case_id == case_id)).one()
        message.message_id += INJECTED
        message.references = f"<first@student.example.org>{INJECTED} <second@x>"
        case = session.get(Case, case_id)
        assert case is not None
        case.requester_name = f"Anna{INJECTED}"
        session.add_all([message, case])
        session.commit()


def _received(envelope: Envelope) -> EmailMessage:
    message = email.message_from_bytes(envelope.content, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def _draft_body(office: Office) -> str | None:
    with office.session() as session:
        draft = session.exec(select(ReplyDraft)).first()
        return None if draft is None else draft.body


def test_a_reply_to_a_case_with_a_hostile_stored_message_id_goes_out_with_clean_headers(
    office, a_case, smtp
):
    port, received = smtp
    sending = _sending(office, port)
    _poison(office, a_case)

    response = post(
        sending.client("anna"), f"/cases/{a_case}/reply", {"body": "Nyckeln finns i receptionen."}
    )

    assert response.status_code == 303, response.text
    (envelope,) = received
    mail = _received(envelope)
    assert envelope.rcpt_tos == ["anna.lindqvist@student.example.org"]
    assert not [line for line in envelope.content.splitlines() if line.lower().startswith(b"bcc")]
    assert mail["Bcc"] is None
    assert [a.addr_spec for a in mail["To"].addresses] == ["anna.lindqvist@student.example.org"]
    assert "victim" not in mail["In-Reply-To"] + mail["References"]
    assert mail["In-Reply-To"].startswith("<")
    assert mail["In-Reply-To"].endswith(">")
    assert mail["References"].split()[:2] == ["<first@student.example.org>", "<second@x>"]
    assert "Nyckeln finns i receptionen." in mail.get_body(("plain",)).get_content()


def test_a_send_to_a_closed_port_keeps_the_draft_and_shows_the_reason(office, a_case):
    port = free_port()  # nobody listens here
    client = _sending(office, port).client("anna")

    response = post(client, f"/cases/{a_case}/reply", {"body": "Hej! Nyckeln finns i receptionen."})

    assert response.status_code == 502
    assert "your text is kept as a draft" in response.text
    assert f"could not connect to 127.0.0.1:{port}" in response.text
    assert "Hej! Nyckeln finns i receptionen." in response.text
    assert _draft_body(office) == "Hej! Nyckeln finns i receptionen."


def test_a_mailbox_that_cannot_send_keeps_the_draft_and_says_why(office, a_case):
    client = _sending(office, None).client("anna")

    response = post(client, f"/cases/{a_case}/reply", {"body": "Svar som inte får försvinna."})

    assert response.status_code == 502
    assert "has no SMTP settings" in response.text
    assert _draft_body(office) == "Svar som inte får försvinna."
    with office.session() as session:
        draft = session.exec(select(ReplyDraft)).one()
        assert draft.last_error is not None
        assert "has no SMTP settings" in draft.last_error


def test_a_case_without_a_requester_address_keeps_the_draft_and_says_why(office, smtp):
    port, received = smtp
    (case_id,) = office.deliver(make_mail(sender="Nobody <>"))
    assert case_id is not None
    with office.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.requester_email = ""
        session.add(case)
        session.commit()
    client = _sending(office, port).client("anna")

    response = post(client, f"/cases/{case_id}/reply", {"body": "Till vem går detta?"})

    assert response.status_code == 400
    assert "no requester address" in response.text
    assert _draft_body(office) == "Till vem går detta?"
    assert received == []


def test_an_empty_reply_is_refused_beside_the_field_and_nothing_is_sent_or_saved(office, a_case):
    client = office.client("anna")

    response = post(client, f"/cases/{a_case}/reply", {"body": "   "})

    assert response.status_code == 400
    assert "Write the reply before sending it." in response.text
    with office.session() as session:
        assert session.exec(select(ReplyDraft)).all() == []
        outgoing = session.exec(select(Message).where(Message.direction == "out")).all()
    assert outgoing == []


def test_the_reply_form_shows_where_the_answer_goes_and_that_the_mail_asked_for_it(office, smtp):
    port, received = smtp
    sending = _sending(office, port)
    (case_id,) = office.deliver(
        make_mail(
            "Contact form: housing",
            "Question: when can I collect my key?",
            sender="Web form <noreply@forms.example.se>",
            headers={"Reply-To": "Jake Walsh <jake.walsh@mail.example.com>"},
        )
    )
    client = sending.client("anna")

    page = client.get(f"/cases/{case_id}").text
    sent = post(client, f"/cases/{case_id}/reply", {"body": "The key is at the reception."})
    after = client.get(sent.headers["location"]).text

    to_line = page[page.index('id="reply-to"') : page.index("</p>", page.index('id="reply-to"'))]
    assert "Jake Walsh &lt;jake.walsh@mail.example.com&gt;" in to_line
    assert "it was sent from noreply@forms.example.se" in to_line
    assert received[0].rcpt_tos == ["jake.walsh@mail.example.com"]
    assert "The reply is sent to jake.walsh@mail.example.com." in after


def test_the_reply_form_names_the_requester_where_the_mail_asks_nothing_else(office, a_case):
    page = office.client("anna").get(f"/cases/{a_case}").text

    to_line = page[page.index('id="reply-to"') : page.index("</p>", page.index('id="reply-to"'))]
    assert "&lt;anna.lindqvist@student.example.org&gt;" in to_line
    assert "reply-to-note" not in page
