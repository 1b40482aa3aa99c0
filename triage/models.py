"""The database tables: mailboxes, messages, cases and the case event log.

Every change to a case writes a CaseEvent (who, when, what, old -> new); monthly statistics and
the period analysis are computed from cases plus that log, so its rows are never updated.
Large content (raw mail, attachments) lives in Blob rows keyed by SHA-256, outside the rows that
queues and statistics read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class CaseStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    WAITING = "waiting"
    CLOSED = "closed"


# An active case is in the queue: the SQL of the partial indexes on active cases (migration
# 0013). A query uses them only when it says the same, with these literal values.
ACTIVE_SQL = "status IN ('new', 'open', 'waiting')"
_QUEUE_COLUMNS = ("received_at", "id", "question_type", "needs_review", "follow_up_on")


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class TypeSource(StrEnum):
    NONE = "none"
    MODEL = "model"
    OFFICER = "officer"


class Outcome(StrEnum):
    STANDARD_REPLY = "standard_reply"
    PERSONAL_REPLY = "personal_reply"
    REFERRED_INFOCENTER = "referred_infocenter"
    REFERRED_MIGRATIONSVERKET = "referred_migrationsverket"
    REFERRED_DEPARTMENT = "referred_department"
    FORWARDED = "forwarded"
    NO_ANSWER_NEEDED = "no_answer_needed"
    SPAM = "spam"
    # The FAQ answers in the automatic acknowledgement were enough (triage/cases/acknowledging.py)
    ANSWERED_BY_ACKNOWLEDGEMENT = "answered_by_acknowledgement"


class EventKind(StrEnum):
    """What a CaseEvent records; `field`, `old_value` and `new_value` carry the change."""

    CREATED = "created"
    MESSAGE_IN = "message_in"  # a question or follow-up from the requester
    MESSAGE_OUT = "message_out"  # a reply from the office
    AUTO_REPLY = "auto_reply"  # an auto-reply or bounce; never counts as a question
    STATUS = "status"
    REOPENED = "reopened"
    TYPE = "type"  # question type set by the model or an officer
    ASSIGNED = "assigned"
    OUTCOME = "outcome"
    MAILBOX_ADDED = "mailbox_added"  # the same mail also arrived in another mailbox
    NOTE = "note"
    REPLY_SUGGESTED = "reply_suggested"
    REPLY_USED = "reply_used"
    CHECKLIST = "checklist"
    VIEWED = "viewed"
    ANONYMISED = "anonymised"  # personal data removed after the retention period
    REPLY_FAILED = "reply_failed"  # a reply or forward that did not go out; data has the reason
    FORWARDED = "forwarded"  # the case and its thread sent on to an address (Infocenter, …)
    FOLLOW_UP = "follow_up"  # a follow-up date ("bevakning") set or removed
    # The automatic acknowledgement to a new question (triage/cases/acknowledging.py): sent,
    # not sent by a loop-safety rule (data: the reason), or failed (data: the send error).
    ACK_SENT = "ack_sent"
    ACK_SKIPPED = "ack_skipped"
    ACK_FAILED = "ack_failed"


class Blob(SQLModel, table=True):
    """Content-addressed bytes: raw mail and attachments, stored once however often they recur."""

    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class JobRun(SQLModel, table=True):
    """A scheduled job as its last run left it, and which process ran it ("host:pid"); the
    job "scheduler" is the scheduler's own heartbeat. /healthz and the admin read them."""

    name: str = Field(primary_key=True)
    holder: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str = ""


