"""Acknowledgements that answer (#11), end to end: mail delivered to a real Dovecot, synced, and
the acknowledgement received by a real aiosmtpd server; every decision on the case."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.factories import install_model, make_mail, message_id_of, run_triage
from tests.servers import free_port
from tests.smtp import SmtpServer
from triage.cases.acknowledging import AckReport, acknowledge_synced
from triage.cases.standard_replies import store_version
from triage.db import transaction
from triage.demo import DEMO_OFFICE
from triage.learning.classify import load_classifier
from triage.mail.ingest.sync import SyncReport, sync_all
from triage.models import Case, CaseEvent, CaseStatus, EventKind, Message
from triage.settings import FaqSettings, MailboxSettings, Settings

STUDENT = "Anna Lindqvist <anna.lindqvist@student.example.org>"
FAQ = "https://triage.example.se"

KEY_QUESTION = (
    "Key to my room",
    "Hi! I arrive on 20 August. Where and when can I pick up the key to my room in the "
    "student corridor? Best regards, Anna",
)
KEY_QUESTION_SV = (
    "Nyckel till rummet",
    "Hej! Jag kommer den 20 augusti. Var och när kan jag hämta nyckeln till mitt rum i "
    "korridoren? Hälsningar Anna",
)
# The seed model says housing, but is not sure (0.66 when this was written).
UNSURE_QUESTION = (
    "Hello",
    "Hi! I start in August. Is there anything I should arrange about where I live before I "
    "travel? Thanks",
)
# (id, type, English question, Swedish question, the answer's first paragraph)
PUBLIC = [
    (
        "t-key",
        "housing",
        "Where do I collect my key?",
        "Var hämtar jag min nyckel?",
        "You collect your room key at the housing desk in the Student House.",
    ),
    (
        "t-deposit",
        "housing",
        "When do I get my deposit back?",
        "När får jag tillbaka depositionen?",
        "The deposit is paid back within a month after you move out.",
    ),
    (
        "t-cleaning",
        "housing",
        "How do I clean before moving out?",
        "Hur städar jag när jag flyttar?",
        "Clean the room and the kitchen before the inspection.",
    ),
    (
        "t-fault",
        "housing",
        "How do I report a fault in my room?",
        "Hur felanmäler jag?",
        "Report faults to the landlord's service desk.",
    ),
    (
        "t-fees",
        "fees",
        "When is the tuition fee due?",
        "När ska avgiften betalas?",
        "The first instalment is due before the semester starts.",
    ),
]


@dataclass
class Office:
    mb: MailboxSettings
    settings: Settings
    engine: Engine
    smtp: SmtpServer | None
    deliver: Callable[..., None]

    def sync(self) -> tuple[SyncReport, AckReport]:
        """What `triage sync --once` and the scheduled sync do: sync, then acknowledge."""
        (report,) = sync_all(self.engine, self.settings, load_classifier(self.settings))
        return report, acknowledge_synced(self.engine, self.settings, report)

    def case_of(self, raw: bytes) -> Case:
        with Session(self.engine) as session:
            message = session.exec(
                select(Message).where(Message.message_id == message_id_of(raw))
            ).one()
            case = session.get(Case, message.case_id)
            assert case is not None
            return case

    def events(self, case: Case, *kinds: EventKind) -> list[CaseEvent]:
        wanted = [str(k) for k in kinds] or [str(k) for k in _ACK_KINDS]
        with Session(self.engine) as session:
            return list(
                session.exec(
                    select(CaseEvent)
                    .where(CaseEvent.case_id == case.id, col(CaseEvent.kind).in_(wanted))
                    .order_by(col(CaseEvent.id))
                ).all()
            )

    def decision(self, raw: bytes) -> tuple[str, str | None]:
        """The one acknowledgement decision on the case of `raw`: (kind, reason or address)."""
        (event,) = self.events(self.case_of(raw))
        return event.kind, event.new_value


_ACK_KINDS = (EventKind.ACK_SENT, EventKind.ACK_SKIPPED, EventKind.ACK_FAILED)


def _public_reply(reply_id: str, language: str, kind: str, question: str, answer: str) -> str:
    return (
        f"---\nid: {reply_id}\nlanguage: {language}\ntitle: {question}\n"
        f"question_types: [{kind}]\nowner: housing-office\nlast_reviewed: 2026-11-27\n"
        f"examples:\n  - {question}\nplaceholders: [officer.signature]\npublic: true\n"
        f"faq_question: {question}\nfaq_answer: |\n  {answer}\n\n  A second paragraph.\n"
        f"---\nHello,\n\n{answer}\n\n{{{{ officer.signature }}}}\n"
    )


@pytest.fixture
def office(
    make_mailbox, make_settings, engine, deliver, smtp_server, with_model
) -> Callable[..., Office]:
    def _make(smtp: bool = True, faq_url: str = FAQ, **acknowledge: Any) -> Office:
        server = smtp_server() if smtp else None
        port = server.port if server else free_port()  # nothing listens there
        mb = make_mailbox(
            "housing",
            smtp={"host": "127.0.0.1", "port": port, "tls": "none"},
            sent_folder="Sent",
            acknowledge={"enabled": True, **acknowledge},
        )
        settings = with_model(
            make_settings(mb, office=DEMO_OFFICE, faq=FaqSettings(public_url=faq_url))
        )
        with transaction(engine) as session:
            for reply_id, kind, en, sv, answer in PUBLIC:
                for language, question in (("en", en), ("sv", sv)):
                    text = _public_reply(reply_id, language, kind, question, answer)
                    store_version(session, reply_id, language, question, text, "test")
        return Office(mb, settings, engine, server, deliver)

    return _make


def _now_mail(subject: str, body: str, **kw: Any) -> bytes:
    return make_mail(subject, body, date=datetime.now(UTC) - timedelta(minutes=1), **kw)


def _text(mail: EmailMessage) -> str:
    body = mail.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_a_confident_question_gets_one_acknowledgement_with_the_faq_answers(office):
    o = office()
    question = _now_mail(*KEY_QUESTION, sender=STUDENT)
    o.deliver(o.mb, question)

    report, acks = o.sync()

    assert (report.new_cases, acks.sent, acks.skipped, acks.failed) == (1, 1, 0, 0)
    assert o.smtp is not None
    assert len(o.smtp.received) == 1
    assert o.smtp.received[0].rcpt_tos == ["anna.lindqvist@student.example.org"]
    case = o.case_of(question)
    assert case.question_type == "housing"
    assert case.type_confidence is not None
    assert case.type_confidence >= 0.9
    mail = o.smtp.mail()
    assert mail["From"].addresses[0].addr_spec == "housing@intl.example.se"
    assert mail["To"].addresses[0].addr_spec == "anna.lindqvist@student.example.org"
    assert mail["Subject"] == f"Re: Key to my room [#{case.id}]"
    assert mail["In-Reply-To"] == message_id_of(question)
    assert message_id_of(question) in mail["References"]
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert mail["Content-Language"] == "en"
    text = _text(mail)
    assert f"case number [#{case.id}]" in text
    assert "within 5 working days" in text
    assert "This is an automatic acknowledgement." in text
    assert text.count(f"{FAQ}/faq?lang=en#t-") == 3  # three answers, each with its link
    assert f"{FAQ}/faq?lang=en#t-key" in text
    assert "Where do I collect my key?" in text
    assert "You collect your room key at the housing desk in the Student House." in text
    assert "A second paragraph" not in text  # a short part of the answer, not all of it
    assert "tuition fee" not in text  # another type's answer
    assert "I arrive on 20 August" not in text  # nothing of the asker's mail


def test_the_acknowledgement_is_logged_filed_and_kept_in_sent_but_is_no_answer(office, dovecot):
    o = office()
    question = _now_mail(*KEY_QUESTION, sender=STUDENT)
    o.deliver(o.mb, question)

    o.sync()

    case = o.case_of(question)
    (sent,) = o.events(case)
    assert sent.kind == EventKind.ACK_SENT
    assert sent.new_value == "anna.lindqvist@student.example.org"
    assert sent.data is not None
    assert len(sent.data["answers"]) == 3
    assert case.status == CaseStatus.NEW  # still waiting for an officer
    assert case.first_response_at is None  # an acknowledgement is no answer
    with Session(o.engine) as session:
        filed = session.get(Message, sent.message_id)
        assert filed is not None
        assert (filed.case_id, filed.direction, filed.is_auto_reply) == (case.id, "out", True)
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(o.mb.username, o.mb.secret())
        client.select_folder("Sent", readonly=True)
        assert len(client.search("ALL")) == 1


def test_a_swedish_question_gets_a_swedish_acknowledgement(office):
    o = office()
    question = _now_mail(*KEY_QUESTION_SV, sender=STUDENT)
    o.deliver(o.mb, question)

    o.sync()

    assert o.smtp is not None
    mail = o.smtp.mail()
    text = _text(mail)
    case = o.case_of(question)
    assert case.language == "sv"
    assert mail["Content-Language"] == "sv"
    assert f"gett den ärendenummer [#{case.id}]" in text
    assert "inom 5 arbetsdagar" in text
    assert "Var hämtar jag min nyckel?" in text
    assert f"{FAQ}/faq?lang=sv#t-key" in text
    assert "We have received" not in text


def test_below_min_confidence_the_acknowledgement_has_no_faq_answers(office):
    o = office(answer_days=2)
    question = _now_mail(*UNSURE_QUESTION, sender=STUDENT)
    o.deliver(o.mb, question)

    o.sync()

    case = o.case_of(question)
    assert case.question_type == "housing"  # public answers exist for it
    assert case.type_confidence is not None
    assert case.type_confidence < 0.9
    assert o.smtp is not None
    text = _text(o.smtp.mail())
    assert "within 2 working days" in text
    assert "faq" not in text.lower()
    assert "Where do I collect my key?" not in text
    (sent,) = o.events(case)
    assert sent.data is not None
    assert sent.data["answers"] == []


def test_without_a_faq_address_the_questions_are_given_without_links(office):
    o = office(faq_url="")
    question = _now_mail(*KEY_QUESTION, sender=STUDENT)
    o.deliver(o.mb, question)

    o.sync()

    assert o.smtp is not None
    text = _text(o.smtp.mail())
    assert "Where do I collect my key?" in text
    assert "http" not in text


def _list_mail(sender: str, **headers: str) -> bytes:
    body = "Where can I read about exchange?"
    return _now_mail("Exchange fair", body, sender=sender, headers=headers)


LISTS = "news@lists.example.org"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (lambda: _list_mail(LISTS, **{"List-Id": "<x.lists.example.org>"}), "mailing_list"),
        (lambda: _list_mail(LISTS, **{"List-Unsubscribe": "<mailto:x@lists.se>"}), "mailing_list"),
        (lambda: _now_mail(*KEY_QUESTION, sender="noreply@portal.example.org"), "machine_sender"),
        (lambda: _now_mail(*KEY_QUESTION, sender="do-not-reply@bank.example"), "machine_sender"),
        (lambda: _now_mail(*KEY_QUESTION, sender="Bo <bo.berg@intl.example.se>"), "office_sender"),
        (lambda: _now_mail(*KEY_QUESTION, sender="fees@intl.example.se"), "office_sender"),
    ],
    ids=["list-id", "list-unsubscribe", "noreply", "do-not-reply", "internal", "own-address"],
)  # fmt: skip
def test_lists_machines_and_the_office_get_none_and_the_case_says_why(office, raw, reason):
    o = office()
    mail = raw()
    o.deliver(o.mb, mail)

    report, acks = o.sync()

    assert report.new_cases == 1  # the question is a case all the same
    assert (acks.sent, acks.skipped) == (0, 1)
    assert o.smtp is not None
    assert o.smtp.received == []
    assert o.decision(mail) == ("ack_skipped", reason)


@pytest.mark.parametrize("kind", ["auto-reply", "bounce"])
def test_an_auto_reply_or_bounce_on_a_case_gets_none_and_the_case_says_why(office, kind):
    o = office()
    question = _now_mail(*KEY_QUESTION, sender=STUDENT)
    o.deliver(o.mb, question)
    o.sync()
    if kind == "auto-reply":
        automatic = _now_mail(
            "Automatic reply: Key to my room",
            "I am away until Monday.",
            sender=STUDENT,
            in_reply_to=message_id_of(question),
            headers={"Auto-Submitted": "auto-replied"},
        )
    else:
        automatic = _now_mail(
            "Undeliverable: Key to my room",
            "Delivery has failed to these recipients.",
            sender="MAILER-DAEMON@mx.student.example.org",
            in_reply_to=message_id_of(question),
        )
    o.deliver(o.mb, automatic)

    report, acks = o.sync()

    assert (report.stored, report.new_cases, report.auto_replies) == (1, 0, 1)
    assert (acks.sent, acks.skipped) == (0, 1)
    assert o.smtp is not None
    assert len(o.smtp.received) == 1
    case = o.case_of(automatic)
    assert case.id == o.case_of(question).id
    last = o.events(case)[-1]
    assert (last.kind, last.new_value) == ("ack_skipped", "automatic")


def test_a_follow_up_gets_none_and_the_case_says_why(office):
    o = office()
    question = _now_mail(*KEY_QUESTION, sender=STUDENT)
    o.deliver(o.mb, question)
    o.sync()
    follow_up = _now_mail(
        "Re: Key to my room",
        "Sorry, one more thing: can my friend collect it for me?",
        sender="Anna Lindqvist <anna.lindqvist@student.example.org>",
        in_reply_to=message_id_of(question),
    )
    o.deliver(o.mb, follow_up)

    _, acks = o.sync()

    assert (acks.sent, acks.skipped) == (0, 1)
    assert o.smtp is not None
    assert len(o.smtp.received) == 1
    kinds = [(e.kind, e.new_value) for e in o.events(o.case_of(question))]
    assert kinds == [
        ("ack_sent", "anna.lindqvist@student.example.org"),
        ("ack_skipped", "follow_up"),
    ]


def test_one_acknowledgement_per_sender_a_day_across_two_syncs(office):
    o = office()
    first = _now_mail(*KEY_QUESTION, sender=STUDENT)
    o.deliver(o.mb, first)
    o.sync()
    again = _now_mail(
        "Deposit", "When do I get my deposit back?", sender="anna.LINDQVIST@student.example.org"
    )
    other = _now_mail(*KEY_QUESTION, sender="Bo Berg <bo.berg@student.example.org>")
    o.deliver(o.mb, again, other)

    _, acks = o.sync()

    assert (acks.sent, acks.skipped) == (1, 1)
    assert o.smtp is not None
    assert [e.rcpt_tos for e in o.smtp.received] == [
        ["anna.lindqvist@student.example.org"],
        ["bo.berg@student.example.org"],
    ]
    assert o.decision(again) == ("ack_skipped", "daily_limit")
    assert o.case_of(again).id != o.case_of(first).id  # a new case all the same


def test_a_backlog_of_old_mail_is_not_acknowledged(office):
    o = office(max_age_hours=24)
    old = make_mail(*KEY_QUESTION, sender=STUDENT, date=datetime.now(UTC) - timedelta(days=3))
    o.deliver(o.mb, old)

    _, acks = o.sync()

    assert (acks.sent, acks.skipped) == (0, 1)
    assert o.decision(old) == ("ack_skipped", "too_old")


def test_a_mailbox_without_acknowledgements_sends_none_and_logs_nothing(office):
    o = office(enabled=False)
    question = _now_mail(*KEY_QUESTION, sender=STUDENT)
    o.deliver(o.mb, question)

    _, acks = o.sync()

    assert acks.enabled is False
    assert o.smtp is not None
    assert o.smtp.received == []
    assert o.events(o.case_of(question)) == []


def test_with_the_mail_server_down_all_mail_is_stored_and_the_failure_logged(office):
    o = office(smtp=False)
    first = _now_mail(*KEY_QUESTION, sender=STUDENT)
    second = _now_mail(*KEY_QUESTION_SV, sender="Bo Berg <bo.berg@student.example.org>")
    o.deliver(o.mb, first, second)

    report, acks = o.sync()

    assert (report.stored, report.new_cases, report.error) == (2, 2, "")
    assert (acks.sent, acks.failed) == (0, 2)
    tried, skipped = o.events(o.case_of(first)), o.events(o.case_of(second))
    assert [(e.kind, e.new_value) for e in tried] == [("ack_failed", "smtp_unreachable")]
    assert tried[0].data is not None
    assert tried[0].data["tried"] is True
    assert [(e.kind, e.new_value) for e in skipped] == [("ack_failed", "smtp_unreachable")]
    assert skipped[0].data is not None
    assert skipped[0].data["tried"] is False
    assert o.case_of(first).status == CaseStatus.NEW


def test_a_failed_acknowledgement_does_not_count_against_the_daily_limit(office):
    o = office(smtp=False)
    o.deliver(o.mb, _now_mail(*KEY_QUESTION, sender=STUDENT))
    o.sync()
    server = o.smtp = _restart_smtp(o)
    again = _now_mail("Deposit", "When do I get my deposit back?", sender=STUDENT)
    o.deliver(o.mb, again)

    _, acks = o.sync()

    assert acks.sent == 1
    assert len(server.received) == 1
    assert o.decision(again)[0] == "ack_sent"


def _restart_smtp(o: Office) -> SmtpServer:
    """A mail server where the office's settings point (it was down before)."""
    from aiosmtpd.controller import Controller

    from tests.smtp import Collect

    assert o.mb.smtp is not None
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=o.mb.smtp.port)
    controller.start()
    server = SmtpServer(controller, handler.envelopes)
    _started.append(server)
    return server


