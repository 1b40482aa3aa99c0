"""A month's statistics match what a manager would count by hand on a small fixed October, and
they stay the same after retention removes the month's mail."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from tests.factories import cli_settings, make_mail, run_triage
from triage.cases.service import set_question_type
from triage.db import make_engine, upgrade
from triage.events import record_event
from triage.mail.ingest.files import import_paths
from triage.models import Case, CaseStatus, EventKind, Mailbox, TypeSource, User
from triage.records.months import month_range
from triage.records.retention import apply_retention
from triage.records.statistics import statistics_for
from triage.settings import Settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime(2026, 12, 4).date()


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


def _case(session: Session, box: Mailbox, received: datetime, kind: str, **fields) -> Case:
    case = Case(
        mailbox_id=box.id,
        received_at=received,
        question_type=kind,
        type_source=TypeSource.MODEL,
        **fields,
    )
    session.add(case)
    session.flush()
    return case


def _status(session: Session, case: Case, at: datetime, old: str, new: str) -> None:
    record_event(session, case, EventKind.STATUS, at=at, field="status", old=old, new=new)


def _close(session: Session, case: Case, at: datetime, outcome: str) -> None:
    _status(session, case, at, case.status, CaseStatus.CLOSED)
    case.status, case.closed_at, case.outcome = CaseStatus.CLOSED, at, outcome


def build_october(session: Session, settings: Settings) -> None:
    """Four new cases in October (A, B, C, E), one on 1 November at 00:30 (D), and two September
    cases reopened later (F in October, G in November)."""
    housing, fees = (
        Mailbox(name="housing", address="h@x.se"),
        Mailbox(name="fees", address="f@x.se"),
    )
    anna = User(username="anna", role="officer")
    session.add_all([housing, fees, anna])
    session.flush()
    # A: Friday 16:00, answered Monday 09:00 (65 h, 2 working h), closed Monday 10:00.
    a = _case(session, housing, local(2026, 10, 9, 16), "housing", language="sv")
    a.first_response_at = local(2026, 10, 12, 9)
    _close(session, a, local(2026, 10, 12, 10), "standard_reply")
    # B: answered after an hour, still waiting; the officer corrected fees -> housing.
    b = _case(session, housing, local(2026, 10, 13, 10), "fees", language="en")
    b.first_response_at, b.status = local(2026, 10, 13, 11), CaseStatus.WAITING
    set_question_type(session, settings, b, "housing", anna)
    # C: spam, closed four hours later without an answer.
    c = _case(session, fees, local(2026, 10, 14, 8), "fees", language="sv")
    _close(session, c, local(2026, 10, 14, 12), "spam")
    # E: 00:30 on 1 October (22:30 UTC on 30 September) is October's; no language detected.
    _case(session, housing, local(2026, 10, 1, 0, 30), "fees")
    # D: 00:30 on 1 November is November's.
    _case(session, fees, local(2026, 11, 1, 0, 30), "migration", language="sv")
    # F: closed in September, reopened on 5 October, closed again on 3 November.
    f = _case(session, housing, local(2026, 9, 20, 10), "housing", language="sv")
    _close(session, f, local(2026, 9, 25, 10), "personal_reply")
    record_event(session, f, EventKind.REOPENED, at=local(2026, 10, 5, 9), old="personal_reply")
    _status(session, f, local(2026, 10, 5, 9), CaseStatus.CLOSED, CaseStatus.OPEN)
    f.status = CaseStatus.OPEN
    _close(session, f, local(2026, 11, 3, 10), "personal_reply")
    # G: closed in September, reopened on 10 November: it was closed at the end of October.
    g = _case(session, housing, local(2026, 9, 10, 10), "housing", language="sv")
    _close(session, g, local(2026, 9, 15, 10), "personal_reply")
    record_event(session, g, EventKind.REOPENED, at=local(2026, 11, 10, 9), old="personal_reply")
    _status(session, g, local(2026, 11, 10, 9), CaseStatus.CLOSED, CaseStatus.OPEN)
    g.status, g.closed_at, g.outcome = CaseStatus.OPEN, None, None
    session.commit()


NONE = {"median": None, "p90": None, "count": 0}
ZERO_OUTCOMES = {
    "standard_reply": 0,
    "personal_reply": 0,
    "referred_infocenter": 0,
    "referred_migrationsverket": 0,
    "referred_department": 0,
    "forwarded": 0,
    "no_answer_needed": 0,
    "spam": 0,
    "answered_by_acknowledgement": 0,
}


def _times(housing: dict, fees: dict, overall: dict) -> dict:
    empty = {"calendar": NONE, "working": NONE}
    return {
        **overall,
        "by_type": {
            "housing": housing,
            "migration": empty,
            "outbound": empty,
            "fees": fees,
            "other": empty,
        },
    }


OCTOBER = {
    "month": "2026-10",
    "to": "2026-10",
    "mailbox": None,
    "timezone": "Europe/Stockholm",
    "total": 4,
    "by_type": {"housing": 2, "migration": 0, "outbound": 0, "fees": 2, "other": 0},
    "by_mailbox": {"housing": 3, "fees": 1},
    "by_language": {"sv": 2, "en": 1, "unknown": 1},
    "reopened": 1,
    "open_at_end": 3,  # B, E and F; G was closed then, D not yet received
    "first_response_hours": _times(
        housing={
            "calendar": {"median": 33.0, "p90": 58.6, "count": 2},
            "working": {"median": 1.5, "p90": 1.9, "count": 2},
        },
        fees={"calendar": NONE, "working": NONE},
        overall={
            "calendar": {"median": 33.0, "p90": 58.6, "count": 2},
            "working": {"median": 1.5, "p90": 1.9, "count": 2},
        },
    ),
    "close_hours": _times(
        housing={
            "calendar": {"median": 66.0, "p90": 66.0, "count": 1},
            "working": {"median": 3.0, "p90": 3.0, "count": 1},
        },
        fees={
            "calendar": {"median": 4.0, "p90": 4.0, "count": 1},
            "working": {"median": 4.0, "p90": 4.0, "count": 1},
        },
        overall={
            "calendar": {"median": 35.0, "p90": 59.8, "count": 2},
            "working": {"median": 3.5, "p90": 3.9, "count": 2},
        },
    ),
    "outcomes": {
        "housing": {**ZERO_OUTCOMES, "standard_reply": 1},
        "migration": ZERO_OUTCOMES,
        "outbound": ZERO_OUTCOMES,
        "fees": {**ZERO_OUTCOMES, "spam": 1},
        "other": ZERO_OUTCOMES,
    },
    "corrected_share": {
        "overall": 0.25,
        "corrected": 1,
        "by_type": {
            "housing": 0.5,
            "migration": None,
            "outbound": None,
            "fees": 0.0,
            "other": None,
        },
    },
}


@pytest.fixture
def october(engine, make_settings):
    settings = make_settings()
    with Session(engine) as session:
        build_october(session, settings)
    return settings


def stats(engine, settings, first="2026-10", last=None, mailbox=None):
    with Session(engine) as session:
        return statistics_for(session, settings, month_range(first, last, TODAY), mailbox)


def test_octobers_statistics_are_what_a_manager_counts_by_hand(engine, october):
    assert stats(engine, october) == OCTOBER


def test_the_mail_at_half_past_midnight_on_the_first_of_november_is_novembers(engine, october):
    november = stats(engine, october, "2026-11")

    assert (november["total"], november["by_type"]["migration"]) == (1, 1)
    assert november["reopened"] == 1  # G


def test_one_mailbox_counts_only_its_own_cases(engine, october):
    fees = stats(engine, october, mailbox="fees")

    assert (fees["total"], fees["by_mailbox"], fees["reopened"]) == (1, {"fees": 1}, 0)
    assert fees["outcomes"]["fees"]["spam"] == 1


def test_a_range_of_months_adds_up_and_lists_each_month(engine, october):
    autumn = stats(engine, october, "2026-09", "2026-11")

    assert autumn["total"] == 7
    assert [m["total"] for m in autumn["months"]] == [2, 4, 1]
    assert autumn["months"][1] == OCTOBER


def test_a_month_without_cases_gives_zeros_and_no_medians(engine, make_settings):
    empty = stats(engine, make_settings(), "2026-06")

    assert (empty["total"], empty["reopened"], empty["open_at_end"]) == (0, 0, 0)
    assert empty["first_response_hours"]["working"] == NONE
    assert empty["corrected_share"]["overall"] is None


def test_a_type_changed_and_changed_back_is_no_correction(engine, make_settings):
    """The corrected share is the classifier's real accuracy: what counts is the type a case
    ends on against the classifier's last, not how often officers changed their minds."""
    settings = make_settings()
    with Session(engine) as session:
        box, anna = Mailbox(name="housing", address="h@x.se"), User(username="anna")
        session.add_all([box, anna])
        session.flush()
        kinds = {}
        for name, first, later in (
            ("back", "migration", ["housing", "migration"]),  # changed, then changed back
            ("away", "migration", ["housing", "fees"]),  # corrected twice: one correction
            ("kept", "fees", ["fees"]),  # confirmed
        ):
            case = _case(session, box, local(2026, 10, 6, 10), None)
            record_event(session, case, EventKind.TYPE, actor="classifier", new=first)
            case.question_type = first
            for label in later:
                set_question_type(session, settings, case, label, anna)
            kinds[name] = case
        session.commit()

    share = stats(engine, settings)["corrected_share"]

    assert (share["corrected"], share["overall"]) == (1, round(1 / 3, 4))
    assert share["by_type"]["fees"] == 0.5  # "away" of the two that ended on fees
    assert share["by_type"]["migration"] == 0.0


