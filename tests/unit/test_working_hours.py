"""Working hours count only the office's open hours: weekdays 08:00-17:00 in Stockholm, less the
Swedish holidays (Midsommarafton and Julafton included); months run midnight to midnight there."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from triage.errors import InvalidInput
from triage.records.months import month_bounds, month_range
from triage.records.statistics import percentile, summarise
from triage.records.workhours import work_calendar
from triage.settings import OfficeHoursSettings

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


@pytest.fixture
def calendar():
    return work_calendar(
        OfficeHoursSettings(), "Europe/Stockholm", date(2026, 1, 1), date(2026, 12, 31)
    )


def test_a_question_friday_at_four_answered_monday_at_nine_waited_two_working_hours(calendar):
    hours = calendar.hours_between(local(2026, 10, 9, 16, 0), local(2026, 10, 12, 9, 0))

    assert hours == 2.0


def test_midsommarafton_is_not_a_working_day(calendar):
    # Thursday 18 June 16:00 to Monday 22 June 09:00: Friday is Midsommarafton.
    hours = calendar.hours_between(local(2026, 6, 18, 16, 0), local(2026, 6, 22, 9, 0))

    assert hours == 2.0


def test_christmas_eve_and_christmas_day_are_not_working_days(calendar):
    # Wednesday 23 December 16:00 to Monday 28 December 09:00: Thursday 24, Friday 25 off.
    hours = calendar.hours_between(local(2026, 12, 23, 16, 0), local(2026, 12, 28, 9, 0))

    assert hours == 2.0


def test_a_mail_sent_at_night_waits_from_the_next_opening(calendar):
    hours = calendar.hours_between(local(2026, 10, 10, 23, 0), local(2026, 10, 12, 10, 30))

    assert hours == 2.5


def test_working_hours_are_wall_clock_hours_on_the_day_the_clocks_change(calendar):
    # The clocks went back on Sunday 25 October; Monday is a normal nine-hour day.
    hours = calendar.hours_between(local(2026, 10, 23, 17, 0), local(2026, 10, 26, 17, 0))

    assert hours == 9.0


def test_an_answer_before_the_question_counts_as_no_time(calendar):
    assert calendar.hours_between(local(2026, 10, 12, 10), local(2026, 10, 12, 9)) == 0.0


def test_office_hours_can_be_configured():
    saturdays = OfficeHoursSettings(days=[6], start="10:00", end="14:00", holiday_categories=[])
    calendar = work_calendar(saturdays, "Europe/Stockholm", date(2026, 10, 1), date(2026, 10, 31))

    hours = calendar.hours_between(local(2026, 10, 9, 12), local(2026, 10, 17, 12))

    assert hours == 6.0  # Saturday 10 October 10-14, Saturday 17 October 10-12


def test_percentiles_interpolate_between_the_nearest_ranks():
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.9) == pytest.approx(3.7)
    assert summarise([]) == {"median": None, "p90": None, "count": 0}
    assert summarise([5.0]) == {"median": 5.0, "p90": 5.0, "count": 1}


def test_a_month_runs_from_local_midnight_also_in_the_daylight_saving_months():
    november = month_bounds(date(2026, 11, 1), date(2026, 11, 1), "Europe/Stockholm")
    march = month_bounds(date(2026, 3, 1), date(2026, 3, 1), "Europe/Stockholm")

    assert november == (
        datetime(2026, 10, 31, 23, tzinfo=UTC),
        datetime(2026, 11, 30, 23, tzinfo=UTC),
    )
    assert march == (datetime(2026, 2, 28, 23, tzinfo=UTC), datetime(2026, 3, 31, 22, tzinfo=UTC))


def test_a_range_of_months_lists_each_month_across_the_new_year():
    months = month_range("2025-11", "2026-02", today=date(2026, 12, 4))

    assert months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-13", None, "expected a month as YYYY-MM"),
        ("oktober", None, "expected a month as YYYY-MM"),
        ("2026-10", "2026-09", "is before"),
        ("2027-01", None, "in the future"),
    ],
)
def test_bad_months_are_refused_with_the_reason(first, last, message):
    with pytest.raises(InvalidInput, match=message):
        month_range(first, last, today=date(2026, 12, 4))
