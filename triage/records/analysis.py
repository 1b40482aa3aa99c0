"""The audit's period analysis: what came in over a period, how it was answered, who is best
placed to answer it, and which recurring questions deserve a standard reply or a FAQ entry.

A period is a span of whole days in the office's time zone, both ends included; its figures are
about the cases received in it, compared with the period of the same length just before. The
counts are in period_figures, the candidates come from clustering the questions' text
(triage.learning.topics), the standard replies' signals from the event log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from routines import Routine, load_routines, search
from triage.cases.routine_store import routine_library
from triage.cases.standard_replies import matcher
from triage.errors import N_, InvalidInput
from triage.learning.questions import first_questions
from triage.learning.topics import WEAK_MATCH, Question, find_candidates
from triage.models import Case
from triage.records.months import FIRST_YEAR
from triage.records.period_figures import (
    best_placed,
    day_bounds,
    figures,
    officer_figures,
    per_officer_allowed,
    received_in,
    trend,
)
from triage.records.reply_signals import reply_signals
from triage.records.retention import REMOVED
from triage.records.statistics import UNCLASSIFIED, mailbox_id_for
from triage.settings import Settings

__all__ = ["analyse_period", "check_period", "day_bounds", "parse_day"]


def parse_day(value: str, name: str) -> date:
    """The date `value` names (YYYY-MM-DD), or InvalidInput saying which option is wrong."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"{name}: expected a date as YYYY-MM-DD, got {value!r}",
            N_("%(name)s: expected a date as YYYY-MM-DD, got '%(value)s'"),
            name=name,
            value=value,
        ) from None


def check_period(start: date, end: date, today: date) -> None:
    """A period must run forwards, be over (or end today), and begin after mail began: no
    figures for days to come, nor for a year typed short ("0026")."""
    if end < start:
        raise _backwards(start, end)
    if start < date(FIRST_YEAR, 1, 1):
        raise InvalidInput(
            f"the period starts {start}, before {FIRST_YEAR}-01-01: no mail is that old",
            N_("the period starts %(start)s, before %(first)s: no mail is that old"),
            start=str(start),
            first=f"{FIRST_YEAR}-01-01",
        )
    if end > today:
        raise InvalidInput(
            f"the period ends {end}, in the future (today is {today})",
            N_("the period ends %(end)s, in the future (today is %(today)s)"),
            end=str(end),
            today=str(today),
        )


def _backwards(start: date, end: date) -> InvalidInput:
    return InvalidInput(
        f"--from {start} is after --to {end}",
        N_("the period starts %(start)s, after its end %(end)s"),
        start=str(start),
        end=str(end),
    )


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
        raise _backwards(start, end)
    mailbox_id = mailbox_id_for(session, settings, mailbox)
    length = (end - start).days + 1
    before = (start - timedelta(days=length), start - timedelta(days=1))
    say("counting cases")
    now = figures(session, settings, start, end, mailbox, mailbox_id)
    previous = figures(session, settings, *before, mailbox, mailbox_id)
    say("reading the questions")
    questions = _questions(session, settings, start, end, mailbox_id)
    earlier = _questions(session, settings, *before, mailbox_id)
    replies = matcher(session)
    topics = find_candidates(questions, earlier, replies if replies.ids else None, say)
    _add_routines(session, topics["candidates"])
    allowed = per_officer_allowed(settings, per_officer)
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
                k: trend(n, previous["by_type"].get(k, 0)) for k, n in now["by_type"].items()
            },
        },
        "best_placed": best_placed(now["outcomes"], topics["referred_clusters"]),
        "candidates": topics["candidates"],
        "weak_match_threshold": WEAK_MATCH,
        "questions": {
            "read": sum(1 for q in questions if q.body or q.subject),
            "anonymised": sum(1 for q in questions if not (q.body or q.subject)),
            "clustered": topics["clustered"],
            "weak_matches": topics["weak_matches"],
        },
        "replies": reply_signals(session, *day_bounds(start, end, settings.timezone), mailbox_id),
        "per_officer": (
            officer_figures(session, settings, start, end, mailbox_id) if allowed else None
        ),
    }
    report["notes"] = _notes(report)
    return report


# The routine search's score from which a cluster's terms are a routine's topic. Set by hand:
# keys and late arrival score 0.59, transcripts from an exchange 0.39, while parking and bike
# storage, which no shipped routine is about, reach 0.17 at most.
ROUTINE_COVERS = 0.25


def _add_routines(session: Session, candidates: list[dict[str, Any]]) -> None:
    """Each candidate's closest routine, or None: a recurring task nobody has written down yet
    (the routine search answers nothing for words no routine is about)."""
    # The office's approved routines; before its first start seeded them, the shipped ones.
    library = routine_library(session)
    if not library.routines:
        library = load_routines()
    for candidate in candidates:
        query = " ".join(candidate.get("top_terms", [])[:8])
        hits = search(library, query, limit=1) if library.routines and query else []
        found = hits[0][0] if hits and hits[0][1] >= ROUTINE_COVERS else None
        if found is not None and not _about_most(found, candidate.get("top_terms", [])[:4]):
            found = None
        candidate["routine"] = (
            {"id": found.id, "language": found.language, "title": found.title} if found else None
        )


def _about_most(routine: Routine, terms: list[str]) -> bool:
    """Whether the routine's text names most of the cluster's leading terms (one shared word,
    "permit" say, is a routine's topic for a search but not for a parking permit's cluster)."""
    text = " ".join(
        [routine.title, routine.purpose, routine.body, *(step.text for step in routine.steps)]
    ).lower()
    named = sum(1 for term in terms if term.lower()[:5] in text)
    return named * 2 >= len(terms)


def _questions(
    session: Session, settings: Settings, start: date, end: date, mailbox_id: int | None
) -> list[Question]:
    """Each case's first question with what the candidates need (type, outcome, name to mask)."""
    columns = (
        col(Case.id), col(Case.question_type), col(Case.outcome), col(Case.requester_name),
        col(Case.subject),
    )  # fmt: skip
    rows = session.execute(
        sa_select(*columns).where(*received_in(settings, start, end, mailbox_id))
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
