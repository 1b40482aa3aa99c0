"""Replying to a case: the mail reaches the requester, is filed on the case, lands in Sent, and a
failed send keeps the officer's text with the reason."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword
from imapclient import IMAPClient
from sqlmodel import Session, col, select

from tests.factories import make_mail, message_id_of
from tests.smtp import Collect, SmtpServer
from triage.cases.replying import default_subject, draft_for, save_draft, send_reply
from triage.cases.service import claim_case
from triage.db import transaction
from triage.errors import ConfigError, InvalidInput, MailboxError
from triage.mail.ingest.oauth import AccessToken, register_provider
from triage.mail.ingest.sync import sync_all
from triage.models import (
    Blob,
    Case,
    CaseEvent,
    CaseStatus,
    Message,
    ReplyDraft,
    ReplyUse,
    User,
)
from triage.people.users import add_user
from triage.settings import MailboxSettings, OAuthSettings, Settings

SMTP_PASSWORD = "smtp-secret-4711"


class _RefuseRecipients(Collect):
    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


def _only_password(expected: str) -> Callable[..., AuthResult]:
    def _check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == expected.encode()
        return AuthResult(success=ok, handled=False)

    return _check


@dataclass
class _Issuer:
    """A token provider that asks the test Dovecot's authorisation server for a token."""

    dovecot: Any
    user: str

    def token(self) -> AccessToken:
        expires = datetime.now(UTC) + timedelta(hours=1)
        return AccessToken(self.dovecot.oauth.issue(self.user), expires)


def _server_tls(dovecot: Any) -> ssl.SSLContext:
    """The test Dovecot's self-signed certificate (for localhost and 127.0.0.1), server side."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(dovecot.cert, dovecot.root / "key.pem")
    return context


@dataclass
class Arranged:
    settings: Settings
    mailbox: MailboxSettings
    case_id: int
    user_id: int
    question_id: str


@pytest.fixture
def open_case(engine, make_mailbox, make_settings, deliver) -> Callable[..., Arranged]:
    """A case opened by a requester's mail (synced from Dovecot), and an officer to answer it."""

    def _arrange(smtp: dict[str, Any] | None = None, **mailbox: Any) -> Arranged:
        mb = make_mailbox(smtp=smtp, **mailbox)
        settings = make_settings(mb, office={"name": "International Office"})
        question = make_mail("Fråga om nyckel", references="<earlier@student.example.org>")
        deliver(mb, question)
        assert sync_all(engine, settings)[0].new_cases == 1
        with transaction(engine) as session:
            user = add_user(session, "sara", "officer", "a long enough password")
            case_id = session.exec(select(Case.id)).one()
        assert case_id is not None
        assert user.id is not None
        return Arranged(settings, mb, case_id, user.id, message_id_of(question))

    return _arrange


def _reply(engine, arranged: Arranged, subject: str = "Re: Fråga om nyckel", **kw: Any):
    body = kw.pop("body", "Hej Anna!\n\nNyckeln hämtar du på måndag.\n\nVänliga hälsningar\nSara")
    with transaction(engine) as session:
        case = session.get(Case, arranged.case_id)
        user = session.get(User, arranged.user_id)
        return send_reply(session, arranged.settings, case, user, subject, body, **kw)


def _failed_reply(engine, arranged: Arranged, body: str = "Hej Anna!") -> MailboxError:
    """Send as the web layer does: catch MailboxError and still commit (the draft is kept)."""
    with Session(engine) as session:
        case = session.get(Case, arranged.case_id)
        user = session.get(User, arranged.user_id)
        with pytest.raises(MailboxError) as failure:
            send_reply(session, arranged.settings, case, user, "Re: nyckel", body)
        session.commit()
    return failure.value


def _plain(server: SmtpServer) -> dict[str, Any]:
    return {"host": "127.0.0.1", "port": server.port, "tls": "none"}


