"""The shapes the JSON API under /api/v1 answers with, so that its OpenAPI schema shows them.

Each model mirrors a domain record field for field (tests/integration/web/test_api_schema.py
checks that none is forgotten). Times are written as Python's `isoformat()` writes them, as the
API always has: "2026-12-01T09:00:00+00:00", never pydantic's "Z".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

Time = Annotated[
    datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}, mode="serialization"),
]


class Problem(BaseModel):
    """Why a request was refused (api/errors.py): what happened and what to do, in the user's
    language. A 422 lists each problem instead, as FastAPI documents it."""

    detail: str


class CaseHeld(Problem):
    """A claim refused because a colleague holds the case: who, so that a script can say so
    (or claim again with takeover=true)."""

    assignee: str  # their login
    assignee_name: str  # their name as the office sees it


class _Record(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class QueueRow(_Record):
    id: int
    subject: str
    requester_email: str
    requester_name: str
    status: str
    question_type: str | None
    confidence: float | None
    needs_review: bool
    language: str | None
    received_at: Time
    last_message_at: Time
    message_count: int
    assignee: str | None
    is_new: bool
    follow_up_on: date | None
    follow_up_due: bool  # back in the queue: its follow-up day has come
    assignee_name: str | None  # the assignee as the office knows them (display name)
    type_source: str  # "officer": the type is an officer's (its confidence is no model's)


class Queue(_Record):
    cases: list[QueueRow]
    next_cursor: str | None
    counts: dict[str, int]  # per question type ("" for unclassified)
    total: int


class CaseRecord(_Record):
    id: int
    mailbox_id: int
    subject: str
    requester_email: str
    requester_name: str
    language: str | None
    status: str
    question_type: str | None
    type_confidence: float | None
    type_source: str
    needs_review: bool
    type_alternatives: list[dict[str, Any]] | None
    assignee_id: int | None
    received_at: Time
    last_message_at: Time
    first_response_at: Time | None
    closed_at: Time | None
    outcome: str | None
    message_count: int
    created_at: Time
    follow_up_on: date | None  # "bevakning": the day the case comes back to the queue
    follow_up_note: str


class AttachmentLink(_Record):
    id: int
    filename: str
    content_type: str
    size: int


class ThreadMessage(_Record):
    """A message of the case without its body (the API renders no HTML)."""

    id: int
    direction: str
    is_auto_reply: bool
    from_name: str
    from_email: str
    to: str
    cc: str
    subject: str
    date: Time | None
    blocked_images: int
    attachments: list[AttachmentLink]
    claims_office: bool
    name_shows_other_address: bool
    damaged: bool  # broken structure or encoding: the original holds what was not read


class CaseWithThread(CaseRecord):
    messages: list[ThreadMessage]


class Note(_Record):
    id: int
    case_id: int
    user_id: int | None
    author: str
    text: str
    at: Time


class MailboxHealth(_Record):
    name: str
    address: str
    last_sync_at: Time | None
    last_success_at: Time | None
    last_error: str | None
    auth_failed: bool
    messages_waiting: int
    token_expires_at: Time | None
    imap: str = Field(description="ok, failing, not_synced or not_configured")
    smtp: str = Field(description="ok, failing, configured (nothing sent yet) or cannot_send")
    last_sent_at: Time | None
    last_send_error: str | None = Field(description="the mail server's refusal, as a reason code")
    last_send_error_at: Time | None
    warnings: list[str]


class QuarantinedMail(_Record):
    id: int
    mailbox: str | None
    source: str
    error: str
    size: int
    created_at: Time
    resolved: bool
    too_large: bool


class Hours(BaseModel):
    """Hours to the first response or to closing: calendar and working, overall and per type
    (each {median, p90, count}; None where no case had one)."""

    calendar: dict[str, Any]
    working: dict[str, Any]
    by_type: dict[str, dict[str, Any]]


class MonthStatistics(BaseModel):
    """A month's (or a range of months') figures, as `triage stats --format json` writes them;
    for a range, `months` holds each month's own figures."""

    month: str
    to: str
    mailbox: str | None
    timezone: str
    total: int
    by_type: dict[str, int]
    by_mailbox: dict[str, int]
    by_language: dict[str, int]
    reopened: int
    open_at_end: int
    first_response_hours: Hours
    close_hours: Hours
    outcomes: dict[str, dict[str, int]]
    corrected_share: dict[str, Any]
    months: list[MonthStatistics] | None = None
