"""A case's history as an officer reads it: who (a colleague's name, not a login or a process),
what (the reply's title, the checklist step's text, the sent mail's subject) — values the web
layer puts into words. "Closed" and its outcome, logged as two events, read as one line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from routines import RoutineLibrary
from triage.cases.suggestions import matcher
from triage.models import Case, CaseEvent, EventKind, Message, User

HISTORY_LIMIT = 200
# Actors that are processes, not people: the template names them in the user's language.
SYSTEM_ACTORS = ("system", "classifier", "ingest")


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    kind: str
    actor: str  # a colleague's display name, or one of SYSTEM_ACTORS
    actor_is_person: bool
    old: str | None = None
    new: str | None = None
    detail: str = ""  # a reply's title, a step's text, a mail's subject, a follow-up's note
    data: dict[str, Any] | None = None


def history_of(
    session: Session, case: Case, library: RoutineLibrary, limit: int = HISTORY_LIMIT
) -> list[HistoryLine]:
    """The newest `limit` events of the case, newest first, ready to be put into words."""
    events = list(
        session.exec(
            select(CaseEvent)
            .where(CaseEvent.case_id == case.id)
            .order_by(col(CaseEvent.at).desc(), col(CaseEvent.id).desc())
            .limit(limit)
        ).all()
    )
    names = _names(session, {e.actor_id for e in events if e.actor_id is not None})
    people = _display_names(session, events)
    subjects = _subjects(session, {e.message_id for e in events if e.message_id is not None})
    closing = {e.at for e in events if e.kind == EventKind.OUTCOME}
    acknowledgements = {e.message_id for e in events if e.kind == EventKind.ACK_SENT}
    lines = []
    for e in events:
        if e.kind == EventKind.STATUS and e.new_value == "closed" and e.at in closing:
            continue  # the outcome line says "closed with outcome …"
        if e.kind == EventKind.AUTO_REPLY and e.message_id in acknowledgements:
            continue  # our own acknowledgement, filed: its "sent" line says so
        person = e.actor_id is not None or e.actor not in SYSTEM_ACTORS
        actor = names.get(e.actor_id or 0, e.actor) if person else e.actor
        detail = _detail(session, library, e, subjects)
        old, new = e.old_value, e.new_value
        if e.kind == EventKind.ASSIGNED:  # logged as user names: shown as people's names
            old, new = people.get(old or "", old), people.get(new or "", new)
        lines.append(HistoryLine(e.at, e.kind, actor, person, old, new, detail, e.data))
    return lines


def _detail(
    session: Session, library: RoutineLibrary, e: CaseEvent, subjects: dict[int, str]
) -> str:
    if e.message_id is not None:
        return subjects.get(e.message_id, "")
    if e.kind == EventKind.REPLY_USED and e.new_value:
        language = str((e.data or {}).get("language") or "sv")
        return _reply_title(session, e.new_value, language)
    if e.kind == EventKind.REPLY_SUGGESTED:
        found = (e.data or {}).get("suggestions") or []
        titles = [_reply_title(session, s.get("id", ""), s.get("language", "sv")) for s in found]
        return ", ".join(t for t in titles if t)
    if e.kind == EventKind.CHECKLIST and e.field:
        return _step_text(library, e.field)
    if e.kind == "follow_up":
        return str((e.data or {}).get("note") or "")
    return ""


def _reply_title(session: Session, reply_id: str, language: str) -> str:
    replies = matcher(session).library
    reply = replies.in_language(reply_id, language) or replies.in_language(reply_id, "sv")
    return reply.title if reply else reply_id


def _step_text(library: RoutineLibrary, field: str) -> str:
    """ "routine-id#3" as "Routine title, step 3: its text"."""
    routine_id, _, step_text = field.partition("#")
    routine = library.get(routine_id, "sv") or library.get(routine_id, "en")
    if routine is None or not step_text.isdigit():
        return field
    step = int(step_text)
    if not 1 <= step <= len(routine.steps):
        return f"{routine.title} #{step}"
    return f"{routine.title}, {step}: {routine.steps[step - 1].text}"


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    users = session.exec(select(User).where(col(User.id).in_(ids))).all()
    return {u.id or 0: u.display_name or u.username for u in users}


def _display_names(session: Session, events: list[CaseEvent]) -> dict[str, str]:
    logins = {v for e in events if e.kind == EventKind.ASSIGNED for v in (e.old_value, e.new_value)}
    logins.discard(None)
    if not logins:
        return {}
    users = session.exec(select(User).where(col(User.username).in_(logins))).all()
    return {u.username: u.display_name or u.username for u in users}


def _subjects(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Message.id, Message.subject).where(col(Message.id).in_(ids)))
    return {message_id or 0: subject for message_id, subject in rows}
