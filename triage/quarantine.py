"""Re-running a quarantined mail once the bug that kept it out is fixed: one click for an admin.

The mail goes through the same Ingestor as IMAP and file import; a mail that still fails stays in
the quarantine with the new reason, and a re-run never raises because of the mail itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from classifiers import Classifier
from triage.errors import Conflict, NotFound
from triage.ingest.store import Ingestor, IngestResult, Location, Outcome
from triage.models import Blob, Mailbox, Quarantine, utcnow
from triage.settings import Settings


@dataclass(frozen=True)
class RerunResult:
    outcome: str  # "stored" | "duplicate" | "quarantined_again"
    case_id: int | None = None
    error: str | None = None


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
            if result.outcome == Outcome.QUARANTINED:
                # The Ingestor may have queued a second quarantine row (when the fallback
                # mailbox is not the row's); the savepoint's rollback drops it.
                raise _StillBroken(result.error)
    except _StillBroken as exc:
        return RerunResult("quarantined_again", error=str(exc))
    except Exception as exc:  # the bug that quarantined it may still be there
        return RerunResult("quarantined_again", error=f"{type(exc).__name__}: {exc}")
    return _rerun_result(result)


def _rerun_result(result: IngestResult) -> RerunResult:
    outcome = "stored" if result.outcome == Outcome.STORED else "duplicate"
    return RerunResult(outcome, case_id=result.case_id)
