"""A database held by another writer for several seconds (a backup, a long migration, a
colleague's big import) makes a sync wait, not fail: afterwards every mail is in, once."""

from __future__ import annotations

import threading
import time

from sqlalchemy import create_engine, func, text
from sqlmodel import Session, select

from tests.factories import make_mail
from triage.mail.ingest.sync import sync_all
from triage.models import Message

HELD_S = 5.0


def test_a_sync_waits_for_a_writer_that_holds_the_database(
    make_mailbox, make_settings, engine, deliver, db_url
):
    mb = make_mailbox()
    deliver(mb, *(make_mail(f"Fråga {i}") for i in range(20)))
    settings = make_settings(mb)
    other = create_engine(db_url)
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with other.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, as a writer holds it
            else:
                conn.execute(text("LOCK TABLE message IN ACCESS EXCLUSIVE MODE"))
            holding.set()
            time.sleep(HELD_S)
            done.set()  # just before it lets go
            conn.rollback()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    (report,) = sync_all(engine, settings)
    released_before_the_sync_ended = done.is_set()
    holder.join(10)
    other.dispose()

    assert released_before_the_sync_ended  # it waited for the other writer
    assert report.error == ""
    assert report.stored == 20
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Message)).one() == 20