_started: list[SmtpServer] = []


@pytest.fixture(autouse=True)
def _stop_restarted_servers():
    yield
    while _started:
        _started.pop().stop()


def test_sync_once_sends_the_acknowledgements_before_it_exits(
    tmp_path, make_mailbox, deliver, smtp_server, seed_model_file, db_url
):
    install_model(tmp_path / "var", seed_model_file)
    server = smtp_server()
    mb = make_mailbox("housing")
    question = _now_mail(*KEY_QUESTION, sender=STUDENT)
    listed = _list_mail("news@lists.example.org", **{"List-Id": "<x.lists.example.org>"})
    deliver(mb, question, listed)
    config = tmp_path / "triage.toml"
    config.write_text(
        textwrap.dedent(f"""
        database_url = "{db_url}"
        internal_domains = ["intl.example.se"]
        [[mailbox]]
        name = "housing"
        address = "{mb.address}"
        imap_host = "127.0.0.1"
        imap_port = {mb.port}
        tls = "none"
        username = "{mb.username}"
        password = "{mb.secret()}"
        idle = false
        [mailbox.smtp]
        host = "127.0.0.1"
        port = {server.port}
        tls = "none"
        [mailbox.acknowledge]
        enabled = true
        answer_days = 3
    """)
    )

    done = run_triage(tmp_path, "sync", "--once", "--config", str(config))

    assert done.returncode == 0, done.stderr
    assert "housing: acknowledgements sent 1, not sent 1, failed 0" in done.stderr
    assert [e.rcpt_tos for e in server.received] == [["anna.lindqvist@student.example.org"]]
    mail = server.mail()
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["In-Reply-To"] == message_id_of(question)
    assert "within 3 working days" in _text(mail)


def test_the_scheduled_sync_sends_them_too(office):
    from triage.scheduler import _sync_job

    o = office()
    question = _now_mail(*KEY_QUESTION, sender=STUDENT)
    o.deliver(o.mb, question)

    _sync_job(o.engine, o.settings, o.mb)  # what the polling job and IDLE's wake-up run

    assert o.smtp is not None
    assert [e.rcpt_tos for e in o.smtp.received] == [["anna.lindqvist@student.example.org"]]
    assert o.decision(question) == ("ack_sent", "anna.lindqvist@student.example.org")
