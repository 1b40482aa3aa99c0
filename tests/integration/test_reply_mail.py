"""The officer's reply as the student receives it: Markdown sent as clean plain text beside
sanitised HTML, signed in the reply's language under the officer's name, with CC and files; a
reply that cannot go out keeps its text, CC and files and is on the case's history; a case
forwarded to Infocenter carries its thread and its outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from sqlmodel import Session, col, select

from tests.factories import make_mail
from tests.smtp import SmtpServer
from triage.cases.forwarding import forward_case
from triage.cases.reply_attachments import ReplyAttachment
from triage.cases.replying import add_attachment, draft_for, draft_view, send_reply
from triage.db import transaction
from triage.errors import ConfigError, InvalidInput, MailboxError, TriageError
from triage.mail.failures import NotSent, reason_of
from triage.mail.ingest.sync import sync_all
from triage.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseStatus,
    DraftAttachment,
    EventKind,
    Message,
    Outcome,
    User,
)
from triage.people.users import add_user, set_signature
from triage.settings import MailboxSettings, Settings, SmtpSettings

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REQUESTER = "anna.lindqvist@student.example.org"
COLLEAGUE = "kollega@intl.example.se"
MARKDOWN = (
    "Hej Anna!\n\nDu hämtar **nyckeln** i receptionen. Ta med:\n\n- ditt pass\n- ditt kontrakt\n\n"
    "Läs mer på [bostadssidan](https://housing.example.se/nyckel)."
)


@dataclass
class Desk:
    """A case opened by a requester's mail, an officer, and the mail server replies go to."""

    engine: Any
    settings: Settings
    mailbox: MailboxSettings
    server: SmtpServer
    case_id: int
    user_id: int

    def session(self) -> Session:
        return Session(self.engine)

    def send(self, body: str = MARKDOWN, **kw: Any) -> Any:
        with transaction(self.engine) as session:
            case, user = self.case_and_user(session)
            return send_reply(session, self.settings, case, user, "", body, **kw)

    def fail(self, kind: type[TriageError], body: str = MARKDOWN, **kw: Any) -> Any:
        """Send as the web layer does: catch the error and still commit (the draft is kept)."""
        with Session(self.engine) as session:
            case, user = self.case_and_user(session)
            with pytest.raises(kind) as failure:
                send_reply(session, self.settings, case, user, "", body, **kw)
            session.commit()
        return failure.value

    def case_and_user(self, session: Session) -> tuple[Case, User]:
        case, user = session.get(Case, self.case_id), session.get(User, self.user_id)
        assert case is not None
        assert user is not None
        return case, user


@pytest.fixture
def desk(engine, make_mailbox, make_settings, deliver, smtp_server) -> Callable[..., Desk]:
    def _arrange(question: bytes | None = None, smtp: bool = True, **overrides: Any) -> Desk:
        server = smtp_server()
        plain = {"host": "127.0.0.1", "port": server.port, "tls": "none"}
        mb = make_mailbox(smtp=plain if smtp else None)
        settings = make_settings(mb, office={"name": "International Office"}, **overrides)
        deliver(mb, question or make_mail("Fråga om nyckel"))
        assert sync_all(engine, settings)[0].new_cases == 1
        with transaction(engine) as session:
            user = add_user(session, "sara", "officer", "a long enough password", "Sara Berg")
            set_signature(session, user, "sv", "Sara Berg\nInternationella kontoret")
            set_signature(session, user, "en", "Sara Berg\nInternational Office")
            case_id = session.exec(select(Case.id)).one()
        assert case_id is not None
        assert user.id is not None
        return Desk(engine, settings, mb, server, case_id, user.id)

    return _arrange


def _part(mail: EmailMessage, kind: str) -> str:
    body = mail.get_body((kind,))
    assert body is not None, f"no text/{kind} part"
    return str(body.get_content()).replace("\r\n", "\n")


def _events(desk: Desk, kind: EventKind) -> list[CaseEvent]:
    with desk.session() as session:
        return list(
            session.exec(
                select(CaseEvent)
                .where(CaseEvent.case_id == desk.case_id, CaseEvent.kind == kind)
                .order_by(col(CaseEvent.id))
            )
        )


def _kept(desk: Desk) -> tuple[str, str, list[str]]:
    """The officer's draft as the editor would show it: text, CC and file names."""
    with desk.session() as session:
        case, user = desk.case_and_user(session)
        view = draft_view(session, case, user)
        assert view is not None, "the draft is gone"
        return view.draft.body, view.draft.cc, [a.filename for a in view.attachments]


