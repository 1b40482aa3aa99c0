"""Dovecot restarted in the middle of a sync (an upgrade, an operator's restart): the sync
reconnects or says what happened, and the next one ends the work; nothing lost, nothing twice."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func
from sqlmodel import Session, select

from tests.factories import make_mail
from triage.mail.ingest.sync import sync_all
from triage.models import Message
from triage.settings import SyncSettings

MAILS = 1_500


def _count(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Message)).one())


def test_a_restart_of_the_imap_server_mid_sync_loses_and_doubles_nothing(
    dovecot, make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    deliver(mb, *(make_mail(f"Fråga {i}", f"Hej! Fråga {i}.") for i in range(MAILS)))
    settings = make_settings(mb, sync=SyncSettings(batch_size=50, backoff_s=0.5, timeout_s=10))
    reports = []
    syncing = threading.Thread(target=lambda: reports.extend(sync_all(engine, settings)))
    syncing.start()
    deadline = time.monotonic() + 120
    while _count(engine) == 0:  # the first batch is in: the sync is in full swing
        assert time.monotonic() < deadline, "the sync stored nothing"
        assert syncing.is_alive(), f"the sync ended first: {reports}"
        time.sleep(0.02)
    dovecot.restart()
    syncing.join(300)
    during = _count(engine)
    (after,) = sync_all(engine, settings)

    # The restart cut the sync: it reconnected and went on, or stopped saying why.
    assert reports[0].reconnects >= 1 or (during < MAILS and reports[0].error)
    assert after.error == ""
    with Session(engine) as session:
        ids = session.exec(select(Message.message_id)).all()
    assert len(ids) == MAILS
    assert len(set(ids)) == MAILS
