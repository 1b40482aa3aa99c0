"""The triage queue: cases filtered the way officers ask for them, a page at a time.

Pages are cut by keyset (received_at, id) rather than OFFSET, so page 500 costs what page 1
costs; the counts per question type at the top honour every filter except the type itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, false, func, literal, literal_column, or_, tuple_
from sqlmodel import Session, col, select

from triage.cases.search import case_has_match, case_number
from triage.errors import InvalidInput
from triage.ids import parse_row_id
from triage.models import (
    Absence,
    ActiveCaseMailbox,
    Case,
    CaseMailbox,
    CaseStatus,
    CaseView,
    Mailbox,
    User,
    utcnow,
)
from triage.people.users import shown_name

ACTIVE = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING)
STATUS_CHOICES = ("active", "new", "open", "waiting", "closed", "all")
ASSIGNEE_CHOICES = ("anyone", "me", "unassigned", "covering")
# "": the queue as officers work it (a case with a follow-up date leaves it until that day);
# "set": every case with a follow-up date, whatever the date; "due": those whose day has come.
FOLLOW_UP_CHOICES = ("", "set", "due")
PAGE_SIZE = 50
NO_NUL = r"^[^\x00]*$"  # what a filter may be: PostgreSQL's text cannot hold a NUL
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class QueueFilter:
    """What the officer asked for; every field has the queue's default."""

    status: str = "active"
    mailbox: str | None = None
    question_type: str | None = None
    assignee: str = "anyone"  # anyone | me | unassigned | covering | a user name
    language: str | None = None
    needs_review: bool | None = None
    older_than_days: int | None = None
    search: str = ""
    order: Literal["oldest", "newest"] = "oldest"
    follow_up: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUS_CHOICES:
            raise InvalidInput(f"status must be one of {', '.join(STATUS_CHOICES)}")
        if self.follow_up not in FOLLOW_UP_CHOICES:
            raise InvalidInput("follow_up must be set, due or empty")
        if self.older_than_days is not None and not 0 <= self.older_than_days <= 3650:
            raise InvalidInput("age must be between 0 and 3650 days")


@dataclass(frozen=True)
class QueueRow:
    id: int
    subject: str
    requester_email: str
    requester_name: str
    status: str
    question_type: str | None
    confidence: float | None
    needs_review: bool
    language: str | None
    received_at: datetime
    last_message_at: datetime
    message_count: int
    assignee: str | None  # their login name
    is_new: bool
    follow_up_on: date | None = None
    follow_up_due: bool = False  # back in the queue today: its follow-up day has come
    assignee_name: str | None = None  # their name as the office sees it
    type_source: str = ""  # "officer": the type is an officer's, no model's confidence to show


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str | None
    counts: dict[str, int]  # per question type ("" for unclassified), under the other filters
    total: int


def queue_page(
    session: Session,
    user: User,
    filters: QueueFilter,
    *,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
    today: date | None = None,
) -> QueuePage:
    """One page of the queue for `user`, plus the counts per question type."""
    conditions = _conditions(session, user, filters, today or utcnow().date())
    typed = [*conditions, _type_condition(filters.question_type)]
    if cursor:
        typed.append(_after(cursor, filters.order))
    newest = filters.order == "newest"
    order = (
        (col(Case.received_at).desc(), col(Case.id).desc())
        if newest
        else (col(Case.received_at), col(Case.id))
    )
    # Pick the page's ids from the index first; only those rows are joined and loaded.
    ids = select(col(Case.id)).where(*typed).order_by(*order).limit(limit + 1)
    query = (
        select(Case, User.username, shown_name(), CaseView.seen_at)
        .join(User, col(User.id) == col(Case.assignee_id), isouter=True)
        .join(
            CaseView,
            and_(col(CaseView.case_id) == col(Case.id), col(CaseView.user_id) == user.id),
            isouter=True,
        )
        .where(col(Case.id).in_(ids))
    )
    found = session.exec(query.order_by(*order)).all()
    day = today or utcnow().date()
    rows = [_row(case, login, name, seen, day) for case, login, name, seen in found[:limit]]
    next_cursor = _cursor(found[limit - 1][0]) if len(found) > limit else None
    counts = type_counts(session, conditions)
    total = counts_total(counts, filters.question_type)
    return QueuePage(rows, next_cursor, counts, total)


def type_counts(session: Session, conditions: list[ColumnElement[bool]]) -> dict[str, int]:
    query = select(Case.question_type, func.count()).where(*conditions)
    found = session.exec(query.group_by(col(Case.question_type))).all()
    return {label or "": count for label, count in found}


def counts_total(counts: dict[str, int], question_type: str | None) -> int:
    if question_type is None:
        return sum(counts.values())
    return counts.get("" if question_type == "none" else question_type, 0)


def _type_condition(question_type: str | None) -> ColumnElement[bool]:
    if question_type is None:
        return col(Case.id).is_not(None)
    if question_type == "none":
        return col(Case.question_type).is_(None)
    return col(Case.question_type) == question_type


