"""Pull new mail from the configured mailboxes: lossless, idempotent, each mailbox on its own.

Per folder we keep UIDVALIDITY and the highest stored UID. Mail is fetched with BODY.PEEK (nothing
is marked read) and chosen by UID, never by the \\Seen flag. Each batch is stored and the folder
position advanced in one transaction; a move on the server happens only after that commit. A
process killed anywhere in between re-fetches at most one batch, and dedup makes that harmless.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from imapclient import IMAPClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from classifiers import Classifier
from triage.db import exclusive, transaction
from triage.errors import MailboxError
from triage.mail.ingest.batch import IngestCounts, store_batch
from triage.mail.ingest.fetchplan import FetchBatch, plan_batches
from triage.mail.ingest.imap import NETWORK_ERRORS, close, connect, fetch_headers, fetch_sizes
from triage.mail.ingest.incoming import IngestResult, IngestStatus, Location, RawMail
from triage.mail.ingest.keptpools import lent_pool
from triage.mail.ingest.oauth import AccessToken
from triage.mail.ingest.parsepool import ParseOutcome, ParsePool
from triage.mail.ingest.pipeline import store_parsed_ahead
from triage.mail.ingest.quarantine import (
    held_on_server,
    imap_place,
    quarantine_too_large,
    resolve_too_large,
    too_large_reason,
)
from triage.mail.ingest.store import Parser
from triage.models import FolderState, Mailbox, utcnow
from triage.settings import MailboxSettings, Settings


@dataclass
class SyncReport(IngestCounts):
    mailbox: str = ""
    error: str = ""
    reconnects: int = 0
    batches: int = 0  # FETCH batches stored (each its own transaction)
    folders: list[str] = field(default_factory=list)
    # What became of each mail stored, for what follows a sync (acknowledgements, #11).
    results: list[IngestResult] = field(default_factory=list)


def ensure_mailbox(session: Session, mb: MailboxSettings) -> Mailbox:
    """The database row for a configured mailbox, created on first use."""
    row = session.exec(select(Mailbox).where(Mailbox.name == mb.name)).first()
    if row is None:
        row = Mailbox(name=mb.name, address=mb.address)
        session.add(row)
        session.flush()
    elif row.address != mb.address:
        row.address = mb.address
    return row


def sync_all(
    engine: Engine,
    settings: Settings,
    classifier: Classifier | None = None,
    only: str | None = None,
) -> list[SyncReport]:
    """Sync every configured mailbox (or `only` one); failures are reported, never raised.

    Each mailbox under the lock the scheduler's sync of it holds: a sync started by hand waits
    for one already running (up to WAIT_FOR_RUNNING_S) rather than fetch the same mail beside it.
    """
    boxes = [settings.mailbox_named(only)] if only else settings.mailbox
    reports = []
    for mb in boxes:
        with exclusive(engine, sync_lock(mb), wait_s=WAIT_FOR_RUNNING_S) as mine:
            if mine:
                reports.append(sync_mailbox(engine, settings, mb, classifier))
            else:
                busy = f"another process has been syncing {mb.name} for over {WAIT_FOR_RUNNING_S} s"
                reports.append(SyncReport(mailbox=mb.name, error=f"{busy}; try again later"))
    return reports


WAIT_FOR_RUNNING_S = 300


def sync_lock(mb: MailboxSettings) -> str:
    """The lock a sync of this mailbox holds, wherever it runs (scheduler or command)."""
    return f"job:sync:{mb.name}"


def sync_mailbox(
    engine: Engine, settings: Settings, mb: MailboxSettings, classifier: Classifier | None = None
) -> SyncReport:
    report = SyncReport(mailbox=mb.name)
    with lent_pool(settings.sync) as pool:  # workers start with the first mail, or are kept
        return _sync_with_retries(engine, settings, mb, classifier, report, pool)


def _sync_with_retries(
    engine: Engine,
    settings: Settings,
    mb: MailboxSettings,
    classifier: Classifier | None,
    report: SyncReport,
    pool: ParsePool,
) -> SyncReport:
    attempt = 0
    while True:
        try:
            _sync_once(engine, settings, mb, classifier, report, pool)
            _record_health(engine, mb, error=None)
            return report
        except MailboxError as exc:
            failure: MailboxError = exc
        except NETWORK_ERRORS as exc:
            failure = MailboxError(f"{mb.name}: connection lost: {exc!r}", retryable=True)
        except Exception as exc:  # one mailbox's trouble (a missing folder …) never stops the rest
            failure = MailboxError(f"{mb.name}: {type(exc).__name__}: {exc}", retryable=False)
        attempt += 1
        if not failure.retryable or attempt > settings.sync.max_retries:
            report.error = str(failure)
            _record_health(engine, mb, error=failure)
            return report
        report.reconnects += 1
        time.sleep(settings.sync.backoff_s * 2 ** (attempt - 1))


def _sync_once(
    engine: Engine,
    settings: Settings,
    mb: MailboxSettings,
    classifier: Classifier | None,
    report: SyncReport,
    pool: ParsePool,
) -> None:
    client = connect(mb, settings.sync.timeout_s, on_token=lambda t: _record_token(engine, mb, t))
    try:
        for folder in mb.folders:
            _sync_folder(client, engine, settings, mb, folder, classifier, report, pool)
            if folder not in report.folders:
                report.folders.append(folder)
    finally:
        close(client)


def _sync_folder(
    client: IMAPClient,
    engine: Engine,
    settings: Settings,
    mb: MailboxSettings,
    folder: str,
    classifier: Classifier | None,
    report: SyncReport,
    pool: ParsePool,
) -> None:
    """Sizes first (SEARCH LARGER, RFC822.SIZE), then batches bounded by count and bytes; mail
    over the size limit is quarantined from its headers and stays on the server, never moved."""
    info = client.select_folder(folder, readonly=mb.move_to is None)
    run = _FolderRun(client, engine, settings, mb, folder, int(info[b"UIDVALIDITY"]), classifier)
    run.parser = pool
    last_uid = _position(engine, mb, folder, run.uidvalidity)
    with transaction(engine) as session:
        mailbox_id = ensure_mailbox(session, mb).id
        assert mailbox_id is not None
        run.held = held_on_server(session, mailbox_id, folder, run.uidvalidity)
    if mb.move_to:
        _move_stored(client, mb, last_uid, keep=set(run.held))
    limit = settings.sync.max_message_bytes
    sync = settings.sync
    # A mail no bigger than a full batch's share of batch_bytes needs no exact size: as many
    # as batch_size of them fit in a batch whatever their sizes.
    run.sizes = sizes = fetch_sizes(
        client, last_uid, exact_above=max(1, min(sync.batch_bytes // sync.batch_size, limit))
    )
    # Mail held back as too large that a raised limit now lets through is fetched again.
    sizes.update({uid: size for uid, size in run.held.items() if size <= limit})
    _set_waiting(engine, mb, len(sizes))

    def fetched() -> Iterator[_Fetched]:
        remaining = len(sizes)
        for batch in plan_batches(sizes, sync.batch_size, sync.batch_bytes, limit):
            remaining -= len(batch)
            yield run.fetch(batch, remaining)

    store_parsed_ahead(
        pool, fetched(), lambda f: [m.raw for m in f.mails], lambda f, p: run.store(f, p, report)
    )


@dataclass
class _Fetched:
    """A batch downloaded."""

    batch: FetchBatch
    left: int  # mail still waiting on the server after this batch
    mails: list[RawMail]
    heads: dict[int, bytes]  # headers of mail too large to fetch whole


@dataclass
class _FolderRun:
    client: IMAPClient
    engine: Engine
    settings: Settings
    mb: MailboxSettings
    folder: str
    uidvalidity: int
    classifier: Classifier | None
    held: dict[int, int] = field(default_factory=dict)  # too large, kept on the server
    sizes: dict[int, int] = field(default_factory=dict)
    parser: Parser | None = None  # the sync's parse workers

    def fetch(self, batch: FetchBatch, left: int) -> _Fetched:
        """Download one batch (and the headers of its mail too large to download)."""
        fetched = (
            self.client.fetch(batch.whole, ["BODY.PEEK[]", "INTERNALDATE"]) if batch.whole else {}
        )
        heads = fetch_headers(self.client, batch.too_large)
        with transaction(self.engine) as session:
            mailbox = ensure_mailbox(session, self.mb)
        mails = [
            RawMail(
                item[b"BODY[]"],
                mailbox,
                Location(self.folder, self.uidvalidity, uid),
                _dt(item.get(b"INTERNALDATE")),
            )
            for uid in batch.whole
            if (item := fetched.get(uid)) is not None and b"BODY[]" in item
        ]  # a UID missing here was expunged between the size FETCH and this one
        del fetched
        return _Fetched(batch, left, mails, heads)

    def store(self, done: _Fetched, parsed: list[ParseOutcome], report: SyncReport) -> None:
        """Store and advance past one batch in one transaction; move it after."""
        batch, mails, heads = done.batch, done.mails, done.heads
        again = [f"{self.folder}:{m.location.uid}" for m in mails if m.location.uid in self.held]

        def finish(session: Session) -> None:
            row = ensure_mailbox(session, self.mb)
            for uid, head in heads.items():
                self._quarantine(session, row, uid, head)
            resolve_too_large(session, row.id, again)
            _advance(session, row, self.folder, self.uidvalidity, batch.uids[-1])
            row.messages_waiting = done.left

        stored = store_batch(
            self.engine, self.settings, self.classifier, mails, finish, self.parser, parsed
        )
        for result in stored:
            report.count(result)
        report.results += [r for r in stored if r.status == IngestStatus.STORED]
        report.quarantined += len(heads)
        report.batches += 1
        if self.mb.move_to and mails:  # only after the batch is safely committed
            self.client.move([m.location.uid for m in mails], self.mb.move_to)

    def _quarantine(self, session: Session, row: Mailbox, uid: int, head: bytes) -> None:
        size = self.sizes.get(uid, 0)
        limit = self.settings.sync.max_message_bytes
        reason = too_large_reason(size, limit, imap_place(self.folder, uid, self.uidvalidity))
        quarantine_too_large(session, row, f"{self.folder}:{uid}", head, size, reason)


def _position(engine: Engine, mb: MailboxSettings, folder: str, uidvalidity: int) -> int:
    """The highest stored UID; zero after a UIDVALIDITY change (dedup absorbs the re-fetch)."""
    with transaction(engine) as session:
        mailbox = ensure_mailbox(session, mb)
        state = _state(session, mailbox, folder)
        if state.uidvalidity != uidvalidity:
            state.uidvalidity = uidvalidity
            state.last_uid = 0
            state.updated_at = utcnow()
        return state.last_uid


def _state(session: Session, mailbox: Mailbox, folder: str) -> FolderState:
    state = session.exec(
        select(FolderState).where(
            FolderState.mailbox_id == mailbox.id, FolderState.folder == folder
        )
    ).first()
    if state is None:
        assert mailbox.id is not None
        state = FolderState(mailbox_id=mailbox.id, folder=folder)
        session.add(state)
    return state


def _advance(session: Session, mailbox: Mailbox, folder: str, uidvalidity: int, uid: int) -> None:
    state = _state(session, mailbox, folder)
    state.uidvalidity = uidvalidity
    state.last_uid = max(state.last_uid, uid)
    state.updated_at = utcnow()


def _move_stored(client: IMAPClient, mb: MailboxSettings, last_uid: int, keep: set[int]) -> None:
    """Move mail that an earlier run stored but was stopped before moving (not the mail kept
    on the server as too large: it was never stored)."""
    if last_uid < 1:
        return
    left = client.search(["UID", f"1:{last_uid}"])
    left = [u for u in left if u <= last_uid and u not in keep]
    if left:
        assert mb.move_to is not None
        client.move(left, mb.move_to)


def _dt(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _set_waiting(engine: Engine, mb: MailboxSettings, waiting: int) -> None:
    with transaction(engine) as session:
        ensure_mailbox(session, mb).messages_waiting = waiting


def _record_health(engine: Engine, mb: MailboxSettings, error: MailboxError | None) -> None:
    with transaction(engine) as session:
        row = ensure_mailbox(session, mb)
        row.last_sync_at = utcnow()
        if error is None:
            row.last_success_at = row.last_sync_at
            row.last_error = None
            row.auth_failed = False
        else:
            row.last_error = str(error)
            row.last_error_at = row.last_sync_at
            row.auth_failed = not error.retryable


def _record_token(engine: Engine, mb: MailboxSettings, token: AccessToken) -> None:
    with transaction(engine) as session:
        ensure_mailbox(session, mb).token_expires_at = token.expires_at
