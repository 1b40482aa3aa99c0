"""Every user's profile page: the display name and the Swedish and English signatures their
replies carry, reached from their name at the top of every page."""

from __future__ import annotations

import email
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default

from tests.integration.web.conftest import Office, post
from tests.smtp import SmtpServer, sending_mailbox
from triage.models import User
from triage.people.users import user_named


def _user(office: Office, name: str) -> User:
    with office.session() as session:
        return user_named(session, name)


def test_the_name_at_the_top_of_every_page_leads_to_the_profile(office):
    page = office.client("maria").get("/").text

    assert '<a href="/profile"' in page
    assert "Maria</a>" in page


def test_a_user_sets_a_display_name_and_signatures_in_both_languages(office):
    client = office.client("bo", language="sv")

    response = post(
        client,
        "/profile",
        {
            "display_name": "Bo  Ek\n",
            "signature_sv": "Bo Ek\nHandläggare",
            "signature_en": "Bo Ek\nOfficer",
        },
    )
    page = client.get("/profile").text

    assert response.status_code == 303
    assert "Din profil är sparad." in page
    assert 'value="Bo Ek"' in page
    assert "Bo Ek\nHandläggare</textarea>" in page
    user = _user(office, "bo")
    assert (user.display_name, user.signature_sv, user.signature_en) == (
        "Bo Ek",
        "Bo Ek\nHandläggare",
        "Bo Ek\nOfficer",
    )


def test_a_signature_too_long_is_refused_beside_the_field_and_nothing_changes(office):
    client = office.client("anna")

    response = post(client, "/profile", {"display_name": "Anna Lind", "signature_en": "x" * 2001})

    assert response.status_code == 400
    assert "The signature is too long: at most 2000 characters." in response.text
    assert _user(office, "anna").display_name == "Anna"


def test_the_profile_signature_ends_the_sent_reply(
    office, a_case, smtp_server: Callable[..., SmtpServer]
):
    server = smtp_server()
    settings = office.settings.model_copy(update={"mailbox": [sending_mailbox(server.port)]})
    client = Office(settings, office.engine, office.mailbox_id).client("anna")
    post(
        client,
        "/profile",
        {"display_name": "Anna Lind", "signature_sv": "Anna Lind\nInternationella kontoret"},
    )

    post(
        client,
        f"/cases/{a_case}/reply",
        {"body": "Nyckeln finns i receptionen.", "reply_language": "sv"},
    )

    (envelope,) = server.received
    mail = email.message_from_bytes(envelope.content, policy=default)
    assert isinstance(mail, EmailMessage)
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip()
    assert text.endswith("Anna Lind\nInternationella kontoret")
    assert mail["From"].addresses[0].display_name.startswith("Anna Lind")