class Mailbox(SQLModel, table=True):
    """A function mailbox as configured, with its health as the last sync saw it."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    address: str
    last_sync_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    auth_failed: bool = False
    messages_waiting: int = 0
    token_expires_at: datetime | None = None


class FolderState(SQLModel, table=True):
    """Where the last sync of one mailbox folder stopped: UIDVALIDITY and highest stored UID."""

    __table_args__ = (UniqueConstraint("mailbox_id", "folder"),)
    id: int | None = Field(default=None, primary_key=True)
    mailbox_id: int = Field(foreign_key="mailbox.id")
    folder: str
    uidvalidity: int | None = None
    last_uid: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    display_name: str = ""
    email: str = ""
    role: str = "officer"  # officer | manager | admin
    password_hash: str = ""
    is_active: bool = True
    locale: str = ""  # empty: not chosen yet; the first login keeps the login page's
    timezone: str = ""  # empty: the office's time zone from the settings
    created_at: datetime = Field(default_factory=utcnow)
    # Sessions carry the generation they were issued with; raising it ends them all.
    session_generation: int = 0
    # Appended to the officer's replies in the reply's language (Markdown, like the reply).
    signature_sv: str = ""
    signature_en: str = ""


class LoginCounter(SQLModel, table=True):
    """Login attempts of one client address or user name in the current window (the brake).

    Times are epoch seconds: compared and swapped exactly on SQLite and PostgreSQL alike.
    """

    key: str = Field(primary_key=True, max_length=400)
    window_start_s: float = Field(index=True)
    failures: int = 0
    next_at_s: float = 0.0


class Case(SQLModel, table=True):
    __table_args__ = (
        # The queue: status and age order, with type and review flag for the counts per type
        # read from the index alone; and the same per assignee ("me", "covering").
        Index("ix_case_queue", "status", "received_at", "id", "question_type", "needs_review"),
        Index(
            "ix_case_assignee_queue", "assignee_id", "status", "received_at", "id", "question_type"
        ),
        # The active cases alone (migration 0013): the queue's pages, filters and counts per
        # type read these indexes without touching the closed cases or any case's row.
        Index(
            "ix_case_active",
            "status",
            *_QUEUE_COLUMNS,
            "assignee_id",
            "language",
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index(
            "ix_case_active_assignee",
            "assignee_id",
            "status",
            *_QUEUE_COLUMNS,
            "language",
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index(
            "ix_case_active_order",
            "received_at",
            "id",
            "follow_up_on",
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index(
            "ix_case_active_type",
            "question_type",
            "received_at",
            "id",
            "follow_up_on",
            "needs_review",
            "assignee_id",
            "language",
            "status",
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index("ix_case_type_received", "question_type", "received_at"),
        Index("ix_case_requester", "requester_email", "status"),
        # Statistics (migration 0008 says why): a month's new cases from the index alone, and
        # the cases still open at a month's end by when they closed.
        Index(
            "ix_case_received_stats",
            "received_at",
            "mailbox_id",
            "question_type",
            "language",
            "outcome",
            "first_response_at",
            "closed_at",
        ),
        Index("ix_case_closed_received", "closed_at", "received_at", "mailbox_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    mailbox_id: int = Field(foreign_key="mailbox.id", index=True)
    subject: str = ""
    requester_email: str = ""
    requester_name: str = ""
    language: str | None = None
    status: str = Field(default=CaseStatus.NEW)
    question_type: str | None = None
    type_confidence: float | None = None
    type_source: str = Field(default=TypeSource.NONE)
    needs_review: bool = True
    type_alternatives: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    assignee_id: int | None = Field(default=None, foreign_key="user.id")
    received_at: datetime = Field(default_factory=utcnow)
    last_message_at: datetime = Field(default_factory=utcnow)
    first_response_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    message_count: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    follow_up_on: date | None = None  # "bevakning": the case comes back to the queue that day
    follow_up_note: str = ""


class CaseMailbox(SQLModel, table=True):
    """Every mailbox a case's mail arrived in (one mail To+Cc two mailboxes is one case)."""

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    mailbox_id: int = Field(foreign_key="mailbox.id", primary_key=True)


class ActiveCaseMailbox(SQLModel, table=True):
    """The CaseMailbox rows of the active cases alone, kept by triggers (migration 0014): the
    queue's mailbox filter reads this small table, not one that grows with every case."""

    mailbox_id: int = Field(primary_key=True)
    case_id: int = Field(primary_key=True, index=True)


