"""Mail over the size limit over IMAP: quarantined from its headers, left on the server, passed by;
and batches bounded by bytes as well as by count (#15)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlmodel import Session, select

from tests.factories import make_mail
from triage.errors import Conflict
from triage.mail.ingest.imap import fetch_sizes
from triage.mail.ingest.quarantine import rerun_quarantined
from triage.mail.ingest.sync import sync_all
from triage.models import Blob, FolderState, Message, Quarantine
from triage.settings import SyncSettings

LIMIT = 16 * 1024


def _sync(**limits: Any) -> SyncSettings:
    values: dict[str, Any] = {"backoff_s": 0.01, "timeout_s": 10, "max_message_bytes": LIMIT}
    return SyncSettings(**{**values, **limits})


def _big_mail(subject: str = "Scanned passport", size: int = 3 * LIMIT) -> bytes:
    return make_mail(subject, "Here it is.\n" + "QUJD" * (size // 4) + "\n")


def _inbox(dovecot: Any, mb: Any, folder: str = "INBOX") -> int:
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(mb.username, mb.secret())
        return int(client.select_folder(folder)[b"EXISTS"])


def test_a_mail_over_the_limit_is_quarantined_with_its_headers_and_passed_by(
    make_mailbox, make_settings: Callable[..., Any], engine, deliver
):
    mb = make_mailbox()
    deliver(mb, make_mail("Key"), make_mail("Rent"), _big_mail(), make_mail("Deposit"))
    settings = make_settings(mb, sync=_sync())

    first = sync_all(engine, settings)[0]
    second = sync_all(engine, settings)[0]

    assert (first.stored, first.quarantined, first.error) == (3, 1, "")
    assert (second.stored, second.quarantined, second.duplicates) == (0, 0, 0)
    with Session(engine) as session:
        row = session.exec(select(Quarantine)).one()
        assert re.match(r"too large: \d+(\.\d)? KB is over the 16 KB limit;", row.error)
        assert "on the server in INBOX (UID 3," in row.error
        assert (row.source, row.size > 3 * LIMIT) == ("INBOX:3", True)
        kept = session.get(Blob, row.raw_sha256)
        assert kept is not None
        assert b"Subject: Scanned passport" in kept.data
        assert b"QUJD" not in kept.data
        assert session.exec(select(FolderState.last_uid)).one() == 4
        assert len(session.exec(select(Message)).all()) == 3


def test_with_move_to_the_mail_over_the_limit_stays_in_the_inbox(
    dovecot, make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox(move_to="Archive")
    deliver(mb, make_mail("Key"), _big_mail(), make_mail("Deposit"))
    settings = make_settings(mb, sync=_sync())

    sync_all(engine, settings)
    sync_all(engine, settings)

    assert (_inbox(dovecot, mb), _inbox(dovecot, mb, "Archive")) == (1, 2)


def test_after_the_limit_is_raised_the_next_sync_fetches_the_mail_whole(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    deliver(mb, make_mail("Key"), _big_mail(), make_mail("Deposit"))
    sync_all(engine, make_settings(mb, sync=_sync()))

    report = sync_all(engine, make_settings(mb, sync=_sync(max_message_bytes=4 * LIMIT)))[0]

    assert (report.stored, report.error) == (1, "")
    with Session(engine) as session:
        assert session.exec(select(Quarantine.resolved_at)).one() is not None
        big = session.exec(select(Message).where(Message.subject == "Scanned passport")).one()
        assert "QUJDQUJD" in big.text


def test_a_mail_over_the_limit_cannot_be_run_again_from_its_headers(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    deliver(mb, _big_mail())
    settings = make_settings(mb, sync=_sync())
    sync_all(engine, settings)

    with Session(engine) as session:
        row = session.exec(select(Quarantine)).one()
        assert row.id is not None
        with pytest.raises(Conflict, match="raise \\[sync\\] max_message_bytes"):
            rerun_quarantined(session, settings, row.id)


def test_a_backlog_several_times_batch_bytes_is_fetched_in_several_batches(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    deliver(mb, *(make_mail(f"Mail {n}", "x" * 3000) for n in range(10)))
    settings = make_settings(mb, sync=_sync(batch_bytes=8 * 1024))

    report = sync_all(engine, settings)[0]

    assert (report.stored, report.error) == (10, "")
    assert report.batches >= 4


def test_sizes_are_exact_above_the_bound_and_the_bound_below_it(make_mailbox, deliver):
    mb = make_mailbox()
    deliver(mb, make_mail("Small"), _big_mail(size=LIMIT), make_mail("Also small"))
    with IMAPClient("127.0.0.1", port=mb.imap_port, ssl=False) as client:
        client.login(mb.username, mb.secret())
        client.select_folder("INBOX", readonly=True)
        on_server = client.fetch(client.search(), ["RFC822.SIZE"])
        sizes = fetch_sizes(client, 0, exact_above=4096)
        after_first = fetch_sizes(client, 1, exact_above=4096)

    assert sizes == {1: 4096, 2: on_server[2][b"RFC822.SIZE"], 3: 4096}
    assert sizes[2] > LIMIT
    assert after_first == {2: sizes[2], 3: 4096}
