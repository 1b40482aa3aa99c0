"""Parse workers kept between syncs: a polling process starts its interpreters once, not once a
poll; a pool whose sync failed, or that was idle too long, is stopped, never lent again."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from triage.mail.ingest import keptpools
from triage.mail.ingest.keptpools import close_kept, lent_pool
from triage.settings.sections import SyncSettings

SYNC = SyncSettings(parse_workers=2, parse_timeout_s=7.0, parse_memory_mb=256)


@pytest.fixture(autouse=True)
def _nothing_kept():
    close_kept()
    yield
    close_kept()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return waited == 0


def _lend_and_start(sync: SyncSettings = SYNC) -> list[int]:
    with lent_pool(sync) as pool:
        pool.start_workers()
        return pool.worker_pids


def test_the_next_sync_gets_the_same_workers():
    first = _lend_and_start()
    again = _lend_and_start()

    assert len(first) == 2
    assert again == first
    assert all(_alive(pid) for pid in first)


def test_other_settings_get_other_workers():
    first = _lend_and_start()
    other = _lend_and_start(SyncSettings(parse_workers=1, parse_timeout_s=7.0, parse_memory_mb=256))

    assert len(other) == 1
    assert other[0] not in first


def test_a_pool_whose_sync_failed_is_stopped_and_not_lent_again():
    pids: list[int] = []

    def sync_that_breaks_off() -> None:
        with lent_pool(SYNC) as pool:
            pool.start_workers()
            pids.extend(pool.worker_pids)
            raise RuntimeError("the sync broke off")

    with pytest.raises(RuntimeError):
        sync_that_breaks_off()

    fresh = _lend_and_start()

    assert not any(_alive(pid) for pid in pids)
    assert not set(fresh) & set(pids)


def test_workers_idle_too_long_are_stopped_when_the_next_pool_is_lent(monkeypatch):
    idle = _lend_and_start()
    monkeypatch.setattr(keptpools, "IDLE_S", -1.0)

    fresh = _lend_and_start()

    assert not any(_alive(pid) for pid in idle)
    assert not set(fresh) & set(idle)


def test_a_forked_process_starts_its_own_workers_and_leaves_the_parents_running():
    parents = _lend_and_start()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: lend a pool, say its workers, leave without cleaning up
        os.close(read)
        os.write(write, " ".join(map(str, _lend_and_start())).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as said:
        childs = [int(pid) for pid in said.read().split()]
    os.waitpid(child, 0)

    assert len(childs) == 2
    assert not set(childs) & set(parents)
    assert _lend_and_start() == parents
    assert all(_alive(pid) for pid in parents)


def test_a_one_shot_command_stops_its_kept_workers_when_it_exits():
    script = (
        "from triage.mail.ingest.keptpools import lent_pool\n"
        "from triage.settings.sections import SyncSettings\n"
        "with lent_pool(SyncSettings(parse_workers=2)) as pool:\n"
        "    pool.start_workers()\n"
        "    print(*pool.worker_pids)\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "always::ResourceWarning", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    workers = [int(pid) for pid in done.stdout.split()]

    assert len(workers) == 2
    assert "ResourceWarning" not in done.stderr
    assert not any(os.path.exists(f"/proc/{pid}") for pid in workers)
