"""A substitute sees how far a colleague got with a case's routine, and overdue routines are
flagged for their owners."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from routines import load_routines
from triage.cases.checklists import flag_overdue_routines, progress, routines_for_case, tick_step
from triage.models import Case, CaseEvent, EventKind, Mailbox, RoutineReviewFlag, User


def _case(session):
    mailbox = Mailbox(name="housing", address="housing@intl.example.se")
    anna = User(username="anna", role="officer")
    session.add_all([mailbox, anna])
    session.flush()
    case = Case(mailbox_id=mailbox.id, subject="Nyckel", question_type="housing", language="sv")
    session.add(case)
    session.flush()
    return case, anna


def test_a_case_links_to_the_routines_for_its_type(engine):
    with Session(engine) as session:
        case, _ = _case(session)

        ids = routines_for_case(load_routines(), case)

    assert "housing-key-handout" in ids
    assert all(i.startswith("housing-") for i in ids)


def test_ticked_steps_show_who_did_them_and_an_untick_wins(engine):
    library = load_routines()
    with Session(engine) as session:
        case, anna = _case(session)

        tick_step(session, case, "housing-key-handout", 1, True, anna)
        tick_step(session, case, "housing-key-handout", 2, True, anna)
        tick_step(session, case, "housing-key-handout", 2, False, anna)
        steps = progress(session, library, case, "housing-key-handout", "sv")
        events = session.exec(select(CaseEvent).where(CaseEvent.kind == EventKind.CHECKLIST)).all()

    assert (steps[0].done, steps[0].by) == (True, "anna")
    assert steps[0].at is not None
    assert (steps[1].done, steps[1].by) == (False, "anna")
    assert not any(s.done for s in steps[2:])
    assert len(events) == 3


def test_routines_past_their_review_date_are_flagged_for_their_owners(engine):
    library = load_routines()
    far_future = date(2099, 1, 1)
    with Session(engine) as session:
        first = flag_overdue_routines(session, library, far_future)
        again = flag_overdue_routines(session, library, far_future)
        session.commit()
        flags = session.exec(select(RoutineReviewFlag)).all()

    assert first == len(library.routines)
    assert again == 0
    assert {f.owner for f in flags} == {r.owner for r in library.routines}


def test_nothing_is_flagged_before_its_review_date(engine):
    with Session(engine) as session:
        assert flag_overdue_routines(session, load_routines(), date(2026, 11, 28)) == 0


def test_the_nightly_routine_review_counts_days_by_the_settings_clock(engine, make_settings):
    from triage import scheduler

    class FarFuture(type(make_settings())):  # type: ignore[misc]
        def today(self) -> date:
            return date(2099, 1, 1)

    settings = FarFuture(**make_settings().model_dump())

    scheduler._routine_reviews(engine, settings)

    with Session(engine) as session:
        flags = session.exec(select(RoutineReviewFlag)).all()
    assert len(flags) == len(load_routines().routines)
