"""Scheduled work (APScheduler 3.x): a polling job per mailbox, IDLE watchers that trigger it
early, and the nightly jobs later issues add. `serve` runs it in the background; `worker` alone."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import partial

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import Engine

from triage.cases.acknowledging import acknowledge_synced
from triage.learning.classify import load_classifier
from triage.mail.ingest.idle import IdleWatcher
from triage.mail.ingest.sync import sync_mailbox
from triage.settings import MailboxSettings, Settings

log = logging.getLogger(__name__)


def _job_id(mb: MailboxSettings) -> str:
    return f"sync:{mb.name}"


def configure(
    scheduler: BaseScheduler, settings: Settings, engine: Engine, only: str | None = None
) -> list[IdleWatcher]:
    """Add a sync job per mailbox and start IDLE watchers; return the watchers."""
    # The daily jobs, in the office's time zone. The monthly report is asked for every day, so
    # a server that was down on the 1st catches up the next morning (it is built only once).
    daily = [
        ("train", _nightly_training, 2, 30),
        ("retention", _retention, 3, 15),
        ("routine-reviews", _routine_reviews, 6, 0),
        ("monthly-report", _monthly_report, 6, 30),
    ]
    for job_id, job, hour, minute in daily:
        scheduler.add_job(
            job,
            "cron",
            hour=hour,
            minute=minute,
            id=job_id,
            args=[engine, settings],
            max_instances=1,
            coalesce=True,
        )
    watchers: list[IdleWatcher] = []
    for mb in settings.mailbox:
        if only and mb.name != only:
            continue
        interval = mb.poll_interval_s or settings.sync.poll_interval_s
        scheduler.add_job(
            _sync_job,
            "interval",
            seconds=interval,
            id=_job_id(mb),
            args=[engine, settings, mb],
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        if mb.idle:
            watcher = IdleWatcher(mb, partial(_run_now, scheduler, mb), settings.sync.timeout_s)
            watcher.start()
            watchers.append(watcher)
    return watchers


def _nightly_training(engine: Engine, settings: Settings) -> None:
    from triage.learning.training import train_and_promote

    report = train_and_promote(engine, settings)
    log.info("nightly training: %s", report.summary())


def _routine_reviews(engine: Engine, settings: Settings) -> None:
    from triage.cases.checklists import flag_overdue_routines
    from triage.cases.routine_store import ensure_routines_seeded, routine_library
    from triage.db import transaction

    with transaction(engine) as session:  # the approved routines, as the office keeps them
        ensure_routines_seeded(session)
        flagged = flag_overdue_routines(session, routine_library(session), settings.today())
    if flagged:
        log.warning("%d routine(s) are past their review date; their owners are listed", flagged)


def _retention(engine: Engine, settings: Settings) -> None:
    from triage.db import transaction
    from triage.records.retention import apply_retention

    with transaction(engine) as session:
        report = apply_retention(session, settings)
    if report.cases or report.quarantined:
        log.info(
            "retention: personal data removed from %d cases (%d messages), %d quarantined",
            report.cases,
            report.messages,
            report.quarantined,
        )


def _monthly_report(engine: Engine, settings: Settings) -> None:
    from triage.db import transaction
    from triage.records.reports import monthly_report_job

    with transaction(engine) as session:
        monthly_report_job(session, settings)


def _sync_job(engine: Engine, settings: Settings, mb: MailboxSettings) -> None:
    # Loaded each run (a few ms), so a model promoted tonight is used by the next sync.
    report = sync_mailbox(engine, settings, mb, load_classifier(settings))
    acks = acknowledge_synced(engine, settings, report)  # never raises
    if acks.sent or acks.failed:
        log.info("%s: %d acknowledgements sent, %d failed", mb.name, acks.sent, acks.failed)
    if report.error:
        log.warning("sync of %s failed: %s", mb.name, report.error)
    elif report.stored:
        log.info("%s: %d new messages, %d new cases", mb.name, report.stored, report.new_cases)


def _run_now(scheduler: BaseScheduler, mb: MailboxSettings) -> None:
    job = scheduler.get_job(_job_id(mb))
    if job is not None:
        job.modify(next_run_time=datetime.now(UTC))


def start_background(settings: Settings, engine: Engine) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=settings.timezone)
    configure(scheduler, settings, engine)
    scheduler.start()
    return scheduler


def run_worker(settings: Settings, engine: Engine, only: str | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    scheduler = BlockingScheduler(timezone=settings.timezone)
    watchers = configure(scheduler, settings, engine, only)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        for w in watchers:
            w.stop()