class Message(SQLModel, table=True):
    __table_args__ = (
        Index("ix_message_case_date", "case_id", "date"),
        Index("ix_message_msgid", "message_id"),
        Index("ix_message_in_reply_to", "in_reply_to"),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case.id")
    mailbox_id: int = Field(foreign_key="mailbox.id")
    dedup_key: str = Field(unique=True, max_length=64)
    message_id: str = ""
    in_reply_to: str = ""
    references: str = ""
    subject: str = ""
    from_email: str = ""
    from_name: str = ""
    to: str = ""
    cc: str = ""
    date: datetime | None = None
    received_at: datetime = Field(default_factory=utcnow)
    headers: str = ""
    text: str = ""
    html: str = ""
    language: str | None = None
    direction: str = Field(default=Direction.IN)
    is_auto_reply: bool = False
    auto_reply_reason: str = ""
    defects: str = ""
    size: int = 0
    raw_sha256: str = Field(foreign_key="blob.sha256")


class MessageLocation(SQLModel, table=True):
    """Where a stored message was seen: mailbox, folder, UIDVALIDITY and UID (or a file path)."""

    __table_args__ = (UniqueConstraint("mailbox_id", "folder", "uidvalidity", "uid"),)
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    mailbox_id: int = Field(foreign_key="mailbox.id")
    folder: str = ""
    uidvalidity: int | None = None
    uid: int | None = None
    moved: bool = False


class Attachment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    filename: str = ""
    content_type: str = "application/octet-stream"
    size: int = 0
    is_inline: bool = False
    content_id: str = ""
    blob_sha256: str = Field(foreign_key="blob.sha256")


class Quarantine(SQLModel, table=True):
    """A mail that could not be parsed or stored: kept raw with the reason, for an admin."""

    id: int | None = Field(default=None, primary_key=True)
    mailbox_id: int | None = Field(default=None, foreign_key="mailbox.id")
    source: str = ""  # "imap:INBOX:uid" or a file path
    error: str = ""
    raw_sha256: str = Field(foreign_key="blob.sha256", index=True)
    size: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None


class CaseEvent(SQLModel, table=True):
    """One change to a case; append-only, the source of statistics and the period analysis."""

    __table_args__ = (
        Index("ix_event_case_at", "case_id", "at"),
        Index("ix_event_kind_at", "kind", "at"),
        Index("ix_event_case_kind_at", "case_id", "kind", "at"),  # a case's events of a kind
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id")
    at: datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor: str = "system"  # "system", "classifier", "ingest" or a username
    kind: str
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    message_id: int | None = Field(default=None, foreign_key="message.id")
    data: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class LabelKind(StrEnum):
    CORRECTION = "correction"  # an officer changed the question type
    CONFIRMATION = "confirmation"  # an officer confirmed it (or closed the case with it)


class TypeLabel(SQLModel, table=True):
    """An officer's word on a case's question type: training data for the next model."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    label: str
    kind: str = Field(default=LabelKind.CONFIRMATION)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(default_factory=utcnow)


class StandardReply(SQLModel, table=True):
    """A standard reply as the office keeps it now: the whole file text, validated on save."""

    __table_args__ = (UniqueConstraint("reply_id", "language"),)
    id: int | None = Field(default=None, primary_key=True)
    reply_id: str = Field(index=True)
    language: str
    title: str = ""
    text: str = ""
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = "seed"


class StandardReplyVersion(SQLModel, table=True):
    """Every saved version of a standard reply: who, when, and the text (diffs are derived)."""

    id: int | None = Field(default=None, primary_key=True)
    standard_reply_id: int = Field(foreign_key="standardreply.id", index=True)
    version: int
    text: str
    author: str
    at: datetime = Field(default_factory=utcnow)
    approved_by: str = ""  # who let it reach students ("" for seed files and imports)


class ProposalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ReplyProposal(SQLModel, table=True):
    """An officer's new or changed standard reply, waiting for the owner or a manager: no
    student gets it before approval. `base_version` is the version the officer edited (0 for a
    new reply), so an approval over a newer version is an edit conflict, never an overwrite."""

    id: int | None = Field(default=None, primary_key=True)
    reply_id: str = Field(index=True)
    language: str
    text: str
    base_version: int = 0
    author: str = ""
    author_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(default_factory=utcnow)
    status: str = Field(default=ProposalStatus.PENDING, index=True)
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str = ""


class RoutineText(SQLModel, table=True):
    """A routine as the office keeps it now (the approved version): the whole file text, one
    row per routine and language, seeded from routines/library and validated on approval."""

    __table_args__ = (UniqueConstraint("routine_id", "language"),)
    id: int | None = Field(default=None, primary_key=True)
    routine_id: str = Field(index=True)
    language: str
    title: str = ""
    text: str = ""
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = "seed"


class RoutineTextVersion(SQLModel, table=True):
    """Every approved version of a routine: who wrote it, who approved it, and the text."""

    id: int | None = Field(default=None, primary_key=True)
    routine_text_id: int = Field(foreign_key="routinetext.id", index=True)
    version: int
    text: str
    author: str
    at: datetime = Field(default_factory=utcnow)
    approved_by: str = ""  # "" for seed files and imports


class RoutineProposal(SQLModel, table=True):
    """An officer's new or changed routine (one language version), waiting for the owner or a
    manager; `base_version` is the version edited (0 for a new one), as for ReplyProposal."""

    id: int | None = Field(default=None, primary_key=True)
    routine_id: str = Field(index=True)
    language: str
    text: str
    base_version: int = 0
    author: str = ""
    author_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(default_factory=utcnow)
    status: str = Field(default=ProposalStatus.PENDING, index=True)
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str = ""


class ReplyUse(SQLModel, table=True):
    """A standard reply an officer used on a case: what the period analysis counts."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    reply_id: str = Field(index=True)
    language: str
    user_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(default_factory=utcnow)


class ChecklistTick(SQLModel, table=True):
    """A step of a routine's checklist done (or undone) on a case, by whom and when."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    routine_id: str
    step: int
    done: bool = True
    user_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(default_factory=utcnow)


class RoutineReviewFlag(SQLModel, table=True):
    """A routine past its review date, flagged for its owner by the daily job."""

    __table_args__ = (UniqueConstraint("routine_id", "language"),)
    id: int | None = Field(default=None, primary_key=True)
    routine_id: str
    language: str
    owner: str
    due: date
    flagged_at: datetime = Field(default_factory=utcnow)


class CaseNote(SQLModel, table=True):
    """An internal note on a case: for colleagues, never sent to the requester."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    author: str = ""
    text: str = ""
    at: datetime = Field(default_factory=utcnow)


class ReplyDraft(SQLModel, table=True):
    """An officer's reply being written on a case; kept when a send fails, removed once sent."""

    __table_args__ = (UniqueConstraint("case_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    subject: str = ""
    body: str = ""
    reply_id: str | None = None  # the standard reply it started from, if any
    reply_language: str | None = None
    cc: str = ""  # addresses, comma-separated, as the officer wrote them (checked on sending)
    updated_at: datetime = Field(default_factory=utcnow)
    last_error: str | None = None
    last_error_at: datetime | None = None


class DraftAttachment(SQLModel, table=True):
    """A file attached to a reply draft; its bytes are a Blob, so a file attached to many
    replies (a certificate template) is stored once. Removed with the draft once sent: the sent
    mail's own Attachment rows point to the same blobs."""

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int = Field(foreign_key="replydraft.id", index=True, ondelete="CASCADE")
    filename: str = ""
    content_type: str = "application/octet-stream"
    size: int = 0
    blob_sha256: str = Field(foreign_key="blob.sha256")
    added_at: datetime = Field(default_factory=utcnow)


class Absence(SQLModel, table=True):
    """A period an officer is away: their open cases show under "covering" for colleagues."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    starts_on: date
    ends_on: date
    note: str = ""
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class CaseView(SQLModel, table=True):
    """When a user last looked at a case: the queue marks what is new since then."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    case_id: int = Field(foreign_key="case.id", primary_key=True)
    seen_at: datetime = Field(default_factory=utcnow)


class MonthlyReport(SQLModel, table=True):
    """A month's statistics as built on the first of the next month: kept, so managers open
    past months as they were reported, and mailed to `[reports] recipients`."""

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(unique=True, max_length=7)  # YYYY-MM, the office's month
    built_at: datetime = Field(default_factory=utcnow)
    figures: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    mailed_to: str = ""  # the addresses it was sent to, comma-separated
    mail_error: str = ""  # why mailing failed, for the admin; the report is kept regardless
