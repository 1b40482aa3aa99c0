"""Mail as it really arrives, appended over IMAP: what ingestion stores is what a reader sees."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from triage.mail.ingest.sync import sync_all
from triage.models import Attachment, Message


def _mail(subject: bytes, headers: bytes, body: bytes) -> bytes:
    return (
        b"From: Student <s@student.example.org>\r\nTo: housing@intl.example.se\r\n"
        b"Subject: "
        + subject
        + b"\r\nMessage-ID: <"
        + re.sub(rb"[^A-Za-z0-9]", b".", subject)
        + b"@student.example.org>\r\nMIME-Version: 1.0\r\n"
        + headers
        + b"\r\n\r\n"
        + body
    )


SWEDISH = "Hälsningar från Göteborg, när får jag nyckeln?"
CASES = {
    "windows-1252": (
        _mail(
            b"cp1252", b"Content-Type: text/plain; charset=windows-1252", SWEDISH.encode("cp1252")
        ),
        SWEDISH,
    ),
    "iso-8859-1": (
        _mail(
            b"latin1", b"Content-Type: text/plain; charset=iso-8859-1", SWEDISH.encode("latin-1")
        ),
        SWEDISH,
    ),
    "iso-8859-2": (
        _mail(
            b"latin2",
            b"Content-Type: text/plain; charset=iso-8859-2",
            "Dzień dobry, proszę o informację z Łodzi".encode("iso-8859-2"),
        ),
        "Dzień dobry, proszę o informację z Łodzi",
    ),
    "windows-1250": (
        _mail(
            b"cp1250",
            b"Content-Type: text/plain; charset=windows-1250",
            "Dobrý den, prosím o ubytování".encode("cp1250"),
        ),
        "Dobrý den, prosím o ubytování",
    ),
    "koi8-r": (
        _mail(
            b"koi8",
            b"Content-Type: text/plain; charset=koi8-r",
            "Здравствуйте, вопрос об общежитии".encode("koi8-r"),
        ),
        "Здравствуйте, вопрос об общежитии",
    ),
    "utf-8 declared as iso-8859-1": (
        _mail(b"liar", b"Content-Type: text/plain; charset=iso-8859-1", SWEDISH.encode()),
        SWEDISH,
    ),
    "quoted-printable": (
        _mail(
            b"qp",
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
            b"quoted-printable",
            b"H=C3=A4lsningar fr=C3=A5n G=C3=B6teborg",
        ),
        "Hälsningar från Göteborg",
    ),
    "html only": (
        _mail(
            b"html",
            b"Content-Type: text/html; charset=utf-8",
            b"<div><p>Hej!</p><table><tr><td>Rum&nbsp;12</td></tr></table>"
            b"<script>alert(1)</script></div>",
        ),
        "Rum 12",
    ),
    "encoded subject": (
        _mail(b"=?utf-8?Q?Fr=C3=A5ga_om_nyckel?=", b"Content-Type: text/plain", b"Hej"),
        "Fråga om nyckel",
    ),
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stored(dovecot, tmp_path_factory, request):
    from tests.conftest import append, database
    from triage.db import make_engine, upgrade
    from triage.settings import MailboxSettings, Settings, SyncSettings

    user, password = dovecot.add_user()
    mb = MailboxSettings(
        name="housing",
        address="housing@intl.example.se",
        imap_host="127.0.0.1",
        imap_port=dovecot.port,
        tls="none",
        username=user,
        password=password,
        idle=False,
    )
    nested = _mail(
        b"nested",
        b'Content-Type: multipart/mixed; boundary="b"',
        b"--b\r\nContent-Type: text/plain\r\n\r\nSee the forwarded mail.\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\n\r\n"
        + _mail(
            b"inner", b"Content-Type: text/plain; charset=utf-8", "Inre fråga om hyran".encode()
        )
        + b"\r\n--b\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\neJ8+IgAA\r\n"
        b"--b\r\nContent-Type: image/png\r\nContent-ID: <logo1>\r\n"
        b"Content-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"iVBORw0KGgo=\r\n--b--\r\n",
    )
    append(dovecot, mb, *(raw for raw, _ in CASES.values()), nested)
    folder = tmp_path_factory.mktemp("mime")
    with database(request.param, folder) as url:
        settings = Settings(
            data_dir=folder, database_url=url, mailbox=[mb], sync=SyncSettings(backoff_s=0.01)
        )
        engine = make_engine(settings)
        upgrade(engine)
        sync_all(engine, settings)
        with Session(engine, expire_on_commit=False) as session:
            messages = {m.message_id: m for m in session.exec(select(Message)).all()}
            attachments = session.exec(select(Attachment)).all()
        engine.dispose()
        yield messages, attachments


@pytest.mark.parametrize("name", list(CASES))
def test_the_stored_text_reads_as_written(stored, name):
    raw, expected = CASES[name]
    messages, _ = stored
    mid = raw.split(b"Message-ID: ")[1].split(b"\r\n")[0].decode()

    message = messages[mid]

    assert expected in " ".join((message.subject + " " + message.text).split())
    assert "<script>" not in message.html


def test_a_nested_mail_winmail_dat_and_an_inline_image_are_all_kept(stored):
    messages, attachments = stored
    outer = messages["<nested@student.example.org>"]

    assert "Inre fråga om hyran" in outer.text
    assert "See the forwarded mail." in outer.text
    names = {(a.filename, a.content_type, a.is_inline) for a in attachments}
    assert ("winmail.dat", "application/ms-tnef", False) in names
    assert any(ct == "image/png" and inline for _, ct, inline in names)