def test_markdown_goes_out_as_plain_text_without_markup_beside_html_with_the_emphasis(desk):
    arranged = desk()

    sent = arranged.send()

    mail = arranged.server.mail()
    plain, html = _part(mail, "plain"), _part(mail, "html")
    assert mail.get_content_type() == "multipart/alternative"
    assert "**" not in plain
    assert "Du hämtar nyckeln i receptionen." in plain
    assert "- ditt pass\n- ditt kontrakt" in plain
    assert "bostadssidan (https://housing.example.se/nyckel)" in plain
    assert "<strong>nyckeln</strong>" in html
    assert "<li>ditt pass</li>" in html
    assert 'href="https://housing.example.se/nyckel"' in html
    with arranged.session() as session:
        stored = session.get(Message, sent.message_id)
    assert "**" not in stored.text
    assert "Du hämtar nyckeln" in stored.text
    assert "<strong>nyckeln</strong>" in stored.html


def test_html_an_officer_pastes_reaches_the_student_as_text_not_as_markup(desk):
    arranged = desk()

    arranged.send(body='Hej! <script>alert(1)</script><img src="https://track.example/x.gif">')

    html = _part(arranged.server.mail(), "html")
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html


def test_the_reply_is_signed_in_its_language_under_the_officers_name(desk):
    arranged = desk()

    arranged.send(body="Hej Anna! Nyckeln finns i receptionen.", reply_language="sv")
    arranged.send(body="Hi Anna! The key is at the reception.", reply_language="en")

    swedish, english = arranged.server.mail(0), arranged.server.mail(1)
    (sender,) = swedish["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Sara Berg, International Office",
        "housing@intl.example.se",
    )
    assert arranged.server.received[0].mail_from == "housing@intl.example.se"
    assert _part(swedish, "plain").rstrip().endswith("Sara Berg\nInternationella kontoret")
    assert "International Office" not in _part(swedish, "plain")
    assert _part(english, "plain").rstrip().endswith("Sara Berg\nInternational Office")
    assert swedish["Content-Language"] == "sv"


def test_a_standard_reply_that_signs_itself_is_not_signed_twice(desk):
    arranged = desk()

    arranged.send(body="Hej!\n\nVänliga hälsningar\nSara Berg\nInternationella kontoret")

    plain = _part(arranged.server.mail(), "plain")
    assert plain.count("Internationella kontoret") == 1


def test_a_reply_carries_its_cc_in_header_and_envelope_and_its_file(desk):
    arranged = desk()

    sent = arranged.send(
        cc=f"Kollega <{COLLEAGUE}>", attachments=[ReplyAttachment("intyg.pdf", PDF)]
    )

    envelope, mail = arranged.server.received[0], arranged.server.mail()
    assert envelope.rcpt_tos == [REQUESTER, COLLEAGUE]
    assert [a.addr_spec for a in mail["Cc"].addresses] == [COLLEAGUE]
    (file,) = list(mail.iter_attachments())
    assert (file.get_filename(), file.get_content_type()) == ("intyg.pdf", "application/pdf")
    assert file.get_content() == PDF
    assert "**" not in _part(mail, "plain")
    with arranged.session() as session:
        stored = session.exec(select(Attachment).where(Attachment.message_id == sent.message_id))
        assert [(a.filename, a.size) for a in stored] == [("intyg.pdf", len(PDF))]


def test_files_attached_to_the_draft_go_out_once_and_the_draft_is_gone(desk):
    arranged = desk()
    with transaction(arranged.engine) as session:
        case, user = arranged.case_and_user(session)
        row = add_attachment(session, arranged.settings, case, user, ReplyAttachment("a.pdf", PDF))
        blob = row.blob_sha256

    sent = arranged.send()

    (file,) = list(arranged.server.mail().iter_attachments())
    assert file.get_content() == PDF
    with arranged.session() as session:
        case, user = arranged.case_and_user(session)
        assert draft_for(session, case, user) is None
        assert session.exec(select(DraftAttachment)).all() == []
        stored = session.exec(select(Attachment).where(Attachment.message_id == sent.message_id))
        assert [a.blob_sha256 for a in stored] == [blob]  # the draft's blob, stored once


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (ReplyAttachment("intyg.pdf", PDF + b"x" * 20_000), "attachment_too_big"),
        (ReplyAttachment("program.exe", b"MZ\x90\x00"), "attachment_type"),
        (ReplyAttachment("intyg.pdf", b"MZ\x90\x00 not a pdf"), "attachment_type"),
        (ReplyAttachment("tom.pdf", b""), "attachment_empty"),
    ],
)
def test_a_refused_file_says_why_and_keeps_the_draft_with_its_cc(desk, upload, code):
    arranged = desk(replies={"max_attachment_mb": 0.01, "max_total_attachments_mb": 0.01})

    failure = arranged.fail(InvalidInput, cc=COLLEAGUE, attachments=[upload])

    assert reason_of(failure)[0] == code
    assert failure.params["filename"] == upload.filename
    assert arranged.server.received == []
    assert _kept(arranged) == (MARKDOWN, COLLEAGUE, [])
    (event,) = _events(arranged, EventKind.REPLY_FAILED)
    assert (event.new_value, event.actor) == (code, "sara")
    assert event.data["files_refused"] == [upload.filename]