def test_a_reply_reaches_the_requester_from_the_mailbox_in_the_same_thread(
    engine, open_case, smtp_server
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))

    sent = _reply(engine, arranged, subject="Re: Fråga om nyckel")

    envelope = server.received[0]
    mail = server.mail()
    assert envelope.mail_from == "housing@intl.example.se"
    assert envelope.rcpt_tos == ["anna.lindqvist@student.example.org"]
    assert mail["From"] == "International Office <housing@intl.example.se>"
    assert mail["To"] == "Anna Lindqvist <anna.lindqvist@student.example.org>"
    assert mail["Subject"] == f"Re: Fråga om nyckel [#{arranged.case_id}]"
    assert mail["Message-ID"] == sent.header_message_id
    assert mail["Message-ID"].endswith("@intl.example.se>")
    assert mail["In-Reply-To"] == arranged.question_id
    assert mail["References"].split() == ["<earlier@student.example.org>", arranged.question_id]
    assert mail["X-Mailtriage-Case"] == str(arranged.case_id)
    assert mail["Auto-Submitted"] is None
    assert "Nyckeln hämtar du på måndag." in mail.get_body(("plain",)).get_content()


def test_a_sent_reply_is_filed_on_the_case_and_the_case_waits_for_the_requester(
    engine, open_case, smtp_server
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))

    sent = _reply(engine, arranged)

    with Session(engine) as session:
        case = session.get(Case, arranged.case_id)
        stored = session.get(Message, sent.message_id)
        event = session.exec(select(CaseEvent).where(CaseEvent.message_id == stored.id)).one()
        raw = session.get(Blob, stored.raw_sha256).data
    assert (stored.case_id, stored.direction) == (arranged.case_id, "out")
    assert raw == server.received[0].content  # the stored mail is exactly the mail sent
    assert case.status == CaseStatus.WAITING
    assert case.first_response_at is not None
    assert case.message_count == 2
    assert (event.kind, event.actor, event.actor_id) == ("message_out", "sara", arranged.user_id)


def test_every_change_a_sent_reply_makes_to_the_case_is_logged_as_the_officers(
    engine, open_case, smtp_server
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))

    sent = _reply(engine, arranged)

    with Session(engine) as session:
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == arranged.case_id)).all()
    by_kind = {(e.kind, e.new_value): (e.actor, e.actor_id) for e in events}
    assert by_kind["message_out", None] == ("sara", arranged.user_id)
    assert by_kind["status", "waiting"] == ("sara", arranged.user_id)
    assert sent.message_id in {e.message_id for e in events}


def test_the_requesters_answer_to_a_reply_reopens_the_same_case(
    engine, open_case, smtp_server, deliver
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))
    sent = _reply(engine, arranged)
    answer = make_mail(
        f"Re: Fråga om nyckel [#{arranged.case_id}]",
        "Tack! Går det bra på tisdag i stället?",
        in_reply_to=sent.header_message_id,
        references=f"{arranged.question_id} {sent.header_message_id}",
        date=datetime.now(UTC),
    )

    deliver(arranged.mailbox, answer)
    report = sync_all(engine, arranged.settings)[0]

    assert (report.stored, report.new_cases) == (1, 0)
    with Session(engine) as session:
        case = session.get(Case, arranged.case_id)
        directions = session.exec(
            select(Message.direction).where(Message.case_id == case.id).order_by(col(Message.id))
        ).all()
    assert directions == ["in", "out", "in"]
    assert case.status == CaseStatus.OPEN


def test_a_reply_is_kept_in_the_sent_folder_and_syncing_that_folder_stores_it_once(
    dovecot, engine, open_case, smtp_server
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server), folders=["INBOX", "Sent"], sent_folder="Sent")

    sent = _reply(engine, arranged)
    report = sync_all(engine, arranged.settings)[0]

    assert (sent.appended, sent.append_error) == (True, "")
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(arranged.mailbox.username, arranged.mailbox.secret())
        client.select_folder("Sent", readonly=True)
        copies = client.fetch(client.search("ALL"), ["BODY.PEEK[]", "FLAGS"])
    assert [c[b"BODY[]"] for c in copies.values()] == [server.received[0].content]
    assert all(b"\\Seen" in c[b"FLAGS"] for c in copies.values())
    assert (report.stored, report.duplicates) == (0, 1)
    with Session(engine) as session:
        assert len(session.exec(select(Message)).all()) == 2


