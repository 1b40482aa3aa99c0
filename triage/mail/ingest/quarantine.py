"""Re-running a quarantined mail once the bug that kept it out is fixed: one click for an admin.

The mail goes through the same Ingestor as IMAP and file import; a mail that still fails stays in
the quarantine with the new reason, and a re-run never raises because of the mail itself.

Mail over `[sync] max_message_bytes` is "too large": only its headers are kept here (the row's
size is the whole mail's), the mail stays where it is, and the reason says where. It cannot be
re-run from its headers; after the limit is raised the next sync (or `triage import` of the file
again) fetches it whole and marks the row resolved.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from classifiers import Classifier
from triage.db import insert_ignoring_duplicates
from triage.errors import Conflict, NotFound
from triage.mail.ingest.incoming import IngestResult, IngestStatus, Location
from triage.mail.ingest.store import Ingestor
from triage.models import Blob, Mailbox, Quarantine, utcnow
from triage.settings import Settings


@dataclass(frozen=True)
class RerunResult:
    outcome: str  # "stored" | "duplicate" | "quarantined_again"
    case_id: int | None = None
    error: str | None = None


TOO_LARGE = "too large: "
_IMAP_PLACE = re.compile(r"\(UID (\d+), UIDVALIDITY (\d+)\)$")


def too_large_reason(size: int, limit: int, where: str) -> str:
    """E.g. "too large: 63.2 MB is over the 50 MB limit; only its headers are kept here, the
    mail itself stays on the server in INBOX (UID 7, UIDVALIDITY 1)"."""
    return (
        f"{TOO_LARGE}{_megabytes(size)} is over the {_megabytes(limit)} limit; "
        f"only its headers are kept here, the mail itself stays {where}"
    )


def imap_place(folder: str, uid: int, uidvalidity: int) -> str:
    return f"on the server in {folder} (UID {uid}, UIDVALIDITY {uidvalidity})"


def _megabytes(size: int) -> str:
    """63.2 MB, 50 MB; under a megabyte in KB (test limits are small)."""
    unit, scale = ("MB", 1024 * 1024) if size >= 1024 * 1024 else ("KB", 1024)
    return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"


def quarantine_too_large(
    session: Session, mailbox: Mailbox, source: str, headers: bytes, size: int, reason: str
) -> IngestResult:
    """Keep the headers of a mail too large to download, once per mailbox and source."""
    sha = hashlib.sha256(headers).hexdigest()
    insert_ignoring_duplicates(
        session, Blob, [{"sha256": sha, "size": len(headers), "data": headers}]
    )
    kept = session.exec(
        select(Quarantine.id).where(
            Quarantine.mailbox_id == mailbox.id,
            Quarantine.source == source,
            Quarantine.raw_sha256 == sha,
            col(Quarantine.resolved_at).is_(None),
        )
    ).first()
    if kept is None:
        session.add(
            Quarantine(
                mailbox_id=mailbox.id, source=source, error=reason, raw_sha256=sha, size=size
            )
        )
    return IngestResult(IngestStatus.QUARANTINED, error=reason)


def held_on_server(
    session: Session, mailbox_id: int, folder: str, uidvalidity: int
) -> dict[int, int]:
    """UID -> size of this folder's too-large mail still waiting (not to be moved away)."""
    held: dict[int, int] = {}
    for source, error, size in session.exec(
        select(Quarantine.source, Quarantine.error, Quarantine.size).where(
            Quarantine.mailbox_id == mailbox_id,
            col(Quarantine.source).startswith(f"{folder}:", autoescape=True),
            col(Quarantine.error).startswith(TOO_LARGE),
            col(Quarantine.resolved_at).is_(None),
        )
    ):
        place = _IMAP_PLACE.search(error)
        if place and int(place.group(2)) == uidvalidity and source == f"{folder}:{place[1]}":
            held[int(place.group(1))] = size
    return held


def resolve_too_large(session: Session, mailbox_id: int | None, sources: Iterable[str]) -> None:
    """Too-large mail now stored whole (after the limit was raised) leaves the quarantine."""
    wanted = sorted(set(sources))
    if not wanted or mailbox_id is None:
        return
    session.execute(
        update(Quarantine)
        .where(
            col(Quarantine.mailbox_id) == mailbox_id,
            col(Quarantine.source).in_(wanted),
            col(Quarantine.error).startswith(TOO_LARGE),
            col(Quarantine.resolved_at).is_(None),
        )
        .values(resolved_at=utcnow())
    )


