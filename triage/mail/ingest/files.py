"""Import exported mail: mbox files, Maildir folders, .eml files or folders of them.

An office exporting last year's mailbox runs the period analysis on it. The mail goes through the
same Ingestor as IMAP, so importing twice, or what IMAP already fetched, stores nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from classifiers import Classifier
from triage.db import transaction
from triage.errors import InvalidInput
from triage.mail.ingest.batch import IngestCounts, store_batch
from triage.mail.ingest.incoming import Location, RawMail
from triage.mail.ingest.keptpools import lent_pool
from triage.mail.ingest.mbox import count_mbox, is_from_line, iter_mbox_entries
from triage.mail.ingest.parsepool import ParseOutcome, ParsePool
from triage.mail.ingest.pipeline import store_parsed_ahead
from triage.mail.ingest.quarantine import quarantine_too_large, resolve_too_large, too_large_reason
from triage.models import Mailbox
from triage.settings import Settings

_BATCH = 200
_HEAD_CAP = 256 * 1024  # at most this much of a too-large mail's header block is kept
_SINGLE = {".eml", ".msg"}
_NOT_MAIL = {".md", ".json", ".jsonl", ".yml", ".yaml", ".py", ".zip", ".gz", ".pdf", ".csv"}


@dataclass
class ImportReport(IngestCounts):
    @property
    def imported(self) -> int:
        return self.stored


@dataclass(frozen=True)
class FoundMail:
    """A mail in an export; one over the size limit carries only its headers (`whole` False)."""

    source: str
    raw: bytes
    delivered: datetime | None = None  # when the export records a delivery time
    size: int = 0
    whole: bool = True


def iter_mail(path: Path, max_bytes: int | None = None) -> Iterator[FoundMail]:
    """Every mail under `path`; one over `max_bytes` is not read whole, only its headers."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or folder")
    if path.is_dir() and all((path / d).is_dir() for d in ("cur", "new")):
        for key, file in _maildir_files(path):
            delivered = datetime.fromtimestamp(file.stat().st_mtime, UTC)
            found = _read(file, f"{path}:{key}", max_bytes)
            yield FoundMail(found.source, found.raw, delivered, found.size, found.whole)
    elif path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and _is_mail_file(p)):
            yield from _file(child, max_bytes)
    else:
        yield from _file(path, max_bytes)


def _maildir_files(path: Path) -> list[tuple[str, Path]]:
    """(key, file) as the standard library's Maildir names them, in key order; the date is the
    file's time, as Maildir keeps it (no mail is parsed just to learn it)."""
    files = [f for sub in ("new", "cur") for f in (path / sub).iterdir() if f.is_file()]
    return sorted((f.name.split(":")[0], f) for f in files if not f.name.startswith("."))


def _file(path: Path, max_bytes: int | None) -> Iterator[FoundMail]:
    """One .eml/.msg is one mail (even with a From_ line); a file opening with From_ is an mbox."""
    with path.open("rb") as fh:
        head = fh.readline()
    if path.suffix.lower() not in _SINGLE and is_from_line(head):
        for index, entry in enumerate(iter_mbox_entries(path, max_bytes)):
            source = f"{path}#{index + 1}"
            yield FoundMail(source, entry.raw, entry.delivered, entry.size, entry.whole)
    else:
        yield _read(path, str(path), max_bytes)


def _read(path: Path, source: str, max_bytes: int | None) -> FoundMail:
    size = path.stat().st_size
    if max_bytes is None or size <= max_bytes:
        return FoundMail(source, path.read_bytes(), size=size)
    return FoundMail(source, _header_block(path), size=size, whole=False)


def _header_block(path: Path) -> bytes:
    """The header block of a mail file (up to its first blank line), at most _HEAD_CAP bytes."""
    kept = bytearray()
    with path.open("rb") as fh:
        for line in fh:
            if not line.strip() or len(kept) + len(line) > _HEAD_CAP:
                break
            kept += line
    return bytes(kept)


