"""The period analysis's counts: what came in over a period and how it ended, per type,
mailbox and week, the trend against the period before, who is best placed to answer what, and
per officer. Apart from the analysis itself so that the report's assembly reads in one screen;
the counting reuses the monthly statistics' queries.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from triage.learning.topics import REFERRED
from triage.models import Case, CaseEvent, EventKind, Outcome, User
from triage.records.statistics import _counts, _outcomes, _tally
from triage.settings import Settings

BEST_PLACED_SHARE = 0.5  # "mostly referred": at least half of the closed cases
BEST_PLACED_MIN = 3  # and at least this many, so that one referral is no pattern
_ANSWERED = [o.value for o in Outcome if o not in (Outcome.SPAM, Outcome.NO_ANSWER_NEEDED)]


def day_bounds(start: date, end: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) in UTC of days `start`..`end`: from midnight to midnight in the office."""
    tz = ZoneInfo(zone)
    begin = datetime.combine(start, datetime.min.time(), tz)
    finish = datetime.combine(end + timedelta(days=1), datetime.min.time(), tz)
    return begin.astimezone(UTC), finish.astimezone(UTC)


def figures(
    session: Session,
    settings: Settings,
    start: date,
    end: date,
    mailbox: str | None,
    mailbox_id: int | None,
) -> dict[str, Any]:
    """Total, per type, mailbox and ISO week, outcomes and referred share of one period."""
    counts = _counts(session, received_in(settings, start, end, mailbox_id))
    types = [*settings.classifier.question_types]
    types += sorted({t for t, *_ in counts} - set(types))
    outcomes = _outcomes(counts, types)
    return {
        "total": sum(n for *_, n in counts),
        "by_type": _tally(counts, 0, types),
        "by_mailbox": _tally(
            counts, 1, [m.name for m in settings.mailbox if mailbox in (None, m.name)]
        ),
        "by_week": _by_week(session, settings, start, end, mailbox_id),
        "outcomes": outcomes,
        "referred_share": {kind: _referred_share(table) for kind, table in outcomes.items()},
    }


def received_in(settings: Settings, start: date, end: date, mailbox_id: int | None) -> list[Any]:
    begin, finish = day_bounds(start, end, settings.timezone)
    where = [col(Case.received_at) >= begin, col(Case.received_at) < finish]
    if mailbox_id is not None:
        where.append(col(Case.mailbox_id) == mailbox_id)
    return where


def _by_week(
    session: Session, settings: Settings, start: date, end: date, mailbox_id: int | None
) -> dict[str, int]:
    """New cases per ISO week of the office's calendar ("2026-W41"), every week of the period."""
    zone = ZoneInfo(settings.timezone)
    weeks: dict[str, int] = {}
    day = start
    while day <= end:
        weeks.setdefault(_week(day), 0)
        day += timedelta(days=1)
    received = session.exec(
        select(Case.received_at).where(*received_in(settings, start, end, mailbox_id))
    ).all()
    for moment in received:
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        weeks[_week(local.date())] = weeks.get(_week(local.date()), 0) + 1
    return weeks


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _referred_share(table: dict[str, int]) -> float | None:
    """Share of the type's answered cases (closed, not spam or "no answer needed") referred
    elsewhere: to Infocenter, Migrationsverket or a department."""
    answered = sum(table.get(o, 0) for o in _ANSWERED)
    referred = sum(table.get(o, 0) for o in REFERRED)
    return round(referred / answered, 4) if answered else None


def trend(count: int, previous: int) -> dict[str, Any]:
    return {
        "count": count,
        "previous": previous,
        "change": count - previous,
        "percent": round(100 * (count - previous) / previous, 1) if previous else None,
    }


def best_placed(
    outcomes: dict[str, dict[str, int]], clusters: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Types and question clusters mostly referred elsewhere: candidates for sending there
    directly (a pointer on the web, an auto-reply) or for a FAQ entry."""
    found = []
    for kind, table in outcomes.items():
        answered = sum(table.get(o, 0) for o in _ANSWERED)
        referred = {o: table.get(o, 0) for o in REFERRED}
        total = sum(referred.values())
        if answered and total >= BEST_PLACED_MIN and total / answered >= BEST_PLACED_SHARE:
            destination = max(referred, key=lambda o: referred[o])
            found.append(
                {
                    "kind": "type",
                    "label": kind,
                    "destination": destination,
                    "count": referred[destination],
                    "referred": total,
                    "share": round(total / answered, 4),
                }
            )
    for cluster in clusters:
        if cluster["size"] >= BEST_PLACED_MIN:
            found.append(
                {
                    "kind": "cluster",
                    **cluster,
                    "referred": round(cluster["share"] * cluster["size"]),
                }
            )
    return sorted(found, key=lambda f: (-f["share"], -f["count"], f["label"]))


def per_officer_allowed(settings: Settings, asked: bool | None) -> bool:
    reports = getattr(settings, "reports", None)
    configured = getattr(reports, "per_officer", True)
    return bool(configured) and (asked is None or asked)


def officer_figures(
    session: Session, settings: Settings, start: date, end: date, mailbox_id: int | None
) -> list[dict[str, Any]]:
    """Per officer: the period's cases they hold, or closed without taking them (a spam mail,
    a question needing no answer), how many are closed, and how they ended."""
    closer = (
        select(CaseEvent.actor_id)
        .where(CaseEvent.case_id == Case.id, CaseEvent.kind == EventKind.OUTCOME)
        .order_by(col(CaseEvent.at).desc(), col(CaseEvent.id).desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = session.exec(
        select(User.username, User.display_name, Case.status, Case.outcome)
        .join(User, col(User.id) == func.coalesce(Case.assignee_id, closer))
        .where(*received_in(settings, start, end, mailbox_id))
    ).all()
    people: dict[str, dict[str, Any]] = {}
    for username, display, status, outcome in rows:
        entry = people.setdefault(
            username,
            {
                "officer": username,
                "name": display,
                "handled": 0,
                "closed": 0,
                "outcomes": Counter(),
            },
        )
        entry["handled"] += 1
        if status == "closed":
            entry["closed"] += 1
            entry["outcomes"][outcome or "none"] += 1
    return [
        {**p, "outcomes": dict(p["outcomes"].most_common())}
        for p in sorted(people.values(), key=lambda p: (-p["handled"], p["officer"]))
    ]