def test_a_sent_folder_that_cannot_be_written_does_not_undo_the_send(
    engine, open_case, smtp_server
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server), sent_folder="No such folder")

    sent = _reply(engine, arranged)

    assert sent.appended is False
    assert "not saved in 'No such folder'" in sent.append_error
    assert len(server.received) == 1
    with Session(engine) as session:
        assert session.get(Message, sent.message_id).case_id == arranged.case_id
        assert session.get(Case, arranged.case_id).status == CaseStatus.WAITING


def test_the_sent_copy_is_saved_with_the_mailboxs_xoauth2_login(
    dovecot, engine, open_case, smtp_server, make_settings
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server), sent_folder="Sent")
    register_provider("test-replying", lambda oauth: _Issuer(dovecot, oauth.client_id))
    oauth = OAuthSettings(provider="test-replying", client_id=arranged.mailbox.username)
    mb = arranged.mailbox.model_copy(update={"auth": "xoauth2", "oauth": oauth, "password": None})
    arranged.settings = make_settings(mb)

    sent = _reply(engine, arranged)

    assert (sent.appended, sent.append_error) == (True, "")


def test_a_reply_to_a_stopped_mail_server_keeps_the_draft_with_the_reason(
    engine, open_case, smtp_server
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))
    server.stop()

    failure = _failed_reply(engine, arranged, body="Hej Anna! Nyckeln finns i receptionen.")

    assert str(failure) == f"could not connect to 127.0.0.1:{server.port}: Connection refused"
    assert failure.retryable is True
    with Session(engine) as session:
        case = session.get(Case, arranged.case_id)
        draft = draft_for(session, case, session.get(User, arranged.user_id))
        assert draft.body == "Hej Anna! Nyckeln finns i receptionen."
        assert draft.last_error == str(failure)
        assert draft.last_error_at is not None
        assert case.message_count == 1
        assert case.status == CaseStatus.NEW


def test_a_refused_login_keeps_the_draft_and_never_shows_the_password(
    engine, open_case, smtp_server
):
    server = smtp_server(auth_require_tls=False, authenticator=_only_password("the right one"))
    smtp = _plain(server) | {"username": "housing", "password": SMTP_PASSWORD}
    arranged = open_case(smtp=smtp)

    failure = _failed_reply(engine, arranged)

    assert str(failure).startswith("the mail server refused the login for mailbox 'housing'")
    assert SMTP_PASSWORD not in str(failure)
    assert failure.retryable is False
    assert server.received == []
    with Session(engine) as session:
        assert session.exec(select(ReplyDraft.last_error)).one() == str(failure)
        assert len(session.exec(select(Message)).all()) == 1


def test_a_recipient_the_server_refuses_keeps_the_draft_and_says_who(
    engine, open_case, smtp_server
):
    server = smtp_server(handler=_RefuseRecipients())
    arranged = open_case(smtp=_plain(server))

    failure = _failed_reply(engine, arranged)

    assert str(failure).startswith(
        "the mail server refused the recipient anna.lindqvist@student.example.org (550 5.1.1"
    )
    assert failure.retryable is False
    with Session(engine) as session:
        assert session.exec(select(ReplyDraft.last_error)).one() == str(failure)
        assert session.get(Case, arranged.case_id).status == CaseStatus.NEW


def test_a_reply_goes_out_over_starttls_with_the_office_certificate_and_a_login(
    dovecot, engine, open_case, smtp_server
):
    server = smtp_server(
        tls_context=_server_tls(dovecot),
        require_starttls=True,
        authenticator=_only_password(SMTP_PASSWORD),
    )
    smtp = {
        "host": "127.0.0.1",
        "port": server.port,
        "tls": "starttls",
        "ca_file": str(dovecot.cert),
        "username": "housing",
        "password": SMTP_PASSWORD,
    }
    arranged = open_case(smtp=smtp)

    sent = _reply(engine, arranged)

    assert server.mail()["Message-ID"] == sent.header_message_id


def test_starttls_to_an_untrusted_certificate_is_refused_and_keeps_the_draft(
    dovecot, engine, open_case, smtp_server
):
    server = smtp_server(tls_context=_server_tls(dovecot), require_starttls=True)
    arranged = open_case(smtp=_plain(server) | {"tls": "starttls"})

    failure = _failed_reply(engine, arranged)

    assert str(failure).startswith(f"the TLS certificate of 127.0.0.1:{server.port} is not trusted")
    assert server.received == []
    with Session(engine) as session:
        assert session.exec(select(ReplyDraft.last_error)).one() == str(failure)


