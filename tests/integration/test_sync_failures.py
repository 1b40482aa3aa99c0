"""Whatever fails in between, no mail is lost or stored twice; one mailbox never stops another."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from pydantic import SecretStr
from sqlmodel import Session, func, select

from tests.factories import make_mail
from tests.servers import CuttingProxy
from triage.mail.ingest.sync import sync_all
from triage.models import Case, Mailbox, Message, Quarantine


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_a_uidvalidity_reset_stores_nothing_twice(
    dovecot, make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    settings = make_settings(mb)
    deliver(mb, make_mail("One"), make_mail("Two"))
    sync_all(engine, settings)

    (dovecot.maildir(mb.username) / "dovecot-uidlist").unlink()  # the server renumbers the folder
    deliver(mb, make_mail("Three"))
    report = sync_all(engine, settings)[0]

    assert (report.stored, report.duplicates) == (1, 2)
    assert _count(engine, Message) == 3
    assert _count(engine, Case) == 3


def test_a_connection_cut_in_the_middle_of_a_fetch_loses_nothing(
    dovecot, make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    big = "Lång bakgrund. " * 4000
    deliver(mb, *(make_mail(f"Question {i}", big) for i in range(12)))
    proxy = CuttingProxy(dovecot.port, cut_after=150_000, cuts=2)
    via_proxy = mb.model_copy(update={"imap_port": proxy.port})
    settings = make_settings(via_proxy)
    settings.sync.batch_size = 4

    report = sync_all(engine, settings)[0]
    proxy.close()

    assert proxy.cuts_done == 2
    assert report.reconnects == 2
    assert (report.stored, report.error) == (12, "")
    assert _count(engine, Message) == 12


def test_a_wrong_password_is_reported_and_other_mailboxes_go_on(
    make_mailbox, make_settings, engine, deliver
):
    good = make_mailbox("international")
    bad = make_mailbox("housing").model_copy(update={"password": SecretStr("not-the-password")})
    deliver(good, make_mail("Permit"))

    reports = sync_all(engine, make_settings(bad, good))

    assert "refused the login" in reports[0].error
    assert reports[1].stored == 1
    with Session(engine) as session:
        health = {m.name: m for m in session.exec(select(Mailbox)).all()}
    assert health["housing"].auth_failed
    assert "refused the login" in (health["housing"].last_error or "")
    assert health["international"].last_success_at is not None


def test_an_unreadable_mail_in_a_batch_is_quarantined_and_the_rest_stored(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    deliver(mb, make_mail("Before"), b"\r\n\r\n", make_mail("After"))

    report = sync_all(engine, make_settings(mb))[0]

    assert (report.stored, report.quarantined) == (2, 1)
    with Session(engine) as session:
        (q,) = session.exec(select(Quarantine)).all()
    assert "empty message" in q.error
    assert q.source.startswith("INBOX:")


_KILLER = """
import os, signal, sys
from triage.settings import load_settings
from triage.db import make_engine, upgrade
import triage.mail.ingest.sync as sync

settings = load_settings(sys.argv[1])
engine = make_engine(settings)
upgrade(engine)
real_advance = sync._advance
batches = 0

def _advance_then_die(*args):
    global batches
    batches += 1
    real_advance(*args)
    if batches == 2:  # the second batch is fetched and ingested, but not yet committed
        os.kill(os.getpid(), signal.SIGKILL)

sync._advance = _advance_then_die
sync.sync_all(engine, settings)
"""


def test_a_process_killed_between_fetch_and_commit_loses_and_doubles_nothing(
    tmp_path, make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    deliver(mb, *(make_mail(f"Fråga {i}") for i in range(6)))
    settings = make_settings(mb)
    config = tmp_path / "triage.toml"
    config.write_text(
        textwrap.dedent(f"""
        database_url = "{settings.db_url}"
        [sync]
        batch_size = 2
        [[mailbox]]
        name = "{mb.name}"
        address = "{mb.address}"
        imap_host = "127.0.0.1"
        imap_port = {mb.port}
        tls = "none"
        username = "{mb.username}"
        password = "{mb.secret()}"
        idle = false
    """)
    )

    killed = subprocess.run(
        [sys.executable, "-c", _KILLER, str(config)],
        env=os.environ.copy(),
        capture_output=True,
        timeout=120,
    )
    stored_before_restart = _count(engine, Message)
    report = sync_all(engine, settings)[0]

    assert killed.returncode == -9
    assert stored_before_restart == 2  # the first batch only; the second died uncommitted
    assert report.stored == 4
    assert _count(engine, Message) == 6
    assert _count(engine, Case) == 6


def test_nul_bytes_in_mime_headers_never_hold_up_the_batch(tmp_path, make_settings, engine):
    from triage.mail.ingest.files import import_paths

    nul = (
        b"From: a@x.example\r\nSubject: NUL\r\nMessage-ID: <nul@x.example>\r\n"
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
        b'Hej\r\n--b\r\nContent-Type: image/pn\x00g; name="a\x00b.png"\r\n'
        b"Content-ID: <x\x00y>\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--b--\r\n"
    )
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1.eml").write_bytes(make_mail("Before"))
    (folder / "2.eml").write_bytes(nul)
    (folder / "3.eml").write_bytes(make_mail("After"))

    report = import_paths(engine, make_settings(), [folder], "housing")

    assert report.stored + report.quarantined == 3
    assert report.stored >= 2
    with Session(engine) as session:
        subjects = set(session.exec(select(Message.subject)).all())
        reasons = session.exec(select(Quarantine.error)).all()
    assert {"Before", "After"} <= subjects
    # PostgreSQL takes no NUL in text: the batch is stored mail by mail, that one kept aside
    assert all("could not be stored" in r for r in reasons)
