"""Storing mail batch by batch: one transaction per batch, and mail by mail when the database
refuses a batch, so one bad mail never holds up a mailbox."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from classifiers import Classifier
from triage.db import transaction
from triage.mail.ingest.incoming import IngestResult, IngestStatus, RawMail
from triage.mail.ingest.parsepool import ParseOutcome
from triage.mail.ingest.store import Ingestor, Parser
from triage.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class IngestCounts:
    """What a sync or an import did, mail by mail."""

    stored: int = 0
    duplicates: int = 0
    auto_replies: int = 0
    quarantined: int = 0
    new_cases: int = 0

    def count(self, result: IngestResult) -> None:
        if result.status == IngestStatus.STORED:
            self.stored += 1
            self.auto_replies += result.auto_reply
            self.new_cases += result.new_case
        elif result.status == IngestStatus.DUPLICATE:
            self.duplicates += 1
        else:
            self.quarantined += 1


def store_batch(
    engine: Engine,
    settings: Settings,
    classifier: Classifier | None,
    mails: Sequence[RawMail],
    finish: Callable[[Session], None],
    parser: Parser | None = None,
    parsed: Sequence[ParseOutcome] | None = None,
) -> list[IngestResult]:
    """Store a batch in one transaction with `finish` (e.g. advancing the folder position);
    `parsed` is the batch's parse when it was done ahead (the parse pool's `start`).

    Should the database refuse the batch (a value PostgreSQL will not take, a concurrent worker
    storing the same mail), each mail is stored on its own and a mail that still fails is
    quarantined with the database's reason: one bad mail never holds up a mailbox.
    """
    try:
        with transaction(engine) as session:
            ingestor = Ingestor.for_settings(session, settings, classifier, parser)
            results = ingestor.ingest_batch(mails, outcomes=parsed)
            finish(session)
        return results
    except SQLAlchemyError as exc:
        log.warning(
            "a batch of %d mails was refused (%s); storing them one by one",
            len(mails),
            type(exc).__name__,
        )
    results = []
    for i, mail in enumerate(mails):
        try:
            with transaction(engine) as session:
                ingestor = Ingestor.for_settings(session, settings, classifier, parser)
                one = None if parsed is None else [parsed[i]]
                results += ingestor.ingest_batch([mail], outcomes=one)
        except SQLAlchemyError as exc:
            with transaction(engine) as session:
                reason = f"could not be stored: {type(exc).__name__}: {getattr(exc, 'orig', exc)}"
                results.append(
                    Ingestor.for_settings(session, settings, None).quarantine(mail, reason)
                )
    with transaction(engine) as session:
        finish(session)
    return results
