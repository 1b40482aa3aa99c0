"""The log records which standard replies an officer was shown for a case: when the case is
first opened (or opened with something new on it), not again for the same look, and again when
an officer's type change alters them. Importing mail logs nothing: ingestion stays fast."""

from __future__ import annotations

from sqlmodel import Session, col, select

from tests.factories import make_mail, message_id_of
from triage.cases.service import mark_viewed, set_question_type
from triage.cases.standard_replies import ensure_seeded, suggest_for_case
from triage.learning.classify import load_classifier
from triage.mail.ingest.files import import_paths
from triage.models import Case, CaseEvent, EventKind, User

QUESTION = make_mail("Fråga om nyckel", "Hej! När kan jag hämta nyckeln till mitt rum?\n\nMvh Anna")


def _suggested(engine) -> list[CaseEvent]:
    with Session(engine) as session:
        query = select(CaseEvent).where(CaseEvent.kind == EventKind.REPLY_SUGGESTED)
        return list(session.exec(query.order_by(col(CaseEvent.id))).all())


def _import(tmp_path, engine, settings, raw: bytes, name: str = "question.eml"):
    path = tmp_path / name
    path.write_bytes(raw)
    return import_paths(engine, settings, [path], "housing", load_classifier(settings))


def _open(engine, username: str = "anna") -> None:
    """The officer opens the case page (GET /cases/{id} marks the case viewed)."""
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        user = session.exec(select(User).where(User.username == username)).one()
        mark_viewed(session, case, user)
        session.commit()


def _office(tmp_path, make_settings, engine, with_model):
    settings = with_model(make_settings())
    with Session(engine) as session:
        ensure_seeded(session)
        session.add(User(username="anna", role="officer"))
        session.commit()
    return settings


def test_opening_a_case_logs_the_replies_the_page_suggests(
    tmp_path, make_settings, engine, with_model
):
    settings = _office(tmp_path, make_settings, engine, with_model)
    _import(tmp_path, engine, settings, QUESTION)
    assert _suggested(engine) == []  # importing logs nothing

    _open(engine)

    (event,) = _suggested(engine)
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        shown = suggest_for_case(session, case)
    suggestions = event.data["suggestions"]
    assert (event.actor, event.actor_id, event.field) == ("system", None, "standard_reply")
    assert event.new_value == suggestions[0]["id"] == "housing-key-pickup"
    assert event.data["question_type"] == case.question_type == "housing"
    assert [(s["id"], s["language"], s["score"]) for s in suggestions] == [
        (s.reply.id, s.reply.language, round(s.score, 4)) for s in shown
    ]
    assert len(suggestions) == 3
    assert {s["language"] for s in suggestions} == {"sv"}
    assert event.at > case.received_at  # when the officer looked


def test_looking_again_or_at_a_follow_up_logs_nothing_new(
    tmp_path, make_settings, engine, with_model
):
    settings = _office(tmp_path, make_settings, engine, with_model)
    with Session(engine) as session:
        session.add(User(username="bo", role="officer"))
        session.commit()
    _import(tmp_path, engine, settings, QUESTION)
    _open(engine)
    follow_up = make_mail(
        "Re: Fråga om nyckel", "Och var hämtar jag den?", in_reply_to=message_id_of(QUESTION)
    )

    _open(engine)  # nothing new: no look is logged, no suggestion either
    again = _import(tmp_path, engine, settings, QUESTION)
    _import(tmp_path, engine, settings, follow_up, "follow-up.eml")
    _open(engine)  # something new, but the same first question: the same replies
    _open(engine, "bo")  # a colleague's first look: still the same replies

    assert again.duplicates == 1
    assert len(_suggested(engine)) == 1


def test_an_officers_type_change_logs_the_new_suggestions_only_when_they_change(
    tmp_path, make_settings, engine, with_model
):
    settings = _office(tmp_path, make_settings, engine, with_model)
    _import(tmp_path, engine, settings, QUESTION)
    _open(engine)
    with Session(engine, expire_on_commit=False) as session:
        case = session.exec(select(Case)).one()
        anna = session.exec(select(User)).one()

        set_question_type(session, settings, case, "other", anna)  # "other" replies move up
        session.commit()
        after_other = len(_suggested(engine))
        set_question_type(session, settings, case, "fees", anna)  # no fees reply fits the words
        session.commit()
    _open(engine)  # the officer looks again: the same replies, nothing new to log

    first, to_other, to_fees = _suggested(engine)
    assert after_other == 2
    assert (to_other.actor, to_other.actor_id) == ("anna", anna.id)
    assert to_other.data["question_type"] == "other"
    assert to_other.new_value != first.new_value
    assert to_other.new_value.startswith("other-")
    assert to_fees.data["question_type"] == "fees"
    assert to_fees.new_value == "housing-key-pickup"  # the words still choose the first
    assert to_fees.data["suggestions"][1]["id"].startswith("fees-")  # the case's type is shown


def test_without_any_standard_replies_nothing_is_logged(
    tmp_path, make_settings, engine, with_model
):
    settings = with_model(make_settings())

    report = _import(tmp_path, engine, settings, QUESTION)
    with Session(engine) as session:
        session.add(User(username="anna", role="officer"))
        session.commit()
    _open(engine)

    assert report.new_cases == 1
    assert _suggested(engine) == []
