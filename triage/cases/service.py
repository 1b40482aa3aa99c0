"""The case service: what an officer does to a case, with its rules and its event log.

Every function takes a session and the acting user, changes the case, writes a CaseEvent (and,
for question types, a TypeLabel that teaches the classifier), and never commits.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from triage.cases.acknowledging import was_acknowledged
from triage.cases.standard_replies import log_suggestions
from triage.errors import N_, Conflict, InvalidInput, MissingInput, NotFound
from triage.events import record_event
from triage.models import (
    Case,
    CaseNote,
    CaseStatus,
    CaseView,
    EventKind,
    LabelKind,
    Outcome,
    TypeLabel,
    TypeSource,
    User,
    utcnow,
)
from triage.settings import Settings


def _log(session: Session, case: Case, kind: EventKind, user: User, **details: object) -> None:
    """An event on the case done by this officer."""
    record_event(session, case, kind, actor=user.username, actor_id=user.id, **details)


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(
            f"case {case_id} does not exist", N_("case %(case)s does not exist"), case=case_id
        )
    return case


def _label(session: Session, case: Case, label: str, kind: LabelKind, user: User) -> None:
    assert case.id is not None
    session.add(TypeLabel(case_id=case.id, label=label, kind=kind, user_id=user.id))


def set_question_type(
    session: Session, settings: Settings, case: Case, label: str, user: User
) -> None:
    """An officer sets the type: a correction when it differs from the model's, else a
    confirmation. Either way it becomes a training label. A new type can change the standard
    replies suggested (the type boosts its own); if it does, the new ones are logged."""
    if label not in settings.classifier.question_types:
        known = ", ".join(settings.classifier.question_types)
        raise InvalidInput(f"unknown question type {label!r} (known: {known})")
    kind = LabelKind.CONFIRMATION if label == case.question_type else LabelKind.CORRECTION
    _log(
        session,
        case,
        EventKind.TYPE,
        user,
        field="question_type",
        old=case.question_type,
        new=label,
        data={"kind": str(kind), "model_confidence": case.type_confidence},
    )
    _label(session, case, label, kind, user)
    case.question_type = label
    case.type_source = TypeSource.OFFICER
    case.type_confidence = 1.0
    case.needs_review = False
    if kind == LabelKind.CORRECTION:
        log_suggestions(session, case, actor=user.username, actor_id=user.id)


def confirm_question_type(session: Session, settings: Settings, case: Case, user: User) -> None:
    if case.question_type is None:
        raise Conflict(f"case {case.id} has no question type to confirm; choose one")
    set_question_type(session, settings, case, case.question_type, user)


def close_case(session: Session, case: Case, outcome: str, user: User) -> None:
    """Close with an outcome (required: the period analysis counts them). Closing confirms the
    case's question type as a training label unless an officer set it already."""
    if outcome not in {o.value for o in Outcome}:
        allowed = ", ".join(o.value for o in Outcome)
        raise InvalidInput(f"choose an outcome to close the case ({allowed})")
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"case {case.id} is closed already")
    if outcome == Outcome.ANSWERED_BY_ACKNOWLEDGEMENT and not was_acknowledged(session, case):
        raise InvalidInput(f"case {case.id} got no acknowledgement: choose another outcome")
    now = utcnow()
    _log(
        session,
        case,
        EventKind.OUTCOME,
        user,
        field="outcome",
        old=case.outcome,
        new=outcome,
        at=now,
    )
    _log(
        session,
        case,
        EventKind.STATUS,
        user,
        field="status",
        old=case.status,
        new=CaseStatus.CLOSED,
        at=now,
    )
    if case.question_type and case.type_source != TypeSource.OFFICER and outcome != Outcome.SPAM:
        _label(session, case, case.question_type, LabelKind.CONFIRMATION, user)
    case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, outcome, now


def assign_case(session: Session, case: Case, assignee: User | None, user: User) -> None:
    """Give the case to `assignee` (None: nobody). Taking a new case opens it."""
    if assignee is not None and not assignee.is_active:
        raise InvalidInput(f"{assignee.username} is not an active user")
    old = _assignee(session, case)
    if (old.id if old else None) == (assignee.id if assignee else None):
        return
    _record_assignment(session, case, old, assignee, user)
    case.assignee_id = assignee.id if assignee else None


class CaseHeld(Conflict):
    """A colleague holds the case: taking it is a takeover, which the officer must ask for."""

    def __init__(self, case_id: int | None, holder: User) -> None:
        self.holder = holder.username
        self.holder_name = holder.display_name or holder.username
        super().__init__(
            f"case {case_id} is held by {self.holder_name} ({self.holder}): "
            "claim it with takeover to take it over"
        )


