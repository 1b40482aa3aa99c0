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
from triage.db import transaction
from triage.errors import MailboxError
from triage.ingest.batch import IngestCounts, store_batch
from triage.ingest.imap import NETWORK_ERRORS, close, connect
from triage.ingest.oauth import AccessToken
from triage.ingest.store import Location, RawMail
from triage.models import FolderState, Mailbox, utcnow
from triage.settings import MailboxSettings, Settings


@dataclass
class SyncReport(IngestCounts):
    mailbox: str = ""
    error: str = ""
    reconnects: int = 0
    folders: list[str] = field(default_factory=list)


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
    """Sync every configured mailbox (or `only` one); failures are reported, never raised."""
    boxes = [settings.mailbox_named(only)] if only else settings.mailbox
    return [sync_mailbox(engine, settings, mb, classifier) for mb in boxes]


def sync_mailbox(
    engine: Engine, settings: Settings, mb: MailboxSettings, classifier: Classifier | None = None
) -> SyncReport:
    report = SyncReport(mailbox=mb.name)
    attempt = 0
    while True:
        try:
            _sync_once(engine, settings, mb, classifier, report)
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
) -> None:
    client = connect(mb, settings.sync.timeout_s, on_token=lambda t: _record_token(engine, mb, t))
    try:
        for folder in mb.folders:
            _sync_folder(client, engine, settings, mb, folder, classifier, report)
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
) -> None:
    info = client.select_folder(folder, readonly=mb.move_to is None)
    uidvalidity = int(info[b"UIDVALIDITY"])
    last_uid = _position(engine, mb, folder, uidvalidity)
    if mb.move_to:
        _move_stored(client, mb, last_uid)
    uids = sorted(u for u in client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid)
    _set_waiting(engine, mb, len(uids))
    remaining = len(uids)
    for batch in _batches(uids, settings.sync.batch_size):
        remaining -= len(batch)
        fetched = client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
        with transaction(engine) as session:
            mailbox = ensure_mailbox(session, mb)
        mails = [
            RawMail(
                item[b"BODY[]"],
                mailbox,
                Location(folder, uidvalidity, uid),
                _dt(item.get(b"INTERNALDATE")),
            )
            for uid in batch
            if (item := fetched.get(uid)) is not None and b"BODY[]" in item
        ]  # a UID missing here was expunged between SEARCH and FETCH

        def finish(session: Session, last: int = batch[-1], left: int = remaining) -> None:
            row = ensure_mailbox(session, mb)
            _advance(session, row, folder, uidvalidity, last)
            row.messages_waiting = left

        for result in store_batch(engine, settings, classifier, mails, finish):
            report.count(result)
        if mb.move_to:  # only after the batch is safely committed
            client.move(batch, mb.move_to)


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


def _move_stored(client: IMAPClient, mb: MailboxSettings, last_uid: int) -> None:
    """Move mail that an earlier run stored but was stopped before moving."""
    if last_uid < 1:
        return
    left = client.search(["UID", f"1:{last_uid}"])
    left = [u for u in left if u <= last_uid]
    if left:
        assert mb.move_to is not None
        client.move(left, mb.move_to)


def _batches(uids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(uids), size):
        yield uids[start : start + size]


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
