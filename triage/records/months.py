"""Months as the office counts them: calendar months in its own time zone, so a mail at 00:30
on 1 November in Stockholm is November's even though it is still October in UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from triage.errors import N_, InvalidInput

_MONTH = re.compile(r"\d{4}-\d{2}")
# No office mail is older (e-mail itself is not); a month near year 1 does not even fit a
# datetime once its midnight is moved to UTC.
FIRST_YEAR = 1970


def parse_month(value: str) -> date:
    """The first day of the month `value` names (YYYY-MM), or InvalidInput saying what is wrong."""
    if _MONTH.fullmatch(value.strip()):
        year, month = (int(part) for part in value.strip().split("-"))
        if 1 <= month <= 12 and year >= FIRST_YEAR:
            return date(year, month, 1)
        if 1 <= month <= 12:
            raise InvalidInput(
                f"{value.strip()} is before {FIRST_YEAR}-01: no mail is that old",
                N_("%(month)s is before %(first)s: no mail is that old"),
                month=value.strip(),
                first=f"{FIRST_YEAR}-01",
            )
    raise InvalidInput(
        f"expected a month as YYYY-MM, got {value!r}",
        N_("expected a month as YYYY-MM, got '%(value)s'"),
        value=value,
    )


def month_range(first: str, last: str | None, today: date) -> list[date]:
    """The months from `first` to `last` (inclusive), checked: in order and not in the future."""
    start = parse_month(first)
    end = parse_month(last) if last is not None else start
    if end < start:
        raise InvalidInput(
            f"--to {end:%Y-%m} is before --month {start:%Y-%m}",
            N_("the last month %(end)s is before the first, %(start)s"),
            start=f"{start:%Y-%m}",
            end=f"{end:%Y-%m}",
        )
    if end > today.replace(day=1):
        raise InvalidInput(
            f"{end:%Y-%m} is in the future (today is {today:%Y-%m-%d})",
            N_("%(month)s is in the future (today is %(today)s)"),
            month=f"{end:%Y-%m}",
            today=f"{today:%Y-%m-%d}",
        )
    months = [start]
    while months[-1] < end:
        months.append(_next_month(months[-1]))
    return months


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(first: date, last: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) in UTC of months `first`..`last`: from midnight to midnight in the office."""
    tz = ZoneInfo(zone)
    start = datetime.combine(first, datetime.min.time(), tz)
    end = datetime.combine(_next_month(last), datetime.min.time(), tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def last_whole_month(today: date) -> date:
    """The month before `today`'s: the latest month whose figures are complete."""
    first = today.replace(day=1)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def last_day(month: date) -> date:
    """The last day of `month`."""
    return date.fromordinal(_next_month(month).toordinal() - 1)
