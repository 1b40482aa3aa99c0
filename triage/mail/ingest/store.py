"""Store raw mail: parse, de-duplicate, thread into cases, classify, log; or quarantine it.

IMAP sync and file import both come through `Ingestor.ingest_batch`, so both get the same dedup
and threading. A batch costs a handful of statements, not a few per message: lookups are made up
front and rows are written together. It never commits: the caller commits the whole batch
together with its sync position, so a batch is stored entirely or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from classifiers import Classifier
from triage.db import insert_ignoring_duplicates, insert_returning_ids, insert_rows
from triage.mail.ingest.blobwrite import store_blobs
from triage.mail.ingest.casework import CLAIMS_OFFICE, CaseWork, NewMessage
from triage.mail.ingest.incoming import SENT_BY_US, IngestResult, IngestStatus, Location, RawMail
from triage.mail.ingest.parsepool import ParseFailure, ParseOutcome, parse_or_fail
from triage.mail.ingest.rows import (
    attachment_row,
    is_import,
    message_row,
    quarantine_row,
    sane_date,
    sha,
)
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
)
from triage.settings import Settings

Parser = Callable[[Sequence[bytes]], list[ParseOutcome]]


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
            self.session, Blob, [{"sha256": sha(raw), "size": len(raw), "data": raw}]
        )
        self.session.add(quarantine_row(mail, error))
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
        self,
        mails: Sequence[RawMail],
        *,
        actor: User | None = None,
        outcomes: Sequence[ParseOutcome] | None = None,
    ) -> list[IngestResult]:
        """Store `mails`; `outcomes`, when given, is their parse, done before (in order)."""
        plans = self._parse(mails, outcomes)
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

    def _parse(
        self, mails: Sequence[RawMail], outcomes: Sequence[ParseOutcome] | None
    ) -> list[_Plan]:
        if outcomes is None:
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
                self.session.add(quarantine_row(mail, plan.error))
            return
        seen = known.get(parsed.dedup_key)
        if seen is not None:
            plan.duplicate_of = seen
            case = work.case(seen.case_id) if isinstance(seen, _Stored) else seen.case
            if case is not None:
                work.link_mailbox(case, mail.mailbox)
            return
        when = sane_date(parsed.date, mail.delivered_at)
        message = NewMessage(message_row(parsed, mail, when))
        plan.message = known[parsed.dedup_key] = message
        sent = self._sent_by_office(mail, parsed.from_email)
        case = work.index.find(parsed, trusted_sender=sent)
        if case is None and sent and is_import(mail.location):
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
                    attachment_row(plan.message.id, att) for att in plan.parsed.attachments
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
            blobs[sha(plan.mail.raw)] = plan.mail.raw
            for att in plan.parsed.attachments if plan.parsed else []:
                blobs[sha(att.data)] = att.data
        store_blobs(self.session, blobs)

    def _quarantined_already(self, mail: RawMail) -> bool:
        """The same unreadable mail again (re-import, UIDVALIDITY reset) is kept once."""
        found = self.session.exec(
            select(Quarantine.id).where(
                Quarantine.raw_sha256 == sha(mail.raw), Quarantine.mailbox_id == mail.mailbox.id
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
        return is_import(loc) and self._is_internal(from_email)

    def _is_internal(self, from_email: str) -> bool:
        """The office's own address, or one at an internal domain (the real, parsed address)."""
        if not from_email:
            return False
        domain = from_email.rpartition("@")[2]
        return from_email in self.office_addresses or domain in self.internal_domains


def _result(plan: _Plan) -> IngestResult:
    if plan.parsed is None:
        return IngestResult(IngestStatus.QUARANTINED, error=plan.error)
    if plan.duplicate_of is not None:
        return IngestResult(IngestStatus.DUPLICATE, plan.message_id, plan.case_id)
    return IngestResult(
        IngestStatus.STORED, plan.message_id, plan.case_id, plan.new_case, plan.parsed.is_auto_reply
    )