def test_a_send_to_a_closed_port_keeps_text_cc_and_file_and_the_history_has_it(desk, smtp_server):
    arranged = desk()
    port = arranged.server.port
    arranged.server.stop()

    failure = arranged.fail(
        MailboxError, cc=COLLEAGUE, attachments=[ReplyAttachment("intyg.pdf", PDF)]
    )

    assert (failure.code, failure.params["server"]) == ("smtp_unreachable", f"127.0.0.1:{port}")
    assert _kept(arranged) == (MARKDOWN, COLLEAGUE, ["intyg.pdf"])
    (event,) = _events(arranged, EventKind.REPLY_FAILED)
    assert (event.new_value, event.actor_id) == ("smtp_unreachable", arranged.user_id)
    assert event.data["params"]["server"] == f"127.0.0.1:{port}"
    with arranged.session() as session:
        case, user = arranged.case_and_user(session)
        view = draft_view(session, case, user)
        assert view.failure.code == "smtp_unreachable"
        assert case.status == CaseStatus.NEW


def test_sending_the_kept_draft_again_delivers_its_cc_and_file(desk, smtp_server):
    arranged = desk()
    arranged.server.stop()
    arranged.fail(MailboxError, cc=COLLEAGUE, attachments=[ReplyAttachment("intyg.pdf", PDF)])
    again = smtp_server()
    smtp = SmtpSettings(host="127.0.0.1", port=again.port, tls="none")
    arranged.settings.mailbox[0] = arranged.mailbox.model_copy(update={"smtp": smtp})

    arranged.send()  # the draft's CC and file, as the page sends a kept draft

    assert again.received[0].rcpt_tos == [REQUESTER, COLLEAGUE]
    (file,) = list(again.mail().iter_attachments())
    assert file.get_filename() == "intyg.pdf"
    with arranged.session() as session:
        assert session.exec(select(DraftAttachment)).all() == []


def test_a_mailbox_without_smtp_keeps_the_draft_and_the_history_says_why(desk):
    arranged = desk(smtp=False)

    failure = arranged.fail(ConfigError)

    assert (failure.code, failure.params) == ("smtp_not_configured", {"mailbox": "housing"})
    assert _kept(arranged)[0] == MARKDOWN
    (event,) = _events(arranged, EventKind.REPLY_FAILED)
    assert event.data["message"] == str(failure)


@pytest.mark.parametrize(
    "cc",
    [
        f"{COLLEAGUE}\r\nBcc: victim@x.example",
        f"{COLLEAGUE}, Bcc: victim@x.example",
        f"{COLLEAGUE}\rBcc: victim@x.example",
        "victim@x.example>\r\n",
    ],
)
def test_header_injection_in_the_cc_is_refused_and_nothing_is_sent(desk, cc):
    arranged = desk()

    failure = arranged.fail(InvalidInput, cc=cc)

    assert isinstance(failure, NotSent)
    assert failure.code == "cc_invalid"
    assert arranged.server.received == []
    assert _kept(arranged)[:2] == (MARKDOWN, cc)


