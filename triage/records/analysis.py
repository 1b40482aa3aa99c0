"""The audit's period analysis: what came in over a period, how it was answered, who is best
placed to answer it, and which recurring questions deserve a standard reply or a FAQ entry.

A period is a span of whole days in the office's time zone, both ends included; its figures are
about the cases received in it, compared with the period of the same length just before. The
counting reuses the monthly statistics' queries; the candidates come from clustering the
questions' text (triage.learning.topics); the standard replies' signals from the event log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from triage.cases.standard_replies import matcher
from triage.errors import InvalidInput
from triage.learning.questions import first_questions
from triage.learning.topics import REFERRED, WEAK_MATCH, Question, find_candidates
from triage.models import Case, Outcome, User
from triage.records.reply_signals import reply_signals
from triage.records.retention import REMOVED
from triage.records.statistics import UNCLASSIFIED, _counts, _outcomes, _tally, mailbox_id_for
from triage.settings import Settings

BEST_PLACED_SHARE = 0.5  # "mostly referred": at least half of the closed cases
BEST_PLACED_MIN = 3  # and at least this many, so that one referral is no pattern
_ANSWERED = [o.value for o in Outcome if o not in (Outcome.SPAM, Outcome.NO_ANSWER_NEEDED)]


def parse_day(value: str, name: str) -> date:
    """The date `value` names (YYYY-MM-DD), or InvalidInput saying which option is wrong."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


def check_period(start: date, end: date, today: date) -> None:
    """A period must run forwards and be over (or end today): no figures for days to come."""
    if end < start:
        raise InvalidInput(f"--from {start} is after --to {end}")
    if end > today:
        raise InvalidInput(f"the period ends {end}, in the future (today is {today})")


def day_bounds(start: date, end: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) in UTC of days `start`..`end`: from midnight to midnight in the office."""
    tz = ZoneInfo(zone)
    begin = datetime.combine(start, datetime.min.time(), tz)
    finish = datetime.combine(end + timedelta(days=1), datetime.min.time(), tz)
    return begin.astimezone(UTC), finish.astimezone(UTC)


def analyse_period(
    session: Session,
    settings: Settings,
    start: date,
    end: date,
    mailbox: str | None = None,
    per_officer: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The period analysis as JSON-able data (see shared/DESIGN.md for its contract).

    Per-officer figures appear only when both the caller (a manager's view: True, the default)
    and `[reports] per_officer` allow them."""
    say = progress or (lambda _: None)
    if end < start:
        raise InvalidInput(f"--from {start} is after --to {end}")
    mailbox_id = mailbox_id_for(session, settings, mailbox)
    length = (end - start).days + 1
    before = (start - timedelta(days=length), start - timedelta(days=1))
    say("counting cases")
    now = _figures(session, settings, start, end, mailbox, mailbox_id)
    previous = _figures(session, settings, *before, mailbox, mailbox_id)
    say("reading the questions")
    questions = _questions(session, settings, start, end, mailbox_id)
    earlier = _questions(session, settings, *before, mailbox_id)
    replies = matcher(session)
    topics = find_candidates(questions, earlier, replies if replies.ids else None, say)
    allowed = _per_officer_allowed(settings, per_officer)
    say("reading the event log")
    report: dict[str, Any] = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "days": length,
        "mailbox": mailbox,
        "timezone": settings.timezone,
        **now,
        "previous_period": {
            "from": before[0].isoformat(),
            "to": before[1].isoformat(),
            **previous,
            "trend": {
                k: _trend(n, previous["by_type"].get(k, 0)) for k, n in now["by_type"].items()
            },
        },
        "best_placed": _best_placed(now["outcomes"], topics["referred_clusters"]),
        "candidates": topics["candidates"],
        "weak_match_threshold": WEAK_MATCH,
        "questions": {
            "read": sum(1 for q in questions if q.body or q.subject),
            "anonymised": sum(1 for q in questions if not (q.body or q.subject)),
            "clustered": topics["clustered"],
            "weak_matches": topics["weak_matches"],
        },
        "replies": reply_signals(session, *day_bounds(start, end, settings.timezone), mailbox_id),
        "per_officer": _per_officer(session, settings, start, end, mailbox_id) if allowed else None,
    }
    report["notes"] = _notes(report)
    return report


