"""Exactly one scheduler per database: a second `triage worker` started by mistake waits, and
takes over when the first is killed with SIGKILL; a job never runs twice at once, whoever
starts it. On SQLite (a file lock) and on PostgreSQL (an advisory lock)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from tests.factories import install_model
from triage.db import make_engine, upgrade
from triage.models import JobRun
from triage.scheduler import LEADER_POLL_S, run_job
from triage.settings import Settings

WAIT_S = 60.0


class _Worker:
    """A `triage worker` process, and what it has said so far (read as it says it)."""

    def __init__(self, data_dir: Path, url: str) -> None:
        env = {
            "PATH": "/usr/bin:/bin",
            "TRIAGE_DATA_DIR": str(data_dir),
            "TRIAGE_DATABASE_URL": url,
            "PYTHONUNBUFFERED": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "triage", "worker"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.pid = self.process.pid
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def said(self) -> str:
        return "".join(self.lines)

    def stop(self) -> str:
        """Stop the worker as Ctrl-C would (or kill it), and all it said."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return self.said()


def _holder(url: str, data_dir: Path) -> str:
    engine = make_engine(Settings(data_dir=data_dir, database_url=url))
    try:
        with Session(engine) as session:
            beat = session.get(JobRun, "scheduler")
            return beat.holder if beat else ""
    finally:
        engine.dispose()


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT_S:.0f} s for {what}"
        time.sleep(0.5)


def _second_worker_takes_over(tmp_path: Path, url: str, seed_model_file: Path) -> None:
    data_dir = tmp_path / "var"
    engine = make_engine(Settings(data_dir=data_dir, database_url=url))
    upgrade(engine)
    engine.dispose()
    install_model(data_dir, seed_model_file)
    first = _Worker(data_dir, url)
    second = None
    try:
        _until(lambda: _holder(url, data_dir).endswith(f":{first.pid}"), "the first scheduler")
        second = _Worker(data_dir, url)
        # Started (however long its imports take on a busy machine) and found the lock held:
        waiting = second
        _until(lambda: "another process runs the scheduler" in waiting.said(), "the second wait")
        time.sleep(LEADER_POLL_S + 1)  # one more poll of the lock: it still only waits
        assert second.process.poll() is None
        assert _holder(url, data_dir).endswith(f":{first.pid}")  # the second only waits

        os.kill(first.pid, signal.SIGKILL)
        first.process.wait(10)
        _until(lambda: _holder(url, data_dir).endswith(f":{waiting.pid}"), "the takeover")
    finally:
        said = {worker.pid: worker.stop() for worker in (first, second) if worker}
    assert second is not None
    assert "takes over" in said[second.pid]


def test_a_second_worker_waits_and_takes_over(tmp_path, db_url, seed_model_file):
    _second_worker_takes_over(tmp_path, db_url, seed_model_file)


def test_a_job_started_while_it_runs_elsewhere_is_not_run_again(make_settings):
    settings = make_settings()
    engine = make_engine(settings)
    upgrade(engine)
    running, release, runs = threading.Event(), threading.Event(), []

    def slow() -> None:
        runs.append("first")
        running.set()
        release.wait(10)

    first = threading.Thread(target=run_job, args=(engine, "train", slow))
    first.start()
    assert running.wait(10)
    second = run_job(engine, "train", lambda: runs.append("second"))
    release.set()
    first.join(10)
    third = run_job(engine, "train", lambda: runs.append("third"))

    assert second is False
    assert third is True
    assert runs == ["first", "third"]
    with Session(engine) as session:
        record = session.get(JobRun, "train")
        assert record is not None
        assert record.finished_at is not None
        assert record.error == ""
    engine.dispose()