def test_a_forward_carries_the_note_the_thread_and_its_files_and_records_the_referral(desk):
    question = EmailMessage()
    question["From"] = f"Anna Lindqvist <{REQUESTER}>"
    question["To"] = "housing@intl.example.se"
    question["Subject"] = "CSN och studieintyg"
    question["Message-ID"] = "<q1@student.example.org>"
    question["Date"] = "Mon, 30 Nov 2026 10:00:00 +0100"
    question.set_content("Hej! Jag behöver ett *studieintyg* till CSN.\n1. Hur?\n\nMvh Anna")
    question.add_attachment(PDF, maintype="application", subtype="pdf", filename="beslut.pdf")
    arranged = desk(question=question.as_bytes())

    with transaction(arranged.engine) as session:
        case, user = arranged.case_and_user(session)
        forwarded = forward_case(
            session,
            arranged.settings,
            case,
            "infocenter@uni.example.se",
            "Kan ni svara om **CSN**?",
            user,
            outcome=Outcome.REFERRED_INFOCENTER,
        )

    envelope, mail = arranged.server.received[0], arranged.server.mail()
    plain = _part(mail, "plain")
    assert envelope.rcpt_tos == ["infocenter@uni.example.se"]
    assert mail["Subject"] == f"Fwd: CSN och studieintyg [#{arranged.case_id}]"
    assert plain.startswith("Kan ni svara om CSN?")
    assert "> Hej! Jag behöver ett *studieintyg* till CSN." in plain
    assert "> 1. Hur?" in plain
    assert f"Från: Anna Lindqvist <{REQUESTER}>" in plain
    assert "<strong>CSN</strong>" in _part(mail, "html")
    assert [f.get_filename() for f in mail.iter_attachments()] == ["beslut.pdf"]
    assert forwarded.left_out == []
    with arranged.session() as session:
        case = session.get(Case, arranged.case_id)
        assert (case.status, case.outcome) == (CaseStatus.CLOSED, "referred_infocenter")
        assert case.message_count == 1  # a forward is not an answer to the requester
    (event,) = _events(arranged, EventKind.FORWARDED)
    assert (event.new_value, event.actor) == ("infocenter@uni.example.se", "sara")
    assert event.data["note"] == "Kan ni svara om **CSN**?"


def test_a_forward_that_fails_keeps_the_note_on_the_history_and_leaves_the_case_open(desk):
    arranged = desk()
    arranged.server.stop()

    with Session(arranged.engine) as session:
        case, user = arranged.case_and_user(session)
        with pytest.raises(MailboxError):
            forward_case(
                session, arranged.settings, case, "infocenter@uni.example.se", "Notis", user
            )
        session.commit()

    (event,) = _events(arranged, EventKind.REPLY_FAILED)
    assert (event.data["what"], event.data["note"], event.new_value) == (
        "forward",
        "Notis",
        "smtp_unreachable",
    )
    with arranged.session() as session:
        assert session.get(Case, arranged.case_id).status == CaseStatus.NEW


def test_a_forward_to_something_that_is_not_one_address_is_refused(desk):
    arranged = desk()

    with Session(arranged.engine) as session:
        case, user = arranged.case_and_user(session)
        with pytest.raises(InvalidInput) as failure:
            forward_case(session, arranged.settings, case, "a@x.se\r\nBcc: b@y.se", "", user)

    assert failure.value.code == "to_invalid"
    assert arranged.server.received == []


WEB_FORM = "noreply@forms.example.se"
ASKER = "jake.walsh@mail.example.com"


def _from_web_form(reply_to: str) -> bytes:
    """A contact form's mail: sent from a no-reply address, the asker's in Reply-To (written
    into the bytes as given, folded lines and all)."""
    mail = make_mail(
        "Contact form: housing",
        "Name: Jake Walsh\nQuestion: When can I collect my key?",
        sender=f"Web form <{WEB_FORM}>",
        headers={"Reply-To": "REPLY-TO"},
    )
    return mail.replace(b"REPLY-TO", reply_to.encode())


def test_a_reply_goes_where_the_mail_asks_answers_to_go_and_the_officer_is_told(desk):
    arranged = desk(question=_from_web_form(f"Jake Walsh <{ASKER}>"))

    sent = arranged.send(cc=f"Kollega <{COLLEAGUE}>, {ASKER}")

    envelope, mail = arranged.server.received[0], arranged.server.mail()
    assert envelope.rcpt_tos == [ASKER, COLLEAGUE]
    assert [a.addr_spec for a in mail["To"].addresses] == [ASKER]
    assert mail["To"].addresses[0].display_name == "Jake Walsh"
    assert sent.to == ASKER
    with arranged.session() as session:
        case, _ = arranged.case_and_user(session)
        assert case.requester_email == WEB_FORM  # who wrote is kept as written


@pytest.mark.parametrize(
    "reply_to",
    [
        "housing@intl.example.se",  # the office's own mailbox: answering would answer us
        f"{ASKER}, other@mail.example.com",  # two: nothing to choose by
        "not an address",
        f"{ASKER}\r\n\tBcc: victim@x.example",  # a folded line cannot add a recipient
    ],
)
def test_a_reply_to_that_cannot_be_followed_leaves_the_answer_with_the_sender(desk, reply_to):
    arranged = desk(question=_from_web_form(reply_to))

    arranged.send()

    envelope = arranged.server.received[0]
    assert envelope.rcpt_tos == [WEB_FORM]