def test_a_reply_goes_out_over_implicit_tls_when_verification_is_off(
    dovecot, engine, open_case, smtp_server
):
    server = smtp_server(ssl_context=_server_tls(dovecot))
    arranged = open_case(smtp=_plain(server) | {"tls": "ssl", "verify_tls": False})

    _reply(engine, arranged)

    assert len(server.received) == 1


def test_an_empty_reply_is_refused_before_anything_is_sent(engine, open_case, smtp_server):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))

    with pytest.raises(InvalidInput, match="the reply is empty"):
        _reply(engine, arranged, body=" \n\t")

    assert server.received == []


def test_a_mailbox_without_smtp_settings_cannot_send_and_says_which(engine, open_case):
    arranged = open_case(smtp=None)

    with pytest.raises(ConfigError, match="mailbox 'housing' has no SMTP settings"):
        _reply(engine, arranged)


def test_the_case_tag_comes_back_when_the_officer_removes_it_and_a_used_reply_is_counted(
    engine, open_case, smtp_server
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))

    _reply(engine, arranged, subject="Din nyckel", reply_id="housing-key-pickup")

    assert server.mail()["Subject"] == f"Din nyckel [#{arranged.case_id}]"
    with Session(engine) as session:
        use = session.exec(select(ReplyUse)).one()
    assert (use.reply_id, use.language, use.user_id) == (
        "housing-key-pickup",
        "sv",
        arranged.user_id,
    )


def test_two_standard_replies_in_one_letter_are_both_counted(engine, open_case, smtp_server):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))

    _reply(engine, arranged, reply_id="housing-key-pickup housing-move-out-cleaning")

    assert server.mail()
    with Session(engine) as session:
        used = sorted(u.reply_id for u in session.exec(select(ReplyUse)))
    assert used == ["housing-key-pickup", "housing-move-out-cleaning"]


def test_a_sent_reply_removes_the_officers_draft(engine, open_case, smtp_server):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))
    with transaction(engine) as session:
        case = session.get(Case, arranged.case_id)
        user = session.get(User, arranged.user_id)
        save_draft(session, case, user, "Re: nyckel", "Första utkastet")
        save_draft(session, case, user, "Re: nyckel", "Andra utkastet")
        assert len(session.exec(select(ReplyDraft)).all()) == 1

    _reply(engine, arranged)

    with Session(engine) as session:
        assert session.exec(select(ReplyDraft)).all() == []


def test_a_reply_on_a_case_a_colleague_took_meanwhile_goes_out_and_leaves_it_theirs(
    engine, open_case, smtp_server
):
    server = smtp_server()
    arranged = open_case(smtp=_plain(server))
    with transaction(engine) as session:
        colleague_id = add_user(session, "olle", "officer", "another long password").id

    with transaction(engine) as session:
        case = session.get(Case, arranged.case_id)  # read while nobody has the case
        user = session.get(User, arranged.user_id)
        with transaction(engine) as meanwhile:
            taken = meanwhile.get(Case, arranged.case_id)
            claim_case(meanwhile, taken, meanwhile.get(User, colleague_id))
        send_reply(session, arranged.settings, case, user, "Re: Fråga om nyckel", "Hej Anna!")

    assert len(server.received) == 1
    with Session(engine) as session:
        assert session.get(Case, arranged.case_id).assignee_id == colleague_id


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Fråga om nyckel", "Re: Fråga om nyckel [#7]"),
        ("SV: Fråga om nyckel", "Re: Fråga om nyckel [#7]"),
        ("Re: Sv: RE: Fråga", "Re: Fråga [#7]"),
        ("VB: Fwd: Antw: AW: Vs: Fw: Fråga", "Re: Fråga [#7]"),
        ("Fråga [#7]", "Re: Fråga [#7]"),
        ("", "Re: [#7]"),
    ],
)
def test_the_default_subject_has_one_re_and_the_case_tag(subject, expected):
    assert default_subject(Case(id=7, mailbox_id=1, subject=subject)) == expected
