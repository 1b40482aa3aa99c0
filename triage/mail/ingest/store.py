"""Store raw mail: parse, de-duplicate, thread into cases, classify, log; or quarantine it.

IMAP sync and file import both come through `Ingestor.ingest_batch`, so both get the same dedup
and threading. A batch costs a handful of statements, not a few per message: lookups are made up
front and rows are written together. It never commits: the caller commits the whole batch
together with its sync position, so a batch is stored entirely or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from classifiers import Classifier, detect_language
from triage.db import insert_ignoring_duplicates, insert_returning_ids, insert_rows
from triage.mail.ingest.blobwrite import insert_big_blob
from triage.mail.ingest.casework import CLAIMS_OFFICE, CaseWork, NewMessage
from triage.mail.ingest.parsepool import ParseFailure, ParseOutcome, parse_or_fail
from triage.mail.mime import ParsedMessage
from triage.mail.threads import ThreadIndex
from triage.models import (
    Attachment,
    Blob,
    Direction,
    Mailbox,
    Message,
    MessageLocation,
    Quarantine,
    User,
    utcnow,
)
from triage.settings import Settings

_BIG_BLOB = 1024 * 1024  # bytes; bigger blobs are written in chunks (blobwrite.py)
Parser = Callable[[Sequence[bytes]], list[ParseOutcome]]


class IngestStatus(StrEnum):
    """What ingestion did with one mail (a case's close outcome is models.Outcome)."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"


@dataclass(frozen=True)
class Location:
    """Where a mail came from: an IMAP folder and UID, or a file (folder = path, no UID)."""

    folder: str
    uidvalidity: int | None = None
    uid: int | None = None


# Where the reply service files a reply it has just sent (no IMAP folder, UIDVALIDITY or UID).
SENT_BY_US = Location("smtp:sent")


@dataclass(frozen=True)
class RawMail:
    raw: bytes
    mailbox: Mailbox
    location: Location
    delivered_at: datetime | None = None  # IMAP INTERNALDATE or an export's delivery time


@dataclass(frozen=True)
class IngestResult:
    status: IngestStatus
    message_id: int | None = None
    case_id: int | None = None
    new_case: bool = False
    auto_reply: bool = False
    error: str = ""


@dataclass
class _Stored:
    """A message stored by an earlier batch."""

    id: int
    case_id: int | None


@dataclass
class _Plan:
    mail: RawMail
    parsed: ParsedMessage | None
    error: str = ""
    message: NewMessage | None = None
    duplicate_of: _Stored | NewMessage | None = None
    new_case: bool = False

    @property
    def message_id(self) -> int | None:
        target = self.message or self.duplicate_of
        return target.id if target is not None else None

    @property
    def case_id(self) -> int | None:
        target = self.message or self.duplicate_of
        if isinstance(target, _Stored):
            return target.case_id
        return target.case.id if target is not None and target.case is not None else None


class Ingestor:
    """Turns raw mail into messages and cases inside the caller's session."""

    def __init__(
        self,
        session: Session,
        *,
        office_addresses: set[str],
        internal_domains: list[str] | None = None,
        classifier: Classifier | None = None,
        parser: Parser | None = None,
        sent_folders: dict[str, str] | None = None,
    ) -> None:
        self.session = session
        self.sent_folders = dict(sent_folders or {})  # mailbox name: its sent folder
        self.parser = parser  # a ParsePool (time and memory limits); None parses here
        self.office_addresses = {a.lower() for a in office_addresses}
        self.internal_domains = [d.lower().lstrip("@") for d in internal_domains or []]
        self.classifier = classifier

    @classmethod
    def for_settings(
        cls,
        session: Session,
        settings: Settings,
        classifier: Classifier | None,
        parser: Parser | None = None,
    ) -> Ingestor:
        return cls(
            session,
            office_addresses=settings.office_addresses,
            internal_domains=settings.internal_domains,
            classifier=classifier,
            parser=parser,
            sent_folders={m.name: m.sent_folder for m in settings.mailbox if m.sent_folder},
        )

    def quarantine(self, mail: RawMail, error: str) -> IngestResult:
        """Keep a mail we cannot store as it came, with the reason, for an admin."""
        raw = mail.raw
        insert_ignoring_duplicates(
            self.session, Blob, [{"sha256": _sha(raw), "size": len(raw), "data": raw}]
        )
        self.session.add(_quarantine(mail, error))
        return IngestResult(IngestStatus.QUARANTINED, error=error)

    def ingest(
        self,
        raw: bytes,
        mailbox: Mailbox,
        location: Location,
        delivered_at: datetime | None = None,
        *,
        actor: User | None = None,
    ) -> IngestResult:
        """Store one mail; `actor` is the officer whose act brought it (a reply sent from here),
        recorded on the events it writes, which are otherwise by "ingest"."""
        return self.ingest_batch([RawMail(raw, mailbox, location, delivered_at)], actor=actor)[0]

    def ingest_batch(
        self, mails: Sequence[RawMail], *, actor: User | None = None
    ) -> list[IngestResult]:
        plans = self._parse(mails)
        self._store_blobs(plans)
        parsed = [p.parsed for p in plans if p.parsed is not None]
        known: dict[str, _Stored | NewMessage] = dict(self._stored({m.dedup_key for m in parsed}))
        work = CaseWork(self.session, ThreadIndex(self.session, parsed), actor)
        with self.session.no_autoflush:
            for plan in plans:
                self._plan(plan, known, work)
            work.classify(self.classifier)
        work.insert_new_cases()
        self._insert_messages([p.message for p in plans if p.message is not None])
        self._insert_children(plans)
        work.write()
        return [_result(plan) for plan in plans]

    def _parse(self, mails: Sequence[RawMail]) -> list[_Plan]:
        raws = [mail.raw for mail in mails]
        outcomes = self.parser(raws) if self.parser else [parse_or_fail(raw) for raw in raws]
        return [
            _Plan(mail, None, error=o.reason) if isinstance(o, ParseFailure) else _Plan(mail, o)
            for mail, o in zip(mails, outcomes, strict=True)
        ]

    def _plan(self, plan: _Plan, known: dict[str, _Stored | NewMessage], work: CaseWork) -> None:
        mail, parsed = plan.mail, plan.parsed
        if parsed is None:
            if not self._quarantined_already(mail):
                self.session.add(_quarantine(mail, plan.error))
            return
        seen = known.get(parsed.dedup_key)
        if seen is not None:
            plan.duplicate_of = seen
            case = work.case(seen.case_id) if isinstance(seen, _Stored) else seen.case
            if case is not None:
                work.link_mailbox(case, mail.mailbox)
            return
        when = _sane_date(parsed.date, mail.delivered_at)
        message = NewMessage(self._message_row(parsed, mail, when))
        plan.message = known[parsed.dedup_key] = message
        sent = self._sent_by_office(mail, parsed.from_email)
        case = work.index.find(parsed, trusted_sender=sent)
        if case is None and sent and _is_import(mail.location):
            # An imported colleague's or web form's mail that answers nothing we hold is a question.
            sent = parsed.from_email in self.office_addresses
        message.row["direction"] = str(Direction.OUT if sent else Direction.IN)
        if not sent and parsed.from_email in self.office_addresses:
            defects = [message.row["defects"], CLAIMS_OFFICE]
            message.row["defects"] = "; ".join(d for d in defects if d)
        if case is None and not parsed.is_auto_reply and message.direction == Direction.IN:
            case = work.open_case(parsed, message.row["language"], mail.mailbox, when)
            plan.new_case = True
        if case is not None:
            work.index.remember(parsed, case)
            work.add_message(case, message, mail.mailbox, when)

    def _message_row(self, parsed: ParsedMessage, mail: RawMail, when: datetime) -> dict[str, Any]:
        return {
            "mailbox_id": mail.mailbox.id,
            "dedup_key": parsed.dedup_key,
            "message_id": parsed.message_id,
            "in_reply_to": parsed.in_reply_to,
            "references": " ".join(parsed.references),
            "subject": parsed.subject,
            "from_email": parsed.from_email,
            "from_name": parsed.from_name,
            "to": ", ".join(parsed.to),
            "cc": ", ".join(parsed.cc),
            "date": when,
            "received_at": utcnow(),
            "headers": parsed.headers,
            "text": parsed.text,
            "html": parsed.html,
            "language": detect_language(f"{parsed.subject}\n{parsed.text}"),
            "direction": str(Direction.IN),  # decided in _plan
            "is_auto_reply": parsed.is_auto_reply,
            "auto_reply_reason": parsed.auto_reply_reason,
            "defects": "; ".join(parsed.defects),
            "size": len(mail.raw),
            "raw_sha256": _sha(mail.raw),
        }

    def _insert_messages(self, messages: list[NewMessage]) -> None:
        for message in messages:
            message.row["case_id"] = message.case.id if message.case is not None else None
        if not messages:
            return
        ids = insert_returning_ids(self.session, Message, [m.row for m in messages])
        for message, new_id in zip(messages, ids, strict=True):
            message.id = new_id

    def _insert_children(self, plans: list[_Plan]) -> None:
        """Attachments of new messages, and where every message (new or seen again) was found."""
        attachments: list[dict[str, Any]] = []
        locations: list[dict[str, Any]] = []
        for plan in plans:
            if plan.message is not None and plan.parsed is not None:
                attachments += [
                    _attachment_row(plan.message.id, att) for att in plan.parsed.attachments
                ]
            if plan.message_id is not None:
                loc, mailbox = plan.mail.location, plan.mail.mailbox
                row = {
                    "message_id": plan.message_id,
                    "mailbox_id": mailbox.id,
                    "folder": loc.folder,
                    "uidvalidity": loc.uidvalidity,
                    "uid": loc.uid,
                    "moved": False,
                }
                if row not in locations:
                    locations.append(row)
        insert_rows(self.session, Attachment, attachments)
        insert_ignoring_duplicates(self.session, MessageLocation, locations)

    def _stored(self, keys: set[str]) -> dict[str, _Stored]:
        if not keys:
            return {}
        rows = self.session.exec(
            select(Message.dedup_key, Message.id, Message.case_id).where(
                col(Message.dedup_key).in_(sorted(keys))
            )
        ).all()
        return {key: _Stored(mid, cid) for key, mid, cid in rows if mid is not None}

    def _store_blobs(self, plans: list[_Plan]) -> None:
        """Raw mail and attachments, each stored once by SHA-256, before rows refer to them."""
        blobs: dict[str, bytes] = {}
        for plan in plans:
            blobs[_sha(plan.mail.raw)] = plan.mail.raw
            for att in plan.parsed.attachments if plan.parsed else []:
                blobs[_sha(att.data)] = att.data
        rows = [
            {"sha256": sha, "size": len(data), "data": data}
            for sha, data in blobs.items()
            if len(data) < _BIG_BLOB
        ]
        insert_ignoring_duplicates(self.session, Blob, rows)
        for sha, data in blobs.items():
            if len(data) >= _BIG_BLOB:  # written in chunks, without the driver's copies (#15)
                insert_big_blob(self.session, sha, data)

    def _quarantined_already(self, mail: RawMail) -> bool:
        """The same unreadable mail again (re-import, UIDVALIDITY reset) is kept once."""
        found = self.session.exec(
            select(Quarantine.id).where(
                Quarantine.raw_sha256 == _sha(mail.raw), Quarantine.mailbox_id == mail.mailbox.id
            )
        ).first()
        return found is not None

    def _sent_by_office(self, mail: RawMail, from_email: str) -> bool:
        """Whether the office sent this mail, known by where it was found and never by its From
        alone (anyone can write the office's address there): a reply sent from here, or a mail in
        the mailbox's sent folder. Only an export imported from files, which has no folders to
        tell, is taken at its From's word: an admin chose to import it as the office's mail."""
        loc = mail.location
        if loc == SENT_BY_US:
            return True
        if loc.uid and loc.folder == self.sent_folders.get(mail.mailbox.name):
            return True
        return _is_import(loc) and self._is_internal(from_email)

    def _is_internal(self, from_email: str) -> bool:
        """The office's own address, or one at an internal domain (the real, parsed address)."""
        if not from_email:
            return False
        domain = from_email.rpartition("@")[2]
        return from_email in self.office_addresses or domain in self.internal_domains


def _attachment_row(message_id: int | None, att: Any) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "filename": att.filename[:255],
        "content_type": att.content_type[:255],
        "size": len(att.data),
        "is_inline": att.is_inline,
        "content_id": att.content_id[:255],
        "blob_sha256": _sha(att.data),
    }


