"""Replies join their case; new questions open new cases; a subject alone never merges."""

from __future__ import annotations

from sqlmodel import Session, col, select

from tests.factories import make_mail, message_id_of
from triage.mail.ingest.sync import sync_all
from triage.models import Case, CaseEvent, CaseStatus, EventKind, Message


def _cases(engine) -> list[Case]:
    with Session(engine) as session:
        return list(session.exec(select(Case).order_by(col(Case.id))).all())


def test_a_reply_with_in_reply_to_joins_the_case(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    question = make_mail("Nyckel", "När kan jag hämta nyckeln?")
    reply = make_mail("Re: Nyckel", "Tack, en fråga till.", in_reply_to=message_id_of(question))
    deliver(mb, question, reply)

    sync_all(engine, make_settings(mb))

    cases = _cases(engine)
    assert len(cases) == 1
    assert cases[0].message_count == 2


def test_a_reply_with_only_references_joins_the_case(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    question = make_mail("Housing", "Is there a room for me?")
    reply = make_mail("Re: Housing", "Any news?", references=message_id_of(question))
    deliver(mb, question, reply)

    sync_all(engine, make_settings(mb))

    assert len(_cases(engine)) == 1


def test_a_case_tag_in_the_subject_joins_the_case(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    settings = make_settings(mb)
    deliver(mb, make_mail("Deposition", "När får jag tillbaka depositionen?"))
    sync_all(engine, settings)
    case_id = _cases(engine)[0].id

    deliver(mb, make_mail(f"SV: Deposition [#{case_id}]", "Har ni hunnit titta?"))
    sync_all(engine, settings)

    cases = _cases(engine)
    assert len(cases) == 1
    assert cases[0].message_count == 2


def test_a_similar_subject_alone_never_merges_cases(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    deliver(
        mb,
        make_mail("Question", "About my room", sender="a@student.example.org"),
        make_mail("Question", "About my room", sender="b@student.example.org"),
    )

    sync_all(engine, make_settings(mb))

    assert len(_cases(engine)) == 2


def test_an_office_reply_in_the_sent_folder_sets_first_response_and_waits(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox(folders=["INBOX", "Sent"], sent_folder="Sent")
    question = make_mail("Key", "When can I get my key?")
    answer = make_mail(
        "Re: Key",
        "Tomorrow at 10.",
        sender="housing@intl.example.se",
        in_reply_to=message_id_of(question),
    )
    deliver(mb, question)
    deliver(mb, answer, folder="Sent")  # an officer answered from their own mail program

    sync_all(engine, make_settings(mb))

    (case,) = _cases(engine)
    assert case.status == CaseStatus.WAITING
    assert case.first_response_at is not None


def test_a_reply_from_the_requester_reopens_the_closed_case(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    settings = make_settings(mb)
    question = make_mail("Refund", "Can I get my fee back?")
    deliver(mb, question)
    sync_all(engine, settings)
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        case.status, case.outcome = CaseStatus.CLOSED, "personal_reply"
        session.commit()

    deliver(mb, make_mail("Re: Refund", "One more thing", in_reply_to=message_id_of(question)))
    sync_all(engine, settings)

    (case,) = _cases(engine)
    assert case.status == CaseStatus.OPEN
    with Session(engine) as session:
        kinds = session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert EventKind.REOPENED in kinds


def test_a_new_question_after_a_closed_case_opens_a_new_case(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    settings = make_settings(mb)
    deliver(mb, make_mail("Nyckel", "Var hämtar jag nyckeln?"))
    sync_all(engine, settings)
    with Session(engine) as session:
        session.exec(select(Case)).one().status = CaseStatus.CLOSED
        session.commit()

    deliver(mb, make_mail("Flytt", "Hur går utflyttningsstädningen till?"))
    sync_all(engine, settings)

    cases = _cases(engine)
    assert len(cases) == 2
    assert cases[0].requester_email == cases[1].requester_email


def test_an_out_of_office_reply_is_kept_but_opens_no_case(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox(folders=["INBOX", "Sent"], sent_folder="Sent")
    settings = make_settings(mb)
    question = make_mail("Room", "Is my room ready?", sender="s@student.example.org")
    answer = make_mail(
        "Re: Room", "Yes.", sender="housing@intl.example.se", in_reply_to=message_id_of(question)
    )
    deliver(mb, question)
    deliver(mb, answer, folder="Sent")
    sync_all(engine, settings)
    ooo = make_mail(
        "Frånvaromeddelande: Re: Room",
        "Jag är på semester till 5 augusti.",
        sender="s@student.example.org",
        headers={"Auto-Submitted": "auto-replied"},
        in_reply_to=message_id_of(answer),
    )
    unthreaded = make_mail(
        "Out of Office", "I am away", sender="stranger@example.com", headers={"X-Autoreply": "yes"}
    )
    deliver(mb, ooo, unthreaded)

    report = sync_all(engine, settings)[0]

    assert report.auto_replies == 2
    (case,) = _cases(engine)
    assert case.status == CaseStatus.WAITING  # the auto-reply did not count as an answer
    with Session(engine) as session:
        auto = session.exec(select(Message).where(Message.is_auto_reply)).all()
    assert {m.case_id for m in auto} == {case.id, None}


def test_an_unthreaded_auto_reply_joins_no_case_whatever_its_from_says(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    settings = make_settings(mb)
    deliver(
        mb, make_mail("Deposit", "When do I get my deposit back?", sender="s@student.example.org")
    )
    sync_all(engine, settings)

    deliver(
        mb,
        make_mail(
            "Out of office",
            "Back on Monday",
            sender="s@student.example.org",
            headers={"Auto-Submitted": "auto-replied"},
        ),
    )
    report = sync_all(engine, settings)[0]

    assert (report.stored, report.auto_replies, report.new_cases, report.error) == (1, 1, 0, "")
    (case,) = _cases(engine)
    assert case.message_count == 1  # a From is anyone's to write: only thread headers count
    with Session(engine) as session:
        auto = session.exec(select(Message).where(Message.is_auto_reply)).one()
    assert auto.case_id is None


def test_a_stranger_cannot_put_mail_into_a_case_by_its_tag(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    settings = make_settings(mb)
    deliver(mb, make_mail("Hyra", "När ska hyran betalas?", sender="anna@student.example.org"))
    sync_all(engine, settings)
    case_id = _cases(engine)[0].id

    deliver(mb, make_mail(f"Re: [#{case_id}]", "Hello", sender="stranger@example.com"))
    sync_all(engine, settings)

    cases = _cases(engine)
    assert len(cases) == 2
    assert cases[0].message_count == 1


def test_a_web_form_mail_from_our_own_domain_is_a_question(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    deliver(
        mb,
        make_mail(
            "Webbformulär: Kontakt",
            "Namn: Eva\nFråga: Var hämtar jag nyckeln?",
            sender="noreply@intl.example.se",
        ),
    )

    report = sync_all(engine, make_settings(mb))[0]

    assert report.new_cases == 1


def test_an_older_mail_arriving_late_does_not_reopen_a_closed_case(
    make_mailbox, make_settings, engine, deliver
):
    from datetime import UTC, datetime

    mb = make_mailbox()
    settings = make_settings(mb)
    question = make_mail("Refund", "Can I get my fee back?", date=datetime(2026, 5, 1, tzinfo=UTC))
    deliver(mb, question)
    sync_all(engine, settings)
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        case.status, case.last_message_at = CaseStatus.CLOSED, datetime(2026, 6, 1, tzinfo=UTC)
        session.commit()

    late = make_mail(
        "Re: Refund",
        "(sent in May)",
        in_reply_to=message_id_of(question),
        date=datetime(2026, 5, 2, tzinfo=UTC),
    )
    deliver(mb, late)
    sync_all(engine, settings)

    (case,) = _cases(engine)
    assert (case.status, case.message_count) == (CaseStatus.CLOSED, 2)
