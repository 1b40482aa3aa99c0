"""Working hours between two instants: how long a requester waited while the office was open.

Calendar hours punish a Friday-afternoon question for the weekend; managers also need the time
the office actually had. A WorkCalendar holds the working seconds of each day of a date range as
running totals, so each interval costs two look-ups however long it is: a month's statistics
measure tens of thousands of intervals, some spanning months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from triage.settings import OfficeHoursSettings


@dataclass(frozen=True)
class WorkCalendar:
    """Office hours in a zone over [first, first + len(is_workday)) days, as running totals."""

    zone: ZoneInfo
    first: date
    start_s: int  # the working day's start and end, seconds after local midnight
    end_s: int
    is_workday: tuple[bool, ...]
    before_s: tuple[int, ...]  # working seconds on all days before day i

    def seconds_between(self, begin: datetime, end: datetime) -> float:
        """Working seconds from `begin` to `end` (aware datetimes); 0 when end is not later."""
        if end <= begin:
            return 0.0
        return max(0.0, self._elapsed(end) - self._elapsed(begin))

    def hours_between(self, begin: datetime, end: datetime) -> float:
        return self.seconds_between(begin, end) / 3600

    def _elapsed(self, moment: datetime) -> float:
        """Working seconds from the start of the calendar up to `moment`."""
        local = moment.astimezone(self.zone)
        day = (local.date() - self.first).days
        if day < 0:
            return 0.0
        if day >= len(self.is_workday):
            return float(self.before_s[-1])
        if not self.is_workday[day]:
            return float(self.before_s[day])
        wall_s = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        inside = min(max(wall_s - self.start_s, 0.0), float(self.end_s - self.start_s))
        return self.before_s[day] + inside


def work_calendar(hours: OfficeHoursSettings, zone: str, first: date, last: date) -> WorkCalendar:
    """The office's calendar from `first` to `last` (inclusive): its weekdays and hours, less the
    holidays of `hours.holiday_country` in `hours.holiday_categories`.

    Hours are wall-clock: on the days clocks change the office still opens at 08:00 and closes at
    17:00 local time (the change happens at night)."""
    last = max(first, last)
    days = (last - first).days + 1
    off = holidays.country_holidays(
        hours.holiday_country,
        years=range(first.year, last.year + 1),
        categories=tuple(hours.holiday_categories),
    )
    start_s, end_s = _seconds(hours.start), _seconds(hours.end)
    workdays = tuple(
        (d := first + timedelta(days=i)).isoweekday() in hours.days and d not in off
        for i in range(days)
    )
    before = [0]
    for working in workdays:
        before.append(before[-1] + (end_s - start_s if working else 0))
    return WorkCalendar(ZoneInfo(zone), first, start_s, end_s, workdays, tuple(before))


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second
