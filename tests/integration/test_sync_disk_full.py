"""The disk full while a sync stores mail (here SQLite's page limit, which fails the same way):
the sync stops with a clear error and loses nothing; once there is room, the next sync stores
every mail once."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func
from sqlmodel import Session, select

from tests.factories import make_mail
from triage.db import make_engine, upgrade
from triage.mail.ingest.sync import sync_all
from triage.models import Message

MAILS = 60


# SQLite only: the full disk is played by SQLite's page limit (PRAGMA max_page_count), which
# PostgreSQL has no counterpart of short of a full disk on its server.
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_full_disk_stops_the_sync_clearly_and_the_next_one_stores_everything(
    make_mailbox, make_settings, deliver
):
    mb = make_mailbox()
    text = "Hej! Jag undrar över mitt kontrakt. " * 400  # about 14 kB each
    deliver(mb, *(make_mail(f"Fråga {i}", f"{i}: {text}") for i in range(MAILS)))
    settings = make_settings(mb)
    roomy = make_engine(settings)
    upgrade(roomy)
    with roomy.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    roomy.dispose()

    full = make_engine(settings)

    @event.listens_for(full, "connect")
    def _little_room(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {int(pages) + 40}")

    (stopped,) = sync_all(full, settings)
    stored_then = _count(full)
    full.dispose()
    again = make_engine(settings)
    (after,) = sync_all(again, settings)

    assert "full" in stopped.error.lower()  # "database or disk is full", said as it is
    assert stored_then < MAILS
    assert after.error == ""
    with Session(again) as session:
        ids = session.exec(select(Message.message_id)).all()
    assert len(ids) == MAILS
    assert len(set(ids)) == MAILS
    again.dispose()


def _count(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Message)).one())
