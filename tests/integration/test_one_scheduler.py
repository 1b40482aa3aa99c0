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

import pytest
from sqlmodel import Session

from tests.factories import install_model
from triage.db import make_engine, upgrade
from triage.models import JobRun
from triage.scheduler import run_job
from triage.settings import Settings

WAIT_S = 60.0


def _worker(data_dir: Path, url: str) -> subprocess.Popen[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "TRIAGE_DATA_DIR": str(data_dir),
        "TRIAGE_DATABASE_URL": url,
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "triage", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


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
    first = _worker(data_dir, url)
    second = None
    try:
        _until(lambda: _holder(url, data_dir).endswith(f":{first.pid}"), "the first scheduler")
        second = _worker(data_dir, url)
        time.sleep(8)  # longer than a waiting worker's poll and a heartbeat
        assert second.poll() is None
        assert _holder(url, data_dir).endswith(f":{first.pid}")  # the second only waits

        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        _until(lambda: _holder(url, data_dir).endswith(f":{second.pid}"), "the takeover")
    finally:
        said = {process.pid: _stop(process) for process in (first, second) if process}
    assert second is not None
    said = said[second.pid]
    assert "another process runs the scheduler" in said
    assert "takes over" in said


def _stop(process: subprocess.Popen[str]) -> str:
    """Stop the worker as Ctrl-C would (or kill it), and what it said."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        out, _ = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out


def test_a_second_worker_waits_and_takes_over_on_sqlite(tmp_path, seed_model_file):
    url = f"sqlite:///{tmp_path / 'triage.db'}"
    _second_worker_takes_over(tmp_path, url, seed_model_file)


def test_a_second_worker_waits_and_takes_over_on_postgresql(tmp_path, pg_url, seed_model_file):
    _second_worker_takes_over(tmp_path, pg_url, seed_model_file)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_job_started_while_it_runs_elsewhere_is_not_run_again(make_settings, request, database):
    settings = make_settings()
    if database == "postgresql":
        settings = settings.model_copy(update={"database_url": request.getfixturevalue("pg_url")})
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
