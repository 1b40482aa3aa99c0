"""Follow-up dates ("bevakning"): an officer parks a case until a date, with a short note on
what to check. The queue leaves it out until that day and shows it again, marked, from then on;
the history says who set which date."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from triage.errors import Conflict, InvalidInput, MissingInput
from triage.events import record_event
from triage.models import Case, CaseStatus, EventKind, User

MAX_NOTE_CHARS = 500
MAX_DAYS_AHEAD = 3 * 366  # a typo like 2062 is a mistake, not a plan


def parse_follow_up_date(text: str) -> date:
    """The date from the form's date field (ISO, as browsers send it)."""
    text = text.strip()
    if not text:
        raise MissingInput("choose the date the case should come back")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"not a date: {text[:20]!r} (write it as YYYY-MM-DD)") from None


def set_follow_up(
    session: Session, case: Case, on: date, note: str, user: User, today: date
) -> None:
    """Park `case` until `on` (today or later) with `note`; a later call moves the date."""
    note = " ".join(note.split())
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"case {case.id} is closed; reopen it to set a follow-up")
    if on < today:
        raise InvalidInput("a follow-up date cannot be in the past")
    if on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput("a follow-up date can be at most three years ahead")
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(f"a follow-up note may have at most {MAX_NOTE_CHARS} characters")
    old = case.follow_up_on
    _log(session, case, user, old, on, note)
    case.follow_up_on, case.follow_up_note = on, note
    session.add(case)


def clear_follow_up(session: Session, case: Case, user: User) -> None:
    """The follow-up is done (or no longer needed): the case stays where it is in the queue."""
    if case.follow_up_on is None:
        return
    _log(session, case, user, case.follow_up_on, None, "")
    case.follow_up_on, case.follow_up_note = None, ""
    session.add(case)


def is_due(case: Case, today: date) -> bool:
    """The case's follow-up day has come (it is back in the queue, marked)."""
    return case.follow_up_on is not None and case.follow_up_on <= today


def _log(
    session: Session, case: Case, user: User, old: date | None, new: date | None, note: str
) -> None:
    assert case.id is not None
    record_event(
        session,
        case,
        EventKind.FOLLOW_UP,
        actor=user.username,
        actor_id=user.id,
        field="follow_up_on",
        old=old.isoformat() if old else None,
        new=new.isoformat() if new else None,
        data={"note": note} if note else None,
    )
