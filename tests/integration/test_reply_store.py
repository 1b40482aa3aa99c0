"""The office's standard replies in the database: seeded, edited with history, exported, used."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from canned_replies import load_library
from triage.cases.standard_replies import (
    ensure_seeded,
    export_replies,
    history,
    library_from_db,
    record_reply_use,
    render_for_case,
    save_reply,
    suggest_for_case,
)
from triage.errors import InvalidInput
from triage.models import Case, CaseEvent, EventKind, Mailbox, ReplyUse, User


@pytest.fixture
def db(engine):
    with Session(engine, expire_on_commit=False) as session:
        ensure_seeded(session)
        user = User(username="sara", display_name="Sara Lind", role="officer")
        mailbox = Mailbox(name="housing", address="housing@intl.example.se")
        session.add_all([user, mailbox])
        session.commit()
        yield session, user, mailbox


def test_the_seed_files_are_imported_once(db):
    session, _, _ = db

    again = ensure_seeded(session)

    assert again == 0
    assert len(library_from_db(session).replies) == len(load_library().replies)


def test_an_edit_makes_a_new_version_with_a_diff(db):
    session, user, _ = db
    text = library_from_db(session).get("housing-key-pickup", "en").to_text()

    save_reply(session, text.replace("Welcome!", "Welcome to Sweden!"), user)
    versions = history(session, "housing-key-pickup", "en")

    assert [v.version for v in versions] == [2, 1]
    assert versions[0].author == "sara"
    assert "+Welcome to Sweden!" in versions[0].diff
    assert "-Welcome!" in versions[0].diff


def test_an_edit_with_an_unknown_placeholder_is_refused_before_it_is_stored(db):
    session, user, _ = db
    text = library_from_db(session).get("housing-key-pickup", "en").to_text()

    with pytest.raises(InvalidInput, match=r"unknown placeholder requester\.nickname"):
        save_reply(
            session, text.replace("requester.first_name }}", "requester.nickname }}", 1), user
        )

    assert len(history(session, "housing-key-pickup", "en")) == 1


def test_export_writes_files_that_load_again(db, tmp_path):
    session, _, _ = db

    count = export_replies(session, tmp_path)

    assert count == len(load_library().replies)
    assert load_library(tmp_path).problems == []


def test_a_case_gets_suggestions_a_rendered_preview_and_records_the_reply_used(db, make_settings):
    session, user, mailbox = db
    case = Case(
        mailbox_id=mailbox.id,
        subject="Nyckel",
        requester_name="Anna Berg",
        requester_email="anna@student.example.org",
        language="sv",
        question_type="housing",
    )
    session.add(case)
    session.flush()
    from triage.models import Blob, Message

    session.add(Blob(sha256="x", size=0, data=b""))
    session.add(
        Message(
            case_id=case.id,
            mailbox_id=mailbox.id,
            dedup_key="k1",
            subject="Nyckel",
            text="Jag landar sent på lördag, hur hämtar jag nyckeln?",
            raw_sha256="x",
        )
    )
    settings = make_settings(
        office={
            "key_pickup_location": "Hus 3",
            "opening_hours": "10–12",
            "late_arrival_notice_days": "3",
        }
    )

    suggestions = suggest_for_case(session, case)
    text = render_for_case(session, settings, case, suggestions[0].reply.id, "sv", user)
    record_reply_use(session, case, suggestions[0].reply.id, "sv", user)

    assert suggestions[0].reply.id == "housing-key-pickup"
    assert text.startswith("Hej Anna,")
    assert f"[#{case.id}]" in text
    assert "Sara Lind" in text
    assert session.exec(select(ReplyUse.reply_id)).one() == "housing-key-pickup"
    assert (
        session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).one()
        == EventKind.REPLY_USED
    )
