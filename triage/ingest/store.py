"""Store one raw mail: parse, de-duplicate, thread into a case, classify, log; or quarantine it.

IMAP sync and file import both come through `Ingestor.ingest`, so both get the same dedup and
threading. It never commits: the caller commits a whole batch together with its sync position.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, select

from classifiers import Classifier, detect_language
from triage.db import insert_ignoring_duplicates
from triage.events import record_event
from triage.ingest.mime import ParsedMessage, parse_message
from triage.models import (
    Attachment,
    Blob,
    Case,
    CaseMailbox,
    CaseStatus,
    Direction,
    EventKind,
    Mailbox,
    Message,
    MessageLocation,
    Quarantine,
    TypeSource,
    utcnow,
)
from triage.threads import find_case, latest_case_of


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"


@dataclass(frozen=True)
class Location:
    """Where a mail came from: an IMAP folder and UID, or a file (folder = path, no UID)."""

    folder: str
    uidvalidity: int | None = None
    uid: int | None = None


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    message_id: int | None = None
    case_id: int | None = None
    new_case: bool = False
    auto_reply: bool = False
    error: str = ""


class Ingestor:
    """Turns raw mail into messages and cases inside the caller's session."""

    def __init__(
        self,
        session: Session,
        *,
        office_addresses: set[str],
        internal_domains: list[str] | None = None,
        classifier: Classifier | None = None,
    ) -> None:
        self.session = session
        self.office_addresses = {a.lower() for a in office_addresses}
        self.internal_domains = [d.lower().lstrip("@") for d in internal_domains or []]
        self.classifier = classifier
        self._blobs: set[str] = set()

    def ingest(
        self,
        raw: bytes,
        mailbox: Mailbox,
        location: Location,
        internal_date: datetime | None = None,
    ) -> IngestResult:
        try:
            parsed = parse_message(raw)
        except Exception as exc:  # a mail we cannot read is kept, never lost
            return self._quarantine(raw, mailbox, location, f"{type(exc).__name__}: {exc}")
        existing = self.session.exec(
            select(Message).where(Message.dedup_key == parsed.dedup_key)
        ).first()
        if existing is not None:
            self._seen_again(existing, mailbox, location)
            return IngestResult(Outcome.DUPLICATE, existing.id, existing.case_id)
        return self._store(raw, parsed, mailbox, location, internal_date)

    def _store(
        self,
        raw: bytes,
        parsed: ParsedMessage,
        mailbox: Mailbox,
        location: Location,
        internal_date: datetime | None,
    ) -> IngestResult:
        when = _sane_date(parsed.date, internal_date)
        direction = self._direction(parsed.from_email)
        language = detect_language(f"{parsed.subject}\n{parsed.text}")
        message = Message(
            mailbox_id=_id(mailbox),
            dedup_key=parsed.dedup_key,
            message_id=parsed.message_id,
            in_reply_to=parsed.in_reply_to,
            references=" ".join(parsed.references),
            subject=parsed.subject,
            from_email=parsed.from_email,
            from_name=parsed.from_name,
            to=", ".join(parsed.to),
            cc=", ".join(parsed.cc),
            date=when,
            headers=parsed.headers,
            text=parsed.text,
            html=parsed.html,
            language=language,
            direction=direction,
            is_auto_reply=parsed.is_auto_reply,
            auto_reply_reason=parsed.auto_reply_reason,
            defects="; ".join(parsed.defects),
            size=len(raw),
            raw_sha256=self._blob(raw),
        )
        case, new_case = self._case_for(parsed, message, mailbox, when)
        message.case_id = case.id if case else None
        self.session.add(message)
        self.session.flush()
        self._attachments(parsed, message)
        self._locate(message, mailbox, location)
        if case is not None:
            self._update_case(case, message, mailbox, when)
        return IngestResult(
            Outcome.STORED, message.id, message.case_id, new_case, parsed.is_auto_reply
        )

    def _case_for(
        self, parsed: ParsedMessage, message: Message, mailbox: Mailbox, when: datetime
    ) -> tuple[Case | None, bool]:
        extra = parsed.nested_ids if parsed.is_auto_reply else []
        case = find_case(
            self.session,
            message_id=parsed.message_id,
            in_reply_to=parsed.in_reply_to,
            references=parsed.references,
            subject=parsed.subject,
            extra_ids=extra,
        )
        if case is not None:
            return case, False
        if parsed.is_auto_reply:
            return latest_case_of(self.session, parsed.from_email), False
        if message.direction == Direction.OUT:
            return None, False  # office mail that answers nothing we hold
        return self._open_case(parsed, message, mailbox, when), True

    def _open_case(
        self, parsed: ParsedMessage, message: Message, mailbox: Mailbox, when: datetime
    ) -> Case:
        case = Case(
            mailbox_id=_id(mailbox),
            subject=parsed.subject,
            requester_email=parsed.from_email,
            requester_name=parsed.from_name,
            language=message.language,
            received_at=when,
            last_message_at=when,
        )
        self.session.add(case)
        self.session.flush()
        self.session.add(CaseMailbox(case_id=_id(case), mailbox_id=_id(mailbox)))
        record_event(
            self.session,
            case,
            EventKind.CREATED,
            actor="ingest",
            at=when,
            new=CaseStatus.NEW,
            data={"mailbox": mailbox.name},
        )
        self._classify(case, parsed, when)
        return case

    def _classify(self, case: Case, parsed: ParsedMessage, when: datetime) -> None:
        if self.classifier is None:
            return  # no model yet: the case stays unclassified and needs review
        try:
            pred = self.classifier.predict(parsed.subject, parsed.text)
        except Exception as exc:  # a broken model must not stop ingestion
            case.type_alternatives = [{"error": f"{type(exc).__name__}: {exc}"}]
            return
        case.question_type = pred.label
        case.type_confidence = pred.confidence
        case.type_source = TypeSource.MODEL
        case.needs_review = pred.needs_review
        case.type_alternatives = pred.alternatives
        record_event(
            self.session,
            case,
            EventKind.TYPE,
            actor="classifier",
            at=when,
            field="question_type",
            new=pred.label,
            data={"confidence": pred.confidence, "needs_review": pred.needs_review},
        )

    def _update_case(self, case: Case, message: Message, mailbox: Mailbox, when: datetime) -> None:
        case.message_count += 1
        case.last_message_at = max(case.last_message_at, when)
        self._link_mailbox(case, mailbox)
        kind = (
            EventKind.AUTO_REPLY
            if message.is_auto_reply
            else (
                EventKind.MESSAGE_OUT
                if message.direction == Direction.OUT
                else EventKind.MESSAGE_IN
            )
        )
        record_event(self.session, case, kind, actor="ingest", at=when, message_id=message.id)
        if kind == EventKind.MESSAGE_OUT:
            if case.first_response_at is None or when < case.first_response_at:
                case.first_response_at = when
            if case.status in (CaseStatus.NEW, CaseStatus.OPEN):
                self._set_status(case, CaseStatus.WAITING, when)
        elif kind == EventKind.MESSAGE_IN and case.message_count > 1:
            if case.status == CaseStatus.CLOSED:
                record_event(
                    self.session,
                    case,
                    EventKind.REOPENED,
                    actor="ingest",
                    at=when,
                    old=case.outcome,
                )
                case.closed_at = None
                case.outcome = None
                self._set_status(case, CaseStatus.OPEN, when)
            elif case.status == CaseStatus.WAITING:
                self._set_status(case, CaseStatus.OPEN, when)

    def _set_status(self, case: Case, status: CaseStatus, when: datetime) -> None:
        record_event(
            self.session,
            case,
            EventKind.STATUS,
            actor="ingest",
            at=when,
            field="status",
            old=case.status,
            new=status,
        )
        case.status = status

    def _link_mailbox(self, case: Case, mailbox: Mailbox) -> None:
        if self.session.get(CaseMailbox, (case.id, mailbox.id)) is None:
            self.session.add(CaseMailbox(case_id=_id(case), mailbox_id=_id(mailbox)))
            if case.mailbox_id != mailbox.id:
                record_event(
                    self.session, case, EventKind.MAILBOX_ADDED, actor="ingest", new=mailbox.name
                )

    def _seen_again(self, message: Message, mailbox: Mailbox, location: Location) -> None:
        """The same mail again (other mailbox, UIDVALIDITY reset, re-import): note where."""
        self._locate(message, mailbox, location)
        if message.case_id is not None:
            case = self.session.get(Case, message.case_id)
            if case is not None:
                self._link_mailbox(case, mailbox)

    def _locate(self, message: Message, mailbox: Mailbox, location: Location) -> None:
        found = self.session.exec(
            select(MessageLocation).where(
                MessageLocation.message_id == message.id,
                MessageLocation.mailbox_id == mailbox.id,
                MessageLocation.folder == location.folder,
                MessageLocation.uidvalidity == location.uidvalidity,
                MessageLocation.uid == location.uid,
            )
        ).first()
        if found is None:
            self.session.add(
                MessageLocation(
                    message_id=_id(message),
                    mailbox_id=_id(mailbox),
                    folder=location.folder,
                    uidvalidity=location.uidvalidity,
                    uid=location.uid,
                )
            )

    def _attachments(self, parsed: ParsedMessage, message: Message) -> None:
        for att in parsed.attachments:
            self.session.add(
                Attachment(
                    message_id=_id(message),
                    filename=att.filename[:255],
                    content_type=att.content_type,
                    size=len(att.data),
                    is_inline=att.is_inline,
                    content_id=att.content_id,
                    blob_sha256=self._blob(att.data),
                )
            )

    def _quarantine(
        self, raw: bytes, mailbox: Mailbox, location: Location, error: str
    ) -> IngestResult:
        source = f"{location.folder}:{location.uid}" if location.uid else location.folder
        self.session.add(
            Quarantine(
                mailbox_id=mailbox.id,
                source=source,
                error=error,
                raw_sha256=self._blob(raw),
                size=len(raw),
            )
        )
        return IngestResult(Outcome.QUARANTINED, error=error)

    def _blob(self, data: bytes) -> str:
        """Store `data` once by its SHA-256, right away, so rows can refer to it."""
        sha = hashlib.sha256(data).hexdigest()
        if sha not in self._blobs:
            insert_ignoring_duplicates(self.session, Blob, sha256=sha, size=len(data), data=data)
            self._blobs.add(sha)
        return sha

    def _direction(self, from_email: str) -> Direction:
        domain = from_email.rpartition("@")[2]
        if from_email in self.office_addresses or domain in self.internal_domains:
            return Direction.OUT
        return Direction.IN


def _sane_date(date: datetime | None, internal: datetime | None) -> datetime:
    """The Date header, unless it is missing or absurd; then the server's arrival time."""
    now = utcnow()
    if date is not None and datetime(1990, 1, 1, tzinfo=UTC) < date < now + timedelta(days=2):
        return date
    if internal is not None:
        return internal if internal.tzinfo else internal.replace(tzinfo=UTC)
    return now


def _id(row: Mailbox | Case | Message) -> int:
    assert row.id is not None
    return row.id