def _figures(
    session: Session,
    settings: Settings,
    start: date,
    end: date,
    mailbox: str | None,
    mailbox_id: int | None,
) -> dict[str, Any]:
    """Total, per type, mailbox and ISO week, outcomes and referred share of one period."""
    counts = _counts(session, _received(settings, start, end, mailbox_id))
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


def _received(settings: Settings, start: date, end: date, mailbox_id: int | None) -> list[Any]:
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
        select(Case.received_at).where(*_received(settings, start, end, mailbox_id))
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


def _trend(count: int, previous: int) -> dict[str, Any]:
    return {
        "count": count,
        "previous": previous,
        "change": count - previous,
        "percent": round(100 * (count - previous) / previous, 1) if previous else None,
    }


def _best_placed(
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


def _questions(
    session: Session, settings: Settings, start: date, end: date, mailbox_id: int | None
) -> list[Question]:
    """Each case's first question with what the candidates need (type, outcome, name to mask)."""
    columns = (
        col(Case.id), col(Case.question_type), col(Case.outcome), col(Case.requester_name),
        col(Case.subject),
    )  # fmt: skip
    rows = session.execute(
        sa_select(*columns).where(*_received(settings, start, end, mailbox_id))
    ).all()
    texts = first_questions(session, [r[0] for r in rows if r[0] is not None])
    found = []
    for case_id, kind, outcome, name, subject in rows:
        assert case_id is not None
        if subject == REMOVED:  # anonymised by retention: nothing left to read
            found.append(Question(case_id, "", "", kind or UNCLASSIFIED, outcome))
            continue
        q_subject, body = texts.get(case_id, (subject, ""))
        found.append(
            Question(case_id, q_subject, body, kind or UNCLASSIFIED, outcome, _names(name))
        )
    return found


def _names(name: str) -> tuple[str, ...]:
    return tuple(part for part in name.split() if len(part) > 1)


def _per_officer_allowed(settings: Settings, asked: bool | None) -> bool:
    reports = getattr(settings, "reports", None)
    configured = getattr(reports, "per_officer", True)
    return bool(configured) and (asked is None or asked)


def _per_officer(
    session: Session, settings: Settings, start: date, end: date, mailbox_id: int | None
) -> list[dict[str, Any]]:
    """Per assignee: the period's cases they hold, how many are closed, and how they ended."""
    rows = session.exec(
        select(User.username, User.display_name, Case.status, Case.outcome)
        .join(User, col(User.id) == Case.assignee_id)
        .where(*_received(settings, start, end, mailbox_id))
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


def _notes(report: dict[str, Any]) -> list[str]:
    """Plain sentences for what the numbers alone would leave a reader to puzzle over."""
    notes = []
    questions = report["questions"]
    if report["total"] == 0:
        notes.append("No cases came in during this period.")
    elif report["total"] == 1:
        notes.append("Only one case came in during this period: shares and trends say little.")
    if report["total"] and questions["read"] == 0:
        notes.append(
            "All of this period's questions were anonymised after the retention period: the "
            "figures stand, but there is no text left to find FAQ candidates in."
        )
    elif questions["anonymised"]:
        notes.append(
            f"{questions['anonymised']} of the period's questions were anonymised after the "
            "retention period; FAQ candidates come from the others."
        )
    if report["total"] and questions["read"] and not report["candidates"]:
        notes.append(
            "No recurring question was found among those answered personally, still open or "
            "without a good standard reply."
        )
    if report["previous_period"]["total"] == 0 and report["total"]:
        notes.append("No cases came in during the previous period: no trend in percent.")
    if report["per_officer"] is None:
        notes.append("Figures per officer are not shown.")
    return notes
