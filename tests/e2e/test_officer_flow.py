"""An officer's day in a real Chromium: log in, filter the queue, open a case, confirm its type,
insert a suggested reply, send it, tick a checklist step and close the case with an outcome.

Everything on the way is real: the student's mail comes from Dovecot over IMAP, the reply goes
out through an aiosmtpd server that delivers into the student's own Dovecot mailbox, and the test
reads that mailbox at the end, as the student would.
"""

from __future__ import annotations

import email
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from imapclient import IMAPClient
from playwright.sync_api import expect
from sqlmodel import select

from tests.factories import make_mail
from tests.servers import free_port
from triage.cases.standard_replies import ensure_seeded
from triage.db import make_engine, transaction, upgrade
from triage.demo import DEMO_OFFICE
from triage.learning.classify import load_classifier
from triage.mail.ingest.sync import sync_all
from triage.models import Case, ChecklistTick
from triage.people.users import add_user
from triage.settings import MailboxSettings, SmtpSettings


class _DeliverToImap:
    """An SMTP server's delivery: each accepted mail is appended to the student's INBOX."""

    def __init__(self, port: int, student: MailboxSettings) -> None:
        self.port, self.student = port, student

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with IMAPClient("127.0.0.1", port=self.port, ssl=False) as imap:
            imap.login(self.student.username, self.student.secret())
            imap.append("INBOX", envelope.content)
        return "250 2.0.0 Ok: delivered"


@pytest.fixture
def smtp_to_student(dovecot, make_mailbox):
    student = make_mailbox("student", address="li.wei@student.example.org")
    controller = Controller(
        _DeliverToImap(dovecot.port, student), hostname="127.0.0.1", port=free_port()
    )
    controller.start()
    yield controller, student
    controller.stop()


def _inbox(dovecot, mailbox: MailboxSettings) -> list[email.message.EmailMessage]:
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as imap:
        imap.login(mailbox.username, mailbox.secret())
        imap.select_folder("INBOX", readonly=True)
        fetched = imap.fetch(imap.search("ALL"), ["RFC822"])
    return [email.message_from_bytes(f[b"RFC822"], policy=default) for f in fetched.values()]  # type: ignore[misc]


def test_an_officer_answers_a_student_with_a_standard_reply_and_closes_the_case(
    dovecot,
    make_mailbox,
    deliver,
    make_settings,
    with_model,
    live_server,
    page,
    artifacts,
    smtp_to_student,
):
    controller, student = smtp_to_student
    office = make_mailbox(
        "housing",
        smtp=SmtpSettings(host="127.0.0.1", port=controller.port, tls="none"),
        sent_folder="Sent",
    )
    settings = with_model(make_settings(office, office=DEMO_OFFICE))
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, "anna", "officer", "anna-password-1", display_name="Anna Lind")
        ensure_seeded(session)  # as `triage serve` does on its first start
    deliver(
        office,
        make_mail(
            "Nyckel till mitt rum",
            "Hej! Jag landar sent på kvällen den 20 augusti. Hur hämtar jag nyckeln till "
            "mitt studentrum om ni har stängt?\n\nMvh Li Wei",
            sender="Li Wei <li.wei@student.example.org>",
        ),
        make_mail(
            "Avgift",
            "Hej, när ska terminsavgiften vara betald? Jag har inte fått någon faktura.",
            sender="Sam Berg <sam@student.example.org>",
        ),
    )
    sync_all(engine, settings, load_classifier(settings))
    base = live_server(settings)

    page.goto(f"{base}/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("anna-password-1")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_label("Frågetyp", exact=True).select_option("housing")
    expect(page.locator("tr.case-row")).to_have_count(1)
    page.screenshot(path=artifacts / "queue-filtered.png", full_page=True)
    page.keyboard.press("j")
    page.keyboard.press("o")  # open the selected case without the mouse

    expect(page.get_by_role("heading", level=1)).to_contain_text("Nyckel till mitt rum")
    page.get_by_role("button", name="Bekräfta typ").click()
    page.get_by_role("link", name="Använd det här svaret").first.click()
    body = page.get_by_label("Text", exact=True)
    expect(body).to_contain_text("Hej Li")
    body.press("Control+End")
    body.type("\nPS. Välkommen till Uppsala!")
    page.get_by_role("button", name="Skicka", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Svaret är skickat till")
    page.get_by_role("button", name="Markera steg 1 som klart").first.click()
    expect(page.get_by_role("button", name="Markera steg 1 som inte klart").first).to_be_visible()
    page.screenshot(path=artifacts / "case-page.png", full_page=True)
    page.get_by_label("Utfall").select_option("standard_reply")
    page.get_by_role("button", name="Stäng", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("är stängt")
    received = _inbox(dovecot, student)
    assert len(received) == 1
    reply = received[0]
    assert reply["From"].addresses[0].addr_spec == "housing@intl.example.se"
    assert "[#" in reply["Subject"]
    text = reply.get_body(("plain",)).get_content()
    assert "Hej Li" in text
    assert "PS. Välkommen till Uppsala!" in text
    with transaction(engine) as session:
        case = session.get(Case, int(reply["X-Mailtriage-Case"]))
        ticks = session.exec(select(ChecklistTick).where(ChecklistTick.case_id == case.id)).all()
        assert (case.status, case.outcome, case.type_source) == (
            "closed",
            "standard_reply",
            "officer",
        )
        assert case.first_response_at is not None
        assert [t.done for t in ticks] == [True]
    engine.dispose()
