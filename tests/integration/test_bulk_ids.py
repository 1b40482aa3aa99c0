"""Ingestion inserts a batch's cases and messages in one statement each, with ids known before:
on SQLite the highest id plus one (its RETURNING cannot be tied to the rows, which SQLAlchemy
answers with one INSERT a row), on PostgreSQL drawn from the table's sequence."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from triage.db import insert_returning_ids, transaction
from triage.models import Mailbox


def _rows(names: list[str]) -> list[dict[str, object]]:
    return [
        {"name": n, "address": f"{n}@intl.example.se", "auth_failed": False, "messages_waiting": 0}
        for n in names
    ]


def test_the_ids_come_back_in_the_order_of_the_rows(engine):
    names = [f"box-{i:03}" for i in range(300)][::-1]  # not in any order the database keeps
    with transaction(engine) as session:
        first = insert_returning_ids(session, Mailbox, _rows(names[:100]))
        more = insert_returning_ids(session, Mailbox, _rows(names[100:]))

    with Session(engine) as session:
        by_id = {m.id: m.name for m in session.exec(select(Mailbox)).all()}
    assert [by_id[i] for i in first + more] == names
    assert len(set(first + more)) == 300


def test_a_batch_never_takes_an_id_a_row_already_has(engine):
    with transaction(engine) as session:
        [taken] = insert_returning_ids(session, Mailbox, _rows(["housing"]))
    with transaction(engine) as session:
        [new] = insert_returning_ids(session, Mailbox, _rows(["migration"]))
    assert new > taken
    # The same name again is refused as a whole, whatever the ids would have been.
    with pytest.raises(IntegrityError), transaction(engine) as session:
        insert_returning_ids(session, Mailbox, _rows(["fees", "housing"]))
    with Session(engine) as session:
        assert sorted(session.exec(select(Mailbox.name)).all()) == ["housing", "migration"]