def test_retention_does_not_change_a_closed_months_statistics(engine, october):
    before = stats(engine, october)

    with Session(engine) as session:
        report = apply_retention(session, october, now=datetime(2030, 1, 1, tzinfo=UTC))
        session.commit()

    assert report.cases == 3  # A, C and F
    assert stats(engine, october) == before


def test_an_imported_mail_is_counted_in_the_month_of_its_local_date(
    tmp_path, engine, make_settings
):
    folder = tmp_path / "mail"
    folder.mkdir()
    for name, when in [
        ("oct.eml", local(2026, 10, 31, 23, 30)),
        ("nov.eml", local(2026, 11, 1, 0, 30)),
        ("mar.eml", local(2026, 3, 31, 23, 59)),
        ("apr.eml", local(2026, 4, 1, 0, 30)),
    ]:
        (folder / name).write_bytes(make_mail(f"Fråga {name}", "Hej, en fråga.", date=when))
    settings = make_settings()
    import_paths(engine, settings, [folder], "housing")

    totals = [
        stats(engine, settings, m)["total"] for m in ("2026-03", "2026-04", "2026-10", "2026-11")
    ]

    assert totals == [1, 1, 1, 1]


@pytest.fixture
def cli_october(tmp_path, db_url):
    settings = cli_settings(tmp_path, db_url)
    engine = make_engine(settings)
    upgrade(engine)
    with Session(engine) as session:
        build_october(session, settings)
    engine.dispose()
    return tmp_path


def test_the_command_prints_the_month_as_json_csv_and_a_table(cli_october):
    as_json = run_triage(cli_october, "stats", "--month", "2026-10", "--format", "json")
    as_csv = run_triage(cli_october, "stats", "--month", "2026-10", "--format", "csv")
    as_table = run_triage(cli_october, "stats", "--month", "2026-10")

    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == {**OCTOBER, "by_mailbox": {"housing": 3, "fees": 1}}
    lines = as_csv.stdout.splitlines()
    assert lines[0] == "metric,value"
    assert "first_response_hours.working.median,1.5" in lines
    assert "corrected_share.by_type.housing,0.5" in lines
    assert "2026-10: 4 new cases, 1 reopened, 3 open at the end" in as_table.stdout
    assert "housing" in as_table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "expected a month as YYYY-MM, got '2026-13'"),
        (["--month", "2026-10", "--to", "2026-09"], "--to 2026-09 is before --month 2026-10"),
        (["--month", "2999-01"], "2999-01 is in the future"),
        (["--month", "2026-10", "--mailbox", "nosuch"], "no mailbox named 'nosuch'"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(cli_october, args, message):
    result = run_triage(cli_october, "stats", *args)

    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
