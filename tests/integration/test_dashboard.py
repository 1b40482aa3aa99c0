"""The statistics page's twelve months: cases per type and month, first-response times per
month, and the weekly workload beside the same weeks a year earlier, counted by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from triage.models import Case, Mailbox, TypeSource
from triage.records.dashboard import dashboard, last_months

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


@pytest.fixture
def year(engine, make_settings):
    """Cases in the twelve months to November 2026, and one a year before the busiest week."""
    settings = make_settings()
    with Session(engine) as session:
        housing = Mailbox(name="housing", address="h@x.se")
        fees = Mailbox(name="fees", address="f@x.se")
        session.add_all([housing, fees])
        session.flush()

        def case(box: Mailbox, at: datetime, kind: str | None, answered_h: float | None = None):
            session.add(
                Case(
                    mailbox_id=box.id,
                    received_at=at,
                    question_type=kind,
                    type_source=TypeSource.MODEL,
                    first_response_at=None
                    if answered_h is None
                    else at + timedelta(hours=answered_h),
                )
            )

        # Week 45 of 2026 (Monday 2 November): three housing, one fees.
        case(housing, local(2026, 11, 2, 9), "housing", 2)
        case(housing, local(2026, 11, 3, 9), "housing", 4)
        case(housing, local(2026, 11, 6, 16), "fees", 66)
        case(fees, local(2026, 11, 4, 12), "fees")
        # Sunday 1 November at 23:30 is still week 44, though UTC has it at 22:30.
        case(fees, local(2026, 11, 1, 23, 30), "other", 1)
        # 00:30 on Monday 30 March 2026, the night after the clocks went forward: week 14.
        case(housing, local(2026, 3, 30, 0, 30), None)
        # A year before week 45: Monday 3 November 2025 (outside the twelve months).
        case(housing, local(2025, 11, 3, 10), "housing", 1)
        # December 2025, the first of the twelve months.
        case(fees, local(2025, 12, 1, 8), "migration", 10)
        session.commit()
    return settings


def test_twelve_months_of_cases_per_type_and_first_response(engine, year):
    with Session(engine) as session:
        board = dashboard(session, year, date(2026, 11, 1))

    assert (board["months"][0], board["months"][-1]) == ("2025-12", "2026-11")
    assert len(board["months"]) == 12
    assert board["total"] == [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5]
    assert board["by_type"]["housing"][-1] == 2
    assert board["by_type"]["fees"][-1] == 2
    assert board["by_type"]["migration"][0] == 1
    assert board["by_type"]["unclassified"][3] == 1  # March
    # November's first responses: 1, 2, 4 and 66 hours (the fees case is unanswered).
    assert board["first_response_hours"]["median"][-1] == 3.0
    assert board["first_response_hours"]["p90"][-1] == pytest.approx(47.4)
    assert board["first_response_hours"]["median"][1] is None  # January had no cases


def test_weekly_workload_beside_the_same_weeks_a_year_earlier(engine, year):
    with Session(engine) as session:
        weeks = dashboard(session, year, date(2026, 11, 1))["weeks"]

    labels = weeks["labels"]
    # Whole weeks that end in December 2025 .. November 2026: 1-7 Dec 2025 to 23-29 Nov 2026.
    assert (labels[0], labels[-1], len(labels)) == ("2025-W49", "2026-W48", 52)
    w45, w44, w14 = labels.index("2026-W45"), labels.index("2026-W44"), labels.index("2026-W14")
    assert weeks["by_mailbox"]["housing"][w45] == 3
    assert weeks["by_mailbox"]["fees"][w45] == 1
    assert weeks["by_mailbox"]["fees"][w44] == 1
    assert weeks["by_mailbox"]["housing"][w14] == 1
    assert weeks["total"][w45] == 4
    assert weeks["previous_labels"][w45] == "2025-W45"
    assert weeks["previous_year"]["housing"][w45] == 1
    assert weeks["previous_total"][w45] == 1
    assert sum(weeks["total"]) == 7


def test_one_mailbox_only(engine, year):
    with Session(engine) as session:
        board = dashboard(session, year, date(2026, 11, 1), mailbox="fees")

    assert board["total"][-1] == 2
    assert list(board["weeks"]["by_mailbox"]) == ["fees"]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_counts_the_same_weeks(engine, year):
    with Session(engine) as session:
        board = dashboard(session, year, date(2026, 11, 1))

    weeks = board["weeks"]
    assert weeks["total"][weeks["labels"].index("2026-W45")] == 4
    assert weeks["by_mailbox"]["housing"][weeks["labels"].index("2026-W14")] == 1
    assert board["first_response_hours"]["median"][-1] == 3.0


def test_an_empty_year_gives_zeros(engine, make_settings):
    with Session(engine) as session:
        board = dashboard(session, make_settings(), date(2026, 11, 1))

    assert board["total"] == [0] * 12
    assert board["first_response_hours"]["median"] == [None] * 12
    assert sum(board["weeks"]["total"]) == 0


def test_last_months_cross_the_new_year():
    assert last_months(date(2026, 2, 1), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
