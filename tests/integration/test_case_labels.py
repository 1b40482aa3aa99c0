"""Officers teach the classifier: corrections and confirmations become training labels."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from triage.cases.service import close_case, confirm_question_type, set_question_type
from triage.errors import InvalidInput
from triage.models import Case, CaseEvent, EventKind, Mailbox, TypeLabel, TypeSource, User


@pytest.fixture
def case_and_user(engine):
    with Session(engine) as session:
        mailbox = Mailbox(name="housing", address="housing@intl.example.se")
        user = User(username="anna", role="officer")
        session.add_all([mailbox, user])
        session.flush()
        case = Case(
            mailbox_id=mailbox.id,
            subject="Nyckel",
            question_type="fees",
            type_confidence=0.55,
            type_source=TypeSource.MODEL,
        )
        session.add(case)
        session.commit()
        return case.id, user.id


def test_a_correction_is_stored_as_a_label_and_logged(engine, make_settings, case_and_user):
    case_id, user_id = case_and_user
    with Session(engine, expire_on_commit=False) as session:
        case, user = session.get(Case, case_id), session.get(User, user_id)

        set_question_type(session, make_settings(), case, "housing", user)
        session.commit()

        label = session.exec(select(TypeLabel)).one()
        event = session.exec(select(CaseEvent).where(CaseEvent.kind == EventKind.TYPE)).one()
    assert (label.label, label.kind) == ("housing", "correction")
    assert (event.old_value, event.new_value, event.actor) == ("fees", "housing", "anna")
    assert (case.type_source, case.needs_review) == (TypeSource.OFFICER, False)


def test_confirming_keeps_the_type_and_stores_a_confirmation(engine, make_settings, case_and_user):
    case_id, user_id = case_and_user
    with Session(engine, expire_on_commit=False) as session:
        case, user = session.get(Case, case_id), session.get(User, user_id)

        confirm_question_type(session, make_settings(), case, user)
        session.commit()

        label = session.exec(select(TypeLabel)).one()
    assert (label.label, label.kind) == ("fees", "confirmation")
    assert case.question_type == "fees"


def test_closing_confirms_the_models_type(engine, case_and_user):
    case_id, user_id = case_and_user
    with Session(engine, expire_on_commit=False) as session:
        case, user = session.get(Case, case_id), session.get(User, user_id)

        close_case(session, case, "standard_reply", user)
        session.commit()

        labels = session.exec(select(TypeLabel.label, TypeLabel.kind)).all()
    assert labels == [("fees", "confirmation")]
    assert (case.status, case.outcome) == ("closed", "standard_reply")


def test_closing_needs_a_known_outcome(engine, case_and_user):
    case_id, user_id = case_and_user
    with Session(engine, expire_on_commit=False) as session:
        case, user = session.get(Case, case_id), session.get(User, user_id)

        with pytest.raises(InvalidInput, match="choose an outcome"):
            close_case(session, case, "", user)


def test_an_unknown_type_is_refused(engine, make_settings, case_and_user):
    case_id, user_id = case_and_user
    with Session(engine, expire_on_commit=False) as session:
        case, user = session.get(Case, case_id), session.get(User, user_id)

        with pytest.raises(InvalidInput, match="unknown question type 'parking'"):
            set_question_type(session, make_settings(), case, "parking", user)
