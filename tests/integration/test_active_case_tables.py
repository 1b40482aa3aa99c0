"""The tables of the active cases' share (migration 0014) follow the cases whatever happens to
them: a case closing or reopening, a mailbox link or a message added, changed, moved or removed.
The queue reads them for its mailbox filter and search over active cases, so its answers are
checked against the same filters asked of every case (the tables that hold all of them)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, create_engine, delete, text, update
from sqlmodel import Session, select

from triage.cases.queue import QueueFilter, queue_page
from triage.db import upgrade
from triage.models import ActiveCaseMailbox, Blob, Case, CaseMailbox, Mailbox, Message, User

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = create_engine(db_url)
    upgrade(engine)
    with Session(engine) as session:
        session.add(Mailbox(id=1, name="intl", address="intl@example.se"))
        session.add(Mailbox(id=2, name="housing", address="housing@example.se"))
        session.add(User(id=1, username="anna", role="officer", password_hash="x"))
        session.add(Blob(sha256="0" * 64, size=1, data=b"x"))
        session.commit()
    yield engine
    engine.dispose()


def _case(session: Session, case_id: int, status: str, mailbox_id: int, *texts: str) -> None:
    session.add(
        Case(
            id=case_id,
            mailbox_id=mailbox_id,
            status=status,
            received_at=T0 + timedelta(hours=case_id),
        )
    )
    session.flush()
    session.add(CaseMailbox(case_id=case_id, mailbox_id=mailbox_id))
    for text_ in texts:
        _message(session, case_id, mailbox_id, text_)
    session.commit()


def _message(session: Session, case_id: int, mailbox_id: int, body: str) -> int:
    count = len(session.exec(select(Message.id)).all())
    message = Message(
        case_id=case_id,
        mailbox_id=mailbox_id,
        dedup_key=f"m{count + 1}",
        subject="Question",
        text=body,
        raw_sha256="0" * 64,
    )
    session.add(message)
    session.flush()
    assert message.id is not None
    return message.id


def _set_status(session: Session, case_id: int, status: str) -> None:
    session.exec(update(Case).where(Case.id == case_id).values(status=status))  # type: ignore[call-overload, arg-type]
    session.commit()


def _links(session: Session) -> set[tuple[int, int]]:
    rows = session.exec(select(ActiveCaseMailbox.mailbox_id, ActiveCaseMailbox.case_id)).all()
    return set(rows)


def _searchable(session: Session) -> set[int]:
    """Message ids in the active cases' search index."""
    column = "rowid" if session.get_bind().dialect.name == "sqlite" else "message_id"
    rows = session.exec(text(f"SELECT {column} FROM active_message_fts"))  # type: ignore[call-overload]
    return {row[0] for row in rows}


def _queue(session: Session, **filters: str) -> list[int]:
    user = session.get(User, 1)
    assert user is not None
    return [row.id for row in queue_page(session, user, QueueFilter(**filters)).rows]  # type: ignore[arg-type]


def _queue_checked(session: Session, **filters: str) -> list[int]:
    """The active cases the filters find, asserted equal to the same filters over every case
    (casemailbox and the full search index) restricted to the active ones."""
    found = _queue(session, **filters)
    active = {c.id for c in session.exec(select(Case)).all() if c.status != "closed"}
    everywhere = [i for i in _queue(session, status="all", **filters) if i in active]
    assert found == everywhere
    return found


def test_the_active_tables_follow_closing_reopening_links_and_messages(engine):
    with Session(engine) as session:
        _case(session, 1, "new", 1, "Do I need an apostille?")
        _case(session, 2, "closed", 2, "Apostille for my diploma")
        _case(session, 3, "open", 2, "Where is my key?")
        assert _links(session) == {(1, 1), (2, 3)}
        assert _queue_checked(session, search="apostille") == [1]
        assert _queue_checked(session, mailbox="housing") == [3]

        # The same mail also reached housing: the case is in both mailboxes.
        session.add(CaseMailbox(case_id=1, mailbox_id=2))
        session.commit()
        assert _queue_checked(session, mailbox="housing") == [1, 3]

        # Closing drops the case from both tables; reopening brings back all it had.
        _set_status(session, 1, "closed")
        assert _links(session) == {(2, 3)}
        assert _queue_checked(session, search="apostille") == []
        _set_status(session, 2, "open")
        assert _links(session) == {(2, 2), (2, 3)}
        assert _queue_checked(session, search="apostille") == [2]
        assert _queue_checked(session, mailbox="housing") == [2, 3]
        _set_status(session, 2, "waiting")  # active to active: nothing moves
        assert _links(session) == {(2, 2), (2, 3)}

        # A new message of an active case is found; an anonymised text is no longer.
        added = _message(session, 3, 2, "My residence permit expires")
        session.commit()
        assert _queue_checked(session, search="permit") == [3]
        session.exec(update(Message).where(Message.id == added).values(text="(removed)"))  # type: ignore[call-overload, arg-type]
        session.commit()
        assert _queue_checked(session, search="permit") == []
        assert added in _searchable(session)

        # A message moved to a closed case leaves the index; one moved back returns.
        session.exec(update(Message).where(Message.id == added).values(case_id=1))  # type: ignore[call-overload, arg-type]
        session.commit()
        assert added not in _searchable(session)
        session.exec(update(Message).where(Message.id == added).values(case_id=2))  # type: ignore[call-overload, arg-type]
        session.commit()
        assert added in _searchable(session)

        # Removing a message or a link removes it from the active tables.
        session.exec(delete(Message).where(Message.id == added))  # type: ignore[call-overload, arg-type]
        session.exec(delete(CaseMailbox).where(CaseMailbox.case_id == 3))  # type: ignore[call-overload, arg-type]
        session.commit()
        assert added not in _searchable(session)
        assert _links(session) == {(2, 2)}
        assert _queue_checked(session, mailbox="housing") == [2]

        # Reopening the first case again: its two mailboxes and its message are back.
        _set_status(session, 1, "open")
        assert _links(session) == {(1, 1), (2, 1), (2, 2)}
        assert _queue_checked(session, search="apostille") == [1, 2]
        assert _queue_checked(session, mailbox="intl") == [1]
