"""Scheduled work (APScheduler 3.x): a polling job per mailbox, IDLE watchers that trigger it
early, and the daily jobs. `serve` runs it in the background (one web worker); `worker` alone.

Exactly one scheduler runs per database: a process takes the lock "scheduler" before it starts
one, and a second process started by mistake waits, saying so, and takes over when the first
dies (the lock goes with the process, however it ends). Each job also runs under a lock of its
own, so a command run by hand (`triage train`, `triage sync --once`) never runs beside it, and
records its last run in JobRun, with the scheduler's heartbeat, for /healthz.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from functools import partial
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import Engine

from triage.cases.acknowledging import acknowledge_synced
from triage.db import exclusive, transaction
from triage.learning.classify import load_classifier
from triage.mail.ingest.idle import IdleWatcher
from triage.mail.ingest.keptpools import close_kept
from triage.mail.ingest.sync import sync_mailbox
from triage.models import JobRun, utcnow
from triage.settings import MailboxSettings, Settings

log = logging.getLogger(__name__)
HEARTBEAT_S = 15  # how often a running scheduler says so (/healthz allows four beats' lag)
LEADER_POLL_S = 5.0  # how often a waiting scheduler tries the lock again
HOLDER = f"{socket.gethostname()}:{os.getpid()}"


def run_job(engine: Engine, name: str, job: Callable[..., Any], *args: Any) -> bool:
    """Run `job(*args)` under the lock `job:<name>` and record the run; False (and nothing
    run) when another process is running it now."""
    with exclusive(engine, f"job:{name}") as mine:
        if not mine:
            log.info("%s: running in another process; not started again here", name)
            return False
        _record(engine, name, started=True)
        try:
            job(*args)
        except Exception as exc:
            _record(engine, name, error=f"{type(exc).__name__}: {exc}"[:500])
            raise
        _record(engine, name)
        return True


def _record(engine: Engine, name: str, *, started: bool = False, error: str = "") -> None:
    try:
        with transaction(engine) as session:
            row = session.get(JobRun, name) or JobRun(name=name)
            now = utcnow()
            row.holder = HOLDER
            if started:
                row.started_at = now
            else:
                row.finished_at, row.error = now, error
            session.add(row)
    except Exception:  # the record is for monitoring: never the reason a job fails
        log.exception("could not record the run of %s", name)


def _heartbeat(engine: Engine) -> None:
    _record(engine, "scheduler", started=True)
    _record(engine, "scheduler")


def _job_id(mb: MailboxSettings) -> str:
    return f"sync:{mb.name}"  # run_job's lock "job:sync:<name>" is the one sync_all takes


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
            run_job,
            "cron",
            hour=hour,
            minute=minute,
            id=job_id,
            args=[engine, job_id, job, engine, settings],
            max_instances=1,
            coalesce=True,
        )
    scheduler.add_job(
        _heartbeat,
        "interval",
        seconds=HEARTBEAT_S,
        id="heartbeat",
        args=[engine],
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
    )
    watchers: list[IdleWatcher] = []
    for mb in settings.mailbox:
        if only and mb.name != only:
            continue
        interval = mb.poll_interval_s or settings.sync.poll_interval_s
        scheduler.add_job(
            run_job,
            "interval",
            seconds=interval,
            id=_job_id(mb),
            args=[engine, _job_id(mb), _sync_job, engine, settings, mb],
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


def _lead(engine: Engine, stop: threading.Event | None = None) -> Generator[bool, None, None]:
    """Wait until this process may run the scheduler (saying so once), then hold that right."""
    told = False
    while stop is None or not stop.is_set():
        with exclusive(engine, "scheduler", wait_s=LEADER_POLL_S) as mine:
            if mine:
                if told:
                    log.warning("the other scheduler is gone: this process (%s) takes over", HOLDER)
                yield True
                return
        if not told:
            log.warning(
                "another process runs the scheduler for this database; %s waits and takes over "
                "if it stops",
                HOLDER,
            )
            told = True
    yield False


class Background:
    """The scheduler in a web process: started once this process leads, stopped with it."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.stopping = threading.Event()
        self.scheduler: BackgroundScheduler | None = None
        self.thread = threading.Thread(
            target=self._run, args=(settings, engine), name="scheduler", daemon=True
        )
        self.thread.start()

    def _run(self, settings: Settings, engine: Engine) -> None:
        leading = _lead(engine, self.stopping)
        if not next(leading):
            return
        scheduler = BackgroundScheduler(timezone=settings.timezone)
        watchers = configure(scheduler, settings, engine)
        scheduler.start()
        self.scheduler = scheduler
        self.stopping.wait()  # the lock is held by the suspended generator until then
        scheduler.shutdown(wait=False)
        for w in watchers:
            w.stop()
        close_kept()  # the parse workers its syncs kept
        leading.close()

    def shutdown(self, wait: bool = False) -> None:
        self.stopping.set()
        if wait:
            self.thread.join()


def start_background(settings: Settings, engine: Engine) -> Background:
    return Background(settings, engine)


def run_worker(settings: Settings, engine: Engine, only: str | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    leading = _lead(engine)
    next(leading)
    scheduler = BlockingScheduler(timezone=settings.timezone)
    watchers = configure(scheduler, settings, engine, only)
    log.info("%s runs the scheduler", HOLDER)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        for w in watchers:
            w.stop()
        close_kept()
        leading.close()
