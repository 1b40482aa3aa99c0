"""What arriving mail does to cases: open one, add a message, change status, log every change.

Used by the Ingestor for one batch. Changes are made on case objects in memory; the batch's
events and mailbox links are written once every new row has an id (`write`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from classifiers import Classifier, read
from triage.db import insert_returning_ids, insert_rows
from triage.events import event_row, record_events
from triage.mail.mime import ParsedMessage
from triage.mail.threads import ThreadIndex
from triage.models import (
    Case,
    CaseMailbox,
    CaseStatus,
    Direction,
    EventKind,
    Mailbox,
    TypeSource,
    User,
    utcnow,
)

# Marks a received mail with the office's own address in From (store.py decides): anyone can
# write that address, so the mail is shown with a warning and changes no case's status.
CLAIMS_OFFICE = (
    "claims to be from the office, but was not sent from here nor found in a sent folder"
)


@dataclass
class NewMessage:
    """A message row of this batch: its column values, and its id once inserted."""

    row: dict[str, Any]
    id: int | None = None
    case: AnyCase | None = None

    @property
    def is_auto_reply(self) -> bool:
        return bool(self.row["is_auto_reply"])

    @property
    def direction(self) -> str:
        return str(self.row["direction"])

    @property
    def claims_office(self) -> bool:
        return CLAIMS_OFFICE in str(self.row["defects"])


@dataclass
class NewCase:
    """A case opened by this batch: the same fields a Case row has, inserted in one statement
    with the batch (building ORM objects for hundreds of new cases is the slow part)."""

    mailbox_id: int
    subject: str
    requester_email: str
    requester_name: str
    language: str | None
    received_at: datetime
    last_message_at: datetime
    status: str = CaseStatus.NEW
    question_type: str | None = None
    type_confidence: float | None = None
    type_source: str = TypeSource.NONE
    needs_review: bool = True
    type_alternatives: list[dict[str, Any]] | None = None
    first_response_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    message_count: int = 0
    id: int | None = None

    def row(self) -> dict[str, Any]:
        values = {k: v for k, v in self.__dict__.items() if k != "id"}
        values.update(assignee_id=None, created_at=utcnow())
        return values


AnyCase = Case | NewCase


@dataclass
class _Event:
    case: AnyCase
    kind: EventKind
    message: NewMessage | None
    details: dict[str, Any]


class CaseWork:
    def __init__(self, session: Session, index: ThreadIndex, actor: User | None = None) -> None:
        self.session = session
        self.index = index
        self.actor = actor  # the officer whose act brought this mail; None: ingestion itself
        self._events: list[_Event] = []
        self._new: list[tuple[NewCase, ParsedMessage, datetime]] = []
        # Which (case, mailbox) links exist or are pending; cases are keyed by object identity,
        # since new cases have no id until the batch is flushed.
        self._linked: set[tuple[int, int | None]] = set()
        self._pending_links: list[tuple[AnyCase, Mailbox]] = []
        self._load_links(list(index.cases.values()))

    def _load_links(self, cases: list[Case]) -> None:
        by_id = {c.id: c for c in cases}
        if not by_id:
            return
        rows = self.session.exec(
            select(CaseMailbox.case_id, CaseMailbox.mailbox_id).where(
                col(CaseMailbox.case_id).in_(list(by_id))
            )
        ).all()
        self._linked |= {(id(by_id[c]), m) for c, m in rows}

    def _log(
        self, case: AnyCase, kind: EventKind, message: NewMessage | None = None, **details: Any
    ) -> None:
        self._events.append(_Event(case, kind, message, details))

    def open_case(
        self, parsed: ParsedMessage, language: str, mailbox: Mailbox, when: datetime
    ) -> NewCase:
        assert mailbox.id is not None
        case = NewCase(
            mailbox_id=mailbox.id,
            subject=parsed.subject,
            requester_email=parsed.from_email,
            requester_name=parsed.from_name,
            language=language,
            received_at=when,
            last_message_at=when,
        )
        self._log(
            case, EventKind.CREATED, at=when, new=CaseStatus.NEW, data={"mailbox": mailbox.name}
        )
        self._new.append((case, parsed, when))
        return case

    def add_message(
        self, case: AnyCase, message: NewMessage, mailbox: Mailbox, when: datetime
    ) -> None:
        message.case = case
        # Mail can arrive late (an old export imported after IMAP, a slow server): an older
        # message is filed on the case but does not change its status.
        newest = case.message_count == 0 or when >= case.last_message_at
        case.message_count += 1
        case.last_message_at = max(case.last_message_at, when)
        self.link_mailbox(case, mailbox)
        if message.is_auto_reply:
            kind = EventKind.AUTO_REPLY
        elif message.direction == Direction.OUT:
            kind = EventKind.MESSAGE_OUT
        else:
            kind = EventKind.MESSAGE_IN
        self._log(case, kind, message, at=when)
        if kind == EventKind.MESSAGE_OUT and (
            case.first_response_at is None or when < case.first_response_at
        ):
            case.first_response_at = when
        if not newest:
            return
        if kind == EventKind.MESSAGE_OUT and case.status in (CaseStatus.NEW, CaseStatus.OPEN):
            self._set_status(case, CaseStatus.WAITING, when)
        elif kind == EventKind.MESSAGE_IN and case.message_count > 1 and not message.claims_office:
            self._requester_wrote_again(case, when)

    def _requester_wrote_again(self, case: AnyCase, when: datetime) -> None:
        if case.status == CaseStatus.CLOSED:
            self._log(case, EventKind.REOPENED, at=when, old=case.outcome)
            case.closed_at = None
            case.outcome = None
            self._set_status(case, CaseStatus.OPEN, when)
        elif case.status == CaseStatus.WAITING:
            self._set_status(case, CaseStatus.OPEN, when)

    def _set_status(self, case: AnyCase, status: CaseStatus, when: datetime) -> None:
        self._log(case, EventKind.STATUS, at=when, field="status", old=case.status, new=status)
        case.status = status

    def link_mailbox(self, case: AnyCase, mailbox: Mailbox) -> None:
        """Record that the case's mail (also) arrived in `mailbox`."""
        key = (id(case), mailbox.id)
        if key not in self._linked:
            self._linked.add(key)
            self._pending_links.append((case, mailbox))

    def case(self, case_id: int | None) -> Case | None:
        """A stored case by id, brought into this batch's bookkeeping."""
        if case_id is None:
            return None
        return self._adopt(self.index.cases.get(case_id) or self.session.get(Case, case_id))

    def _adopt(self, case: Case | None) -> Case | None:
        """Bring a case found outside the thread index into this batch's bookkeeping."""
        if case is not None and case.id is not None and case.id not in self.index.cases:
            self.index.cases[case.id] = case
            self._load_links([case])
        return case

    def classify(self, classifier: Classifier | None) -> None:
        """Ask the classifier about every new case of the batch at once."""
        if classifier is None or not self._new:
            return  # no model yet: new cases stay unclassified and need review
        try:
            readings = [p.reading or read(p.subject, p.text) for _, p, _ in self._new]
            predictions = classifier.predict_read(readings)
        except Exception as exc:  # a broken model must not stop ingestion
            for case, _, _ in self._new:
                case.type_alternatives = [{"error": f"{type(exc).__name__}: {exc}"}]
            return
        for (case, _, when), pred in zip(self._new, predictions, strict=True):
            case.question_type = pred.label
            case.type_confidence = pred.confidence
            case.type_source = TypeSource.MODEL
            case.needs_review = pred.needs_review
            case.type_alternatives = pred.alternatives
            data = {"confidence": pred.confidence, "needs_review": pred.needs_review}
            self._log(
                case,
                EventKind.TYPE,
                actor="classifier",
                at=when,
                field="question_type",
                new=pred.label,
                data=data,
            )

    def insert_new_cases(self) -> None:
        """Insert the batch's new cases in one statement and learn their ids."""
        if not self._new:
            return
        ids = insert_returning_ids(self.session, Case, [case.row() for case, _, _ in self._new])
        for (case, _, _), new_id in zip(self._new, ids, strict=True):
            case.id = new_id

    def write(self) -> None:
        """Write the batch's mailbox links and events now that every row has an id."""
        links = []
        for case, mailbox in self._pending_links:
            assert case.id is not None
            assert mailbox.id is not None
            links.append({"case_id": case.id, "mailbox_id": mailbox.id})
            if case.mailbox_id != mailbox.id:
                self._log(case, EventKind.MAILBOX_ADDED, new=mailbox.name)
        insert_rows(self.session, CaseMailbox, links)
        rows = []
        for event in self._events:
            assert event.case.id is not None
            if "actor" not in event.details:  # the classifier names itself
                event.details["actor"] = self.actor.username if self.actor else "ingest"
                event.details["actor_id"] = self.actor.id if self.actor else None
            message_id = event.message.id if event.message else None
            rows.append(
                event_row(event.case.id, event.kind, message_id=message_id, **event.details)
            )
        record_events(self.session, rows)
        self._events.clear()
        self._pending_links.clear()