def _is_import(loc: Location) -> bool:
    return loc.folder.startswith("file:")


def _quarantine(mail: RawMail, error: str) -> Quarantine:
    loc = mail.location
    source = f"{loc.folder}:{loc.uid}" if loc.uid else loc.folder
    return Quarantine(
        mailbox_id=mail.mailbox.id,
        source=source,
        error=error,
        raw_sha256=_sha(mail.raw),
        size=len(mail.raw),
    )


def _result(plan: _Plan) -> IngestResult:
    if plan.parsed is None:
        return IngestResult(IngestStatus.QUARANTINED, error=plan.error)
    if plan.duplicate_of is not None:
        return IngestResult(IngestStatus.DUPLICATE, plan.message_id, plan.case_id)
    return IngestResult(
        IngestStatus.STORED, plan.message_id, plan.case_id, plan.new_case, plan.parsed.is_auto_reply
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sane_date(date: datetime | None, delivered: datetime | None) -> datetime:
    """The Date header, unless it is missing or absurd, or later than the mail was delivered
    (a sender cannot keep a mail on top of the queue by dating it ahead); then the delivery
    time; then now."""
    now = utcnow()
    if delivered is not None and delivered.tzinfo is None:
        delivered = delivered.replace(tzinfo=UTC)
    latest = min(now + timedelta(minutes=5), (delivered or now) + timedelta(hours=1))
    if date is not None and datetime(1990, 1, 1, tzinfo=UTC) < date < latest:
        return date
    return delivered or now