def claim_case(
    session: Session, case: Case, user: User, *, takeover: bool = False, holder: str | None = None
) -> User | None:
    """`user` takes the case: an unassigned one (or their own) as asked; a colleague's only with
    `takeover`, else CaseHeld names the colleague. An officer whose page is stale must not
    take a case from a colleague who took it a moment earlier without either of them knowing.
    `holder` (a login) limits the takeover to the colleague the officer was shown. A takeover
    is logged as one, with both names; the colleague taken over from is returned.

    The assignee changes only if it is still the one read (one UPDATE … WHERE), so that two
    officers pressing Take at the same moment cannot both believe they have the case."""
    for _attempt in range(3):
        current = _assignee(session, case)
        if current is not None and current.id == user.id:
            return None
        if current is not None and (not takeover or holder not in (None, current.username)):
            raise CaseHeld(case.id, current)
        if _assignee_swapped(session, case, current, user):
            _record_assignment(session, case, current, user, user, takeover=current is not None)
            return current
        session.refresh(case)  # someone changed it between our read and our write: look again
    raise Conflict(f"case {case.id} keeps changing hands; try again")


def _assignee(session: Session, case: Case) -> User | None:
    return session.get(User, case.assignee_id) if case.assignee_id else None


def _assignee_swapped(session: Session, case: Case, seen: User | None, new: User) -> bool:
    """Set the assignee to `new` if it is still `seen`, in the database, not just here."""
    session.flush()  # nothing pending on the case is lost should it have to be read again
    still = col(Case.assignee_id).is_(None) if seen is None else col(Case.assignee_id) == seen.id
    done = session.connection().execute(
        update(Case).where(col(Case.id) == case.id, still).values(assignee_id=new.id)
    )
    if done.rowcount != 1:
        return False
    set_committed_value(case, "assignee_id", new.id)
    return True


def _record_assignment(
    session: Session,
    case: Case,
    old: User | None,
    new: User | None,
    user: User,
    *,
    takeover: bool = False,
) -> None:
    """The assignment's event, and a new case opened by being taken."""
    _log(
        session,
        case,
        EventKind.ASSIGNED,
        user,
        field="assignee",
        old=old.username if old else None,
        new=new.username if new else None,
        data={"takeover": True} if takeover else None,
    )
    if new is not None and case.status == CaseStatus.NEW:
        _set_status(session, case, CaseStatus.OPEN, user)


# The statuses an officer may set by hand; closing needs an outcome (close_case).
SETTABLE_STATUSES = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING)


def set_status(session: Session, case: Case, status: str, user: User) -> None:
    """Move an unclosed case between new, open and waiting (closing needs an outcome)."""
    if status not in SETTABLE_STATUSES:
        raise InvalidInput("status must be new, open or waiting; close the case with an outcome")
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"case {case.id} is closed; reopen it first")
    if case.status != status:
        _set_status(session, case, CaseStatus(status), user)


def reopen_case(session: Session, case: Case, user: User) -> None:
    if case.status != CaseStatus.CLOSED:
        raise Conflict(f"case {case.id} is not closed")
    _log(session, case, EventKind.REOPENED, user, old=case.outcome)
    _set_status(session, case, CaseStatus.OPEN, user)
    case.outcome, case.closed_at = None, None


def _set_status(session: Session, case: Case, status: CaseStatus, user: User) -> None:
    _log(
        session,
        case,
        EventKind.STATUS,
        user,
        field="status",
        old=case.status,
        new=status,
    )
    case.status = status


MAX_NOTE_CHARS = 10_000


def add_note(session: Session, case: Case, text: str, user: User) -> CaseNote:
    """An internal note; the event records that a note was written, not its words."""
    text = text.strip()
    if not text:
        raise MissingInput("write something in the note")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(f"a note may have at most {MAX_NOTE_CHARS} characters")
    assert case.id is not None
    note = CaseNote(case_id=case.id, user_id=user.id, author=user.username, text=text)
    session.add(note)
    session.flush()
    _log(session, case, EventKind.NOTE, user, data={"note": note.id})
    return note


def notes_of(session: Session, case: Case) -> list[CaseNote]:
    query = select(CaseNote).where(CaseNote.case_id == case.id).order_by(col(CaseNote.at))
    return list(session.exec(query).all())


def mark_viewed(session: Session, case: Case, user: User) -> bool:
    """Remember that `user` has seen the case as it is now. The first look, and a look at
    something new, are logged (so the analysis sees when a case was first opened), with the
    standard replies the page suggests when they differ from those logged before.

    Called from GET /cases/{id}, so it is idempotent: a look at nothing new writes nothing. The
    page's cookie is SameSite=Lax, so no cross-site image, frame or script request carries it;
    a cross-site link only opens the page in the officer's own browser, where "seen" is true."""
    assert case.id is not None
    assert user.id is not None
    view = session.get(CaseView, (user.id, case.id))
    if view is not None and case.last_message_at <= view.seen_at:
        return False
    now = utcnow()
    if view is None:
        session.add(CaseView(user_id=user.id, case_id=case.id, seen_at=now))
    else:
        view.seen_at = now
    _log(session, case, EventKind.VIEWED, user, at=now)
    log_suggestions(session, case)  # what the officer is shown now, if it changed
    return True
