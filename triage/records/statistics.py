"""Monthly statistics for managers: what came in, how fast it was answered, how it ended.

A month is a calendar month in the office's time zone, and its figures are about the cases that
came in during it (received_at in the month): their types, mailboxes, languages, outcomes, times
to first response and to close, and whether an officer corrected their type. Two figures are
about the month itself: cases reopened during it, and cases still open at its end (as the event
log says they were then). Everything is read from columns and events that retention keeps, so a
closed month's figures do not change when its mail is removed.

Counting is done by the database (GROUP BY); only the three timestamps per case needed for
medians and percentiles come back to Python, where working hours are measured.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, distinct, exists, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from triage.db import chunked
from triage.errors import N_, InvalidInput
from triage.models import Case, CaseEvent, CaseStatus, EventKind, Mailbox, Outcome
from triage.records.corrections import was_corrected
from triage.records.months import month_bounds
from triage.records.workhours import WorkCalendar, work_calendar
from triage.settings import Settings

UNCLASSIFIED = "unclassified"  # a case the classifier and the officers left without a type
UNKNOWN_LANGUAGE = "unknown"


def percentile(ordered: Sequence[float], share: float) -> float | None:
    """The `share` quantile of sorted values, interpolated between the two nearest ranks (as
    numpy's and Excel's PERCENTILE.INC), so the figures can be checked in a spreadsheet."""
    if not ordered:
        return None
    rank = (len(ordered) - 1) * share
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(values: Iterable[float]) -> dict[str, Any]:
    """{median, p90, count} of hours, rounded to hundredths; None for no values."""
    ordered = sorted(values)
    median, p90 = percentile(ordered, 0.5), percentile(ordered, 0.9)
    return {
        "median": None if median is None else round(median, 2),
        "p90": None if p90 is None else round(p90, 2),
        "count": len(ordered),
    }


def statistics_for(
    session: Session, settings: Settings, months: list[date], mailbox: str | None = None
) -> dict[str, Any]:
    """The statistics of `months` (a month_range) as one period; for more than one month, also
    each month's own figures under `months`."""
    result = _period(session, settings, months[0], months[-1], mailbox)
    if len(months) > 1:
        result["months"] = [_period(session, settings, m, m, mailbox) for m in months]
    return result


def _period(
    session: Session, settings: Settings, first: date, last: date, mailbox: str | None
) -> dict[str, Any]:
    start, end = month_bounds(first, last, settings.timezone)
    mailbox_id = mailbox_id_for(session, settings, mailbox)
    new = [
        col(Case.received_at) >= start,
        col(Case.received_at) < end,
        *([col(Case.mailbox_id) == mailbox_id] if mailbox_id is not None else []),
    ]
    counts = _counts(session, new)
    types = [*settings.classifier.question_types]
    types += sorted({t for t, *_ in counts} - set(types))
    mailboxes = [m.name for m in settings.mailbox if mailbox in (None, m.name)]
    durations = _durations(session, settings, new, types, first)
    return {
        "month": f"{first:%Y-%m}",
        "to": f"{last:%Y-%m}",
        "mailbox": mailbox,
        "timezone": settings.timezone,
        "total": sum(n for *_, n in counts),
        "by_type": _tally(counts, 0, types),
        "by_mailbox": _tally(counts, 1, mailboxes),
        "by_language": _tally(counts, 2, []),
        "reopened": _reopened(session, start, end, mailbox_id),
        "open_at_end": _open_at(session, end, mailbox_id),
        **durations,
        "outcomes": _outcomes(counts, types),
        "corrected_share": _corrected_share(session, new, _tally(counts, 0, types)),
    }


def mailbox_choices(session: Session, settings: Settings) -> list[str]:
    """The mailboxes figures can be narrowed to (`mailbox_id_for` takes each): those configured
    and those holding mail (an imported archive's, or one no longer configured)."""
    stored = session.exec(select(Mailbox.name)).all()
    return sorted({m.name for m in settings.mailbox} | set(stored))


def mailbox_id_for(session: Session, settings: Settings, name: str | None) -> int | None:
    """The stored mailbox's id; -1 (no case) for a configured mailbox that has no mail yet."""
    if name is None:
        return None
    found = session.exec(select(Mailbox.id).where(Mailbox.name == name)).first()
    if found is not None:
        return found
    if any(m.name == name for m in settings.mailbox):
        return -1
    raise InvalidInput(
        f"no mailbox named {name!r} (neither configured nor holding mail)",
        N_("no mailbox named '%(name)s' (neither configured nor holding mail)"),
        name=name,
    )


def _counts(
    session: Session, new: list[ColumnElement[bool]]
) -> list[tuple[str, str, str, str, int]]:
    """(type, mailbox, language, outcome, cases) for the period's new cases: one GROUP BY."""
    keys = (col(Case.question_type), col(Mailbox.name), col(Case.language), col(Case.outcome))
    query = (
        sa_select(*keys, func.count())
        .join(Mailbox, col(Mailbox.id) == Case.mailbox_id)
        .where(*new)
        .group_by(*keys)
    )
    return [
        (kind or UNCLASSIFIED, box, language or UNKNOWN_LANGUAGE, outcome or "", int(n))
        for kind, box, language, outcome, n in session.execute(query).all()
    ]


def _tally(
    counts: list[tuple[str, str, str, str, int]], key: int, known: list[str]
) -> dict[str, int]:
    """Cases per value of column `key`: the known values first (0 when none came), then others."""
    totals = dict.fromkeys(known, 0)
    for row in counts:
        name = str(row[key])
        totals[name] = totals.get(name, 0) + row[-1]
    return totals