class _StillBroken(Exception):
    """Raised inside the savepoint so that whatever the failed attempt wrote is undone."""


def quarantined_mail(session: Session, quarantine_id: int) -> tuple[Quarantine, bytes]:
    """The quarantine row and the raw mail it kept; NotFound when either is gone."""
    row = session.get(Quarantine, quarantine_id)
    if row is None:
        raise NotFound(f"no quarantined mail with id {quarantine_id}")
    blob = session.get(Blob, row.raw_sha256)
    if blob is None:
        raise NotFound(f"the raw mail of quarantined mail {quarantine_id} is no longer kept")
    return row, blob.data


def rerun_quarantined(
    session: Session,
    settings: Settings,
    quarantine_id: int,
    classifier: Classifier | None = None,
) -> RerunResult:
    """Store a quarantined mail now, in the caller's transaction.

    On success the row is marked resolved; when the mail still fails, the row stays open with
    the new reason and the result says "quarantined_again". Conflict when already resolved.
    """
    row, raw = quarantined_mail(session, quarantine_id)
    if row.resolved_at is not None:
        raise Conflict(f"quarantined mail {quarantine_id} was already resolved")
    if row.error.startswith(TOO_LARGE):
        raise Conflict(
            f"quarantined mail {quarantine_id} is {row.error}: raise [sync] max_message_bytes "
            "and sync (or import the file) again to fetch it whole"
        )
    mailbox = _mailbox_for(session, row)
    _claim(session, quarantine_id)
    result = _ingest(session, settings, classifier, row, mailbox, raw)
    if result.outcome == "quarantined_again":
        row.resolved_at = None
        row.error = result.error or ""
    session.flush()
    return result


def _mailbox_for(session: Session, row: Quarantine) -> Mailbox:
    """The mailbox the mail came from; for rows that name none, the first mailbox we have."""
    mailbox = session.get(Mailbox, row.mailbox_id) if row.mailbox_id is not None else None
    if mailbox is None:
        mailbox = session.exec(select(Mailbox).order_by(col(Mailbox.id))).first()
    if mailbox is None:
        raise Conflict(
            f"quarantined mail {row.id} names no mailbox and none is set up yet: "
            "sync or import a mailbox first, then re-run it"
        )
    return mailbox


def _claim(session: Session, quarantine_id: int) -> None:
    """Mark the row resolved before storing, only if it still is open: of two admins clicking
    at once, the second gets Conflict. Being a write, it also opens the database transaction,
    so the savepoint below nests inside the caller's (pysqlite would otherwise let the savepoint
    start, and on release commit, a transaction of its own)."""
    claimed = session.execute(
        update(Quarantine)
        .where(col(Quarantine.id) == quarantine_id, col(Quarantine.resolved_at).is_(None))
        .values(resolved_at=utcnow())
        .returning(col(Quarantine.id))
    ).first()
    if claimed is None:
        raise Conflict(f"quarantined mail {quarantine_id} was already resolved")


def _ingest(
    session: Session,
    settings: Settings,
    classifier: Classifier | None,
    row: Quarantine,
    mailbox: Mailbox,
    raw: bytes,
) -> RerunResult:
    # A file-like location (UIDVALIDITY and UID 0) naming the row: IMAP may since have
    # renumbered the folder, and a guessed UID must not claim another mail's place.
    location = Location(f"quarantine:{row.id}", 0, 0)
    ingestor = Ingestor.for_settings(session, settings, classifier)
    try:
        with session.begin_nested():
            result = ingestor.ingest(raw, mailbox, location, delivered_at=row.created_at)
            if result.status == IngestStatus.QUARANTINED:
                # The Ingestor may have queued a second quarantine row (when the fallback
                # mailbox is not the row's); the savepoint's rollback drops it.
                raise _StillBroken(result.error)
    except _StillBroken as exc:
        return RerunResult("quarantined_again", error=str(exc))
    except Exception as exc:  # the bug that quarantined it may still be there
        return RerunResult("quarantined_again", error=f"{type(exc).__name__}: {exc}")
    return _rerun_result(result)


def _rerun_result(result: IngestResult) -> RerunResult:
    outcome = "stored" if result.status == IngestStatus.STORED else "duplicate"
    return RerunResult(outcome, case_id=result.case_id)