def _conditions(
    session: Session, user: User, f: QueueFilter, today: date
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [_status_condition(f.status)]
    follow_up = _follow_up_condition(f, today)
    if follow_up is not None:
        where.append(follow_up)
    # Only active cases in view: the tables of the active cases' share (migration 0014).
    active_only = f.status in ("active", *ACTIVE)
    if f.mailbox:
        mailbox_id = session.exec(select(Mailbox.id).where(Mailbox.name == f.mailbox)).first()
        if mailbox_id is None:
            where.append(false())
        elif active_only:
            active = select(col(ActiveCaseMailbox.case_id))
            where.append(col(Case.id).in_(active.where(ActiveCaseMailbox.mailbox_id == mailbox_id)))
        else:
            linked = select(col(CaseMailbox.case_id)).where(
                col(CaseMailbox.case_id) == col(Case.id), CaseMailbox.mailbox_id == mailbox_id
            )
            where.append(linked.exists())
    where.append(_assignee_condition(session, user, f.assignee, today))
    if f.language:
        where.append(col(Case.language) == f.language)
    if f.needs_review is not None:
        where.append(col(Case.needs_review) == f.needs_review)
    if f.older_than_days is not None:
        cutoff = datetime.combine(today, datetime.min.time(), UTC) - timedelta(f.older_than_days)
        where.append(col(Case.received_at) < cutoff)
    found = case_has_match(session.get_bind().dialect.name, f.search, active_only=active_only)
    if found is not None:
        where.append(found)
    number = case_number(f.search)
    if number is not None:  # "141", "#141", "[#141]": that case, whatever the filters say
        return [or_(col(Case.id) == number, and_(*where))]
    return where


def _status_condition(status: str) -> ColumnElement[bool]:
    if status == "active":
        # Literal values, as the partial index on active cases says it (migration 0013): a
        # bound parameter would hide from the planner that the index covers the query.
        return col(Case.status).in_([literal_column(f"'{s}'") for s in ACTIVE])
    if status == "all":
        return col(Case.id).is_not(None)
    return col(Case.status) == status


def _follow_up_condition(f: QueueFilter, today: date) -> ColumnElement[bool] | None:
    """A case with a follow-up date leaves the unclosed queue until that day."""
    follow_up_on = col(Case.follow_up_on)
    if f.follow_up == "set":
        return follow_up_on.is_not(None)
    if f.follow_up == "due":
        return follow_up_on <= today
    if f.status in ("closed", "all"):
        return None
    return or_(follow_up_on.is_(None), follow_up_on <= today)


def _assignee_condition(
    session: Session, user: User, assignee: str, today: date
) -> ColumnElement[bool]:
    if assignee == "anyone":
        return col(Case.id).is_not(None)
    if assignee == "me":
        return col(Case.assignee_id) == user.id
    if assignee == "unassigned":
        return col(Case.assignee_id).is_(None)
    if assignee == "covering":
        away = [a for a in absent_user_ids(session, today) if a != user.id]
        return col(Case.assignee_id).in_(away)
    other = session.exec(select(User.id).where(User.username == assignee)).first()
    if other is None:
        raise InvalidInput(f"no user named {assignee!r}")
    return col(Case.assignee_id) == other


def absent_user_ids(session: Session, today: date) -> list[int]:
    """Users with an absence that covers `today`."""
    query = select(Absence.user_id).where(Absence.starts_on <= today, Absence.ends_on >= today)
    return sorted(set(session.exec(query).all()))


def _row(
    case: Case, assignee: str | None, name: str | None, seen_at: datetime | None, today: date
) -> QueueRow:
    assert case.id is not None
    return QueueRow(
        id=case.id,
        subject=case.subject,
        requester_email=case.requester_email,
        requester_name=case.requester_name,
        status=case.status,
        question_type=case.question_type,
        confidence=case.type_confidence,
        needs_review=case.needs_review,
        language=case.language,
        received_at=case.received_at,
        last_message_at=case.last_message_at,
        message_count=case.message_count,
        assignee=assignee,
        is_new=seen_at is None or case.last_message_at > seen_at,
        follow_up_on=case.follow_up_on,
        follow_up_due=case.follow_up_on is not None and case.follow_up_on <= today,
        assignee_name=name,
        type_source=case.type_source,
    )


def _cursor(case: Case) -> str:
    micros = (case.received_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{case.id}"


def _after(cursor: str, order: str) -> ColumnElement[bool]:
    """Cases after the cursor's (received_at, id) in the page order. The cursor comes from the
    address bar: anything but one this module made is refused before it reaches the database
    (an id past the integer column's range would be a database error, not a page)."""
    micros_text, _, id_text = cursor.partition(".")
    case_id = parse_row_id(id_text)
    try:
        if case_id is None or len(micros_text) > 20:
            raise ValueError(cursor)
        at = _EPOCH + timedelta(microseconds=int(micros_text))
    except (ValueError, OverflowError, OSError):
        raise InvalidInput(f"not a page cursor: {cursor[:40]!r}") from None
    # A row value: both databases read it as a bound of an index on (received_at, id).
    received_type = Case.__table__.c.received_at.type  # type: ignore[attr-defined]
    key = tuple_(col(Case.received_at), col(Case.id))
    cursor_key = tuple_(literal(at, received_type), case_id)
    return key < cursor_key if order == "newest" else key > cursor_key


def filter_from(params: dict[str, Any]) -> QueueFilter:
    """A filter from loosely typed values (a query string, a JSON body); bad values raise
    InvalidInput naming the field."""
    values: dict[str, Any] = {}
    keys = ("status", "mailbox", "question_type", "assignee", "language", "search", "order")
    for key in (*keys, "follow_up"):
        value = params.get(key)
        if value not in (None, ""):
            values[key] = str(value)
            if "\x00" in values[key]:
                raise InvalidInput(f"{key} must not contain a NUL character")
    review = params.get("needs_review")
    if review not in (None, ""):
        values["needs_review"] = str(review).lower() in ("1", "true", "yes", "on")
    age = params.get("older_than_days")
    if age not in (None, ""):
        try:
            values["older_than_days"] = int(str(age))
        except ValueError:
            raise InvalidInput(f"older_than_days must be a number of days, not {age!r}") from None
    if values.get("order", "oldest") not in ("oldest", "newest"):
        raise InvalidInput("order must be oldest or newest")
    return replace(QueueFilter(), **values)