def _is_mail_file(path: Path) -> bool:
    """Inside a folder, every file but hidden ones and obvious documents is taken as mail."""
    return not path.name.startswith(".") and path.suffix.lower() not in _NOT_MAIL


def count_mail(paths: list[Path]) -> int:
    """For the progress bar: mbox files are scanned line by line, nothing else is read."""
    total = 0
    for path in paths:
        if not path.exists():
            raise InvalidInput(f"{path}: no such file or folder")
        if path.is_dir() and all((path / d).is_dir() for d in ("cur", "new")):
            total += len(_maildir_files(path))
        elif path.is_dir():
            total += sum(
                _count_file(p) for p in path.rglob("*") if p.is_file() and _is_mail_file(p)
            )
        else:
            total += _count_file(path)
    return total


def _count_file(path: Path) -> int:
    with path.open("rb") as fh:
        head = fh.readline()
    if path.suffix.lower() not in _SINGLE and is_from_line(head):
        return count_mbox(path)
    return 1


def import_paths(
    engine: Engine,
    settings: Settings,
    paths: list[Path],
    mailbox_name: str,
    classifier: Classifier | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import every mail under `paths` into `mailbox_name`, committing in batches bounded by
    count and by `[sync] batch_bytes`; mail over `[sync] max_message_bytes` is quarantined,
    and so is mail whose parsing overruns `[sync] parse_timeout_s` or `parse_memory_mb`."""
    with lent_pool(settings.sync) as pool:
        return _import(engine, settings, paths, mailbox_name, classifier, progress, pool)


def _import(
    engine: Engine,
    settings: Settings,
    paths: list[Path],
    mailbox_name: str,
    classifier: Classifier | None,
    progress: Callable[[int], None] | None,
    pool: ParsePool,
) -> ImportReport:
    report = ImportReport()

    def batches() -> Iterator[list[FoundMail]]:
        batch: list[FoundMail] = []
        held = 0
        for path in paths:
            for item in iter_mail(path, settings.sync.max_message_bytes):
                batch.append(item)
                held += len(item.raw)
                if len(batch) >= _BATCH or held >= settings.sync.batch_bytes:
                    yield batch
                    batch, held = [], 0
        if batch:
            yield batch

    def store(batch: list[FoundMail], parsed: list[ParseOutcome]) -> None:
        _store_batch(engine, settings, batch, mailbox_name, classifier, report, pool, parsed)
        if progress:
            progress(len(batch))

    store_parsed_ahead(pool, batches(), lambda batch: [m.raw for m in batch if m.whole], store)
    return report


def _store_batch(
    engine: Engine,
    settings: Settings,
    batch: list[FoundMail],
    mailbox_name: str,
    classifier: Classifier | None,
    report: ImportReport,
    pool: ParsePool,
    parsed: list[ParseOutcome],
) -> None:
    mailbox = _mailbox(engine, settings, mailbox_name)
    mails = [
        RawMail(m.raw, mailbox, Location(f"file:{m.source}", 0, 0), m.delivered)
        for m in batch
        if m.whole
    ]
    too_large = [m for m in batch if not m.whole]

    def finish(session: Session) -> None:
        limit = settings.sync.max_message_bytes
        for m in too_large:
            reason = too_large_reason(m.size, limit, f"in the file {m.source}")
            quarantine_too_large(session, mailbox, f"file:{m.source}", m.raw, m.size, reason)
        resolve_too_large(session, mailbox.id, [mail.location.folder for mail in mails])

    for result in store_batch(engine, settings, classifier, mails, finish, pool, parsed):
        report.count(result)
    report.quarantined += len(too_large)


def _mailbox(engine: Engine, settings: Settings, name: str) -> Mailbox:
    with transaction(engine) as session:
        mailbox = session.exec(select(Mailbox).where(Mailbox.name == name)).first()
        if mailbox is None:
            address = next((m.address for m in settings.mailbox if m.name == name), "")
            mailbox = Mailbox(name=name, address=address)
            session.add(mailbox)
            session.flush()
    return mailbox