def _outcomes(
    counts: list[tuple[str, str, str, str, int]], types: list[str]
) -> dict[str, dict[str, int]]:
    """Per type, how its closed cases ended (the outcome an officer chose when closing)."""
    table = {kind: dict.fromkeys((o.value for o in Outcome), 0) for kind in types}
    for kind, _, _, outcome, n in counts:
        if outcome:
            table[kind][outcome] = table[kind].get(outcome, 0) + n
    return table


def _durations(
    session: Session,
    settings: Settings,
    new: list[ColumnElement[bool]],
    types: list[str],
    first: date,
) -> dict[str, Any]:
    """First-response and close times of the period's new cases, calendar and working hours."""
    rows = session.exec(
        select(Case.question_type, Case.received_at, Case.first_response_at, Case.closed_at).where(
            *new
        )
    ).all()
    zone = ZoneInfo(settings.timezone)
    moments = [t for r in rows for t in r[1:] if t is not None]
    days = [t.astimezone(zone).date() for t in (min(moments), max(moments))] if moments else []
    calendar = work_calendar(
        settings.office_hours, settings.timezone, min(days, default=first), max(days, default=first)
    )
    return {
        "first_response_hours": _hours(rows, 2, types, calendar),
        "close_hours": _hours(rows, 3, types, calendar),
    }


def _hours(
    rows: Sequence[Any], index: int, types: list[str], calendar: WorkCalendar
) -> dict[str, Any]:
    """{calendar, working, by_type: {type: {calendar, working}}} of received -> row[index]."""
    measured: dict[str, tuple[list[float], list[float]]] = {t: ([], []) for t in types}
    for row in rows:
        begin, finish = row[1], row[index]
        if finish is None:
            continue
        spans = measured[row[0] or UNCLASSIFIED]
        spans[0].append(max(0.0, (finish - begin).total_seconds() / 3600))
        spans[1].append(calendar.hours_between(begin, finish))
    every = (
        [h for c, _ in measured.values() for h in c],
        [h for _, w in measured.values() for h in w],
    )
    return {
        "calendar": summarise(every[0]),
        "working": summarise(every[1]),
        "by_type": {
            kind: {"calendar": summarise(c), "working": summarise(w)}
            for kind, (c, w) in measured.items()
        },
    }


def _reopened(session: Session, start: datetime, end: datetime, mailbox_id: int | None) -> int:
    """Cases reopened during the period (by an officer or by the requester writing again)."""
    query = select(func.count(distinct(col(CaseEvent.case_id)))).where(
        CaseEvent.kind == EventKind.REOPENED, col(CaseEvent.at) >= start, col(CaseEvent.at) < end
    )
    if mailbox_id is not None:
        query = query.join(Case, col(Case.id) == CaseEvent.case_id).where(
            Case.mailbox_id == mailbox_id
        )
    return int(session.exec(query).one())


def _open_at(session: Session, end: datetime, mailbox_id: int | None) -> int:
    """Cases received before `end` and not closed at `end`.

    The case's own columns say so for all but the cases closed then and reopened since (their
    closed_at is a later close, or none): those few are decided by their last status event
    before `end`."""
    conds: list[ColumnElement[bool]] = [
        col(Case.received_at) < end,
        or_(col(Case.closed_at).is_(None), col(Case.closed_at) >= end),
    ]
    if mailbox_id is not None:
        conds.append(col(Case.mailbox_id) == mailbox_id)
    open_by_columns = session.exec(select(func.count()).select_from(Case).where(*conds)).one()
    reopened_since = exists().where(
        col(CaseEvent.case_id) == Case.id,
        col(CaseEvent.kind) == EventKind.REOPENED,
        col(CaseEvent.at) >= end,
    )
    doubtful = session.exec(select(Case.id).where(*conds, reopened_since)).all()
    return int(open_by_columns) - _closed_at(session, [i for i in doubtful if i is not None], end)


def _closed_at(session: Session, case_ids: list[int], end: datetime) -> int:
    """How many of `case_ids` were closed at `end`, by their last status event before it."""
    closed = 0
    for chunk in chunked(case_ids):
        rows = session.exec(
            select(CaseEvent.case_id, CaseEvent.new_value)
            .where(
                col(CaseEvent.case_id).in_(chunk),
                CaseEvent.kind == EventKind.STATUS,
                col(CaseEvent.at) < end,
            )
            .order_by(col(CaseEvent.case_id), col(CaseEvent.at), col(CaseEvent.id))
        ).all()
        last = dict(rows)
        closed += sum(1 for status in last.values() if status == CaseStatus.CLOSED)
    return closed


def _corrected_share(
    session: Session, new: list[ColumnElement[bool]], by_type: dict[str, int]
) -> dict[str, Any]:
    """Share of the period's cases whose type an officer corrected (records/corrections.py: the
    same rule as the cases export): the classifier's real accuracy, per (final) type."""
    corrected = was_corrected()
    # Asked per case of the period (a SubPlan using ix_event_case_kind_at), not as EXISTS in
    # WHERE: PostgreSQL turns that into a semi-join and, misjudging how rare corrections are,
    # scans the whole event log (0.4-0.7 s at 6 million events, against 0.1-0.2 s this way).
    flag = func.sum(case((corrected, 1), else_=0))
    rows = session.execute(
        sa_select(col(Case.question_type), flag).where(*new).group_by(col(Case.question_type))
    ).all()
    hits = {(kind or UNCLASSIFIED): int(n or 0) for kind, n in rows}
    total = sum(by_type.values())
    return {
        "overall": _share(sum(hits.values()), total),
        "corrected": sum(hits.values()),
        "by_type": {kind: _share(hits.get(kind, 0), n) for kind, n in by_type.items()},
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
