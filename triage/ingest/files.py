"""Import exported mail: mbox files, Maildir folders, .eml files or folders of them.

An office exporting last year's mailbox runs the period analysis on it. The mail goes through the
same Ingestor as IMAP, so importing twice, or what IMAP already fetched, stores nothing new.
"""

from __future__ import annotations

import mailbox as stdlib_mailbox
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import select

from classifiers import Classifier
from triage.db import transaction
from triage.errors import InvalidInput
from triage.ingest.batch import IngestCounts, store_batch
from triage.ingest.mbox import is_from_line, iter_mbox_entries
from triage.ingest.store import Location, RawMail
from triage.models import Mailbox
from triage.settings import Settings

_BATCH = 200
_SINGLE = {".eml", ".msg"}
_NOT_MAIL = {".md", ".json", ".jsonl", ".yml", ".yaml", ".py", ".zip", ".gz", ".pdf", ".csv"}


@dataclass
class ImportReport(IngestCounts):
    @property
    def imported(self) -> int:
        return self.stored


def iter_mail(path: Path) -> Iterator[tuple[str, bytes, datetime | None]]:
    """(source, raw bytes, delivery time if the export records one) for every mail under `path`."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or folder")
    if path.is_dir() and all((path / d).is_dir() for d in ("cur", "new")):
        box = stdlib_mailbox.Maildir(path, factory=None, create=False)
        for key in sorted(box.keys()):
            delivered = datetime.fromtimestamp(box.get_message(key).get_date(), UTC)
            yield f"{path}:{key}", box.get_bytes(key), delivered
    elif path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and _is_mail_file(p)):
            yield from _file(child)
    else:
        yield from _file(path)


def _file(path: Path) -> Iterator[tuple[str, bytes, datetime | None]]:
    """One .eml/.msg is one mail (even with a From_ line); a file opening with From_ is an mbox."""
    with path.open("rb") as fh:
        head = fh.readline()
    if path.suffix.lower() not in _SINGLE and is_from_line(head):
        for index, (raw, delivered) in enumerate(iter_mbox_entries(path)):
            yield f"{path}#{index + 1}", raw, delivered
    else:
        yield str(path), path.read_bytes(), None


def _is_mail_file(path: Path) -> bool:
    """Inside a folder, every file but hidden ones and obvious documents is taken as mail."""
    return not path.name.startswith(".") and path.suffix.lower() not in _NOT_MAIL


def count_mail(paths: list[Path]) -> int:
    return sum(1 for p in paths for _ in iter_mail(p))


def import_paths(
    engine: Engine,
    settings: Settings,
    paths: list[Path],
    mailbox_name: str,
    classifier: Classifier | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import every mail under `paths` into `mailbox_name`, committing in batches."""
    report = ImportReport()
    batch: list[tuple[str, bytes, datetime | None]] = []
    for path in paths:
        for item in iter_mail(path):
            batch.append(item)
            if len(batch) >= _BATCH:
                _store_batch(engine, settings, batch, mailbox_name, classifier, report)
                if progress:
                    progress(len(batch))
                batch = []
    if batch:
        _store_batch(engine, settings, batch, mailbox_name, classifier, report)
        if progress:
            progress(len(batch))
    return report


def _store_batch(
    engine: Engine,
    settings: Settings,
    batch: list[tuple[str, bytes, datetime | None]],
    mailbox_name: str,
    classifier: Classifier | None,
    report: ImportReport,
) -> None:
    with transaction(engine) as session:
        mailbox = session.exec(select(Mailbox).where(Mailbox.name == mailbox_name)).first()
        if mailbox is None:
            address = next((m.address for m in settings.mailbox if m.name == mailbox_name), "")
            mailbox = Mailbox(name=mailbox_name, address=address)
            session.add(mailbox)
            session.flush()
    mails = [RawMail(raw, mailbox, Location(f"file:{src}", 0, 0), when) for src, raw, when in batch]
    for result in store_batch(engine, settings, classifier, mails, lambda session: None):
        report.count(result)
