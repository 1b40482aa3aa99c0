"""Parse workers kept between syncs: a process that syncs every few minutes (`triage worker`,
`triage serve`) or on every IDLE push lends one pool after another instead of starting
interpreters afresh for each. A worker costs 0.2-0.3 s of processor time to start, which a poll
that finds one new mail paid in full, and a backlog's first batch waited for.

A pool is lent to one sync or import at a time and comes back when it ends well; one that ends
in an error is closed (its workers may be mid-mail). Pools unused for `IDLE_S` are closed when
the next one is lent, and any left are stopped when the interpreter exits (a one-shot command,
a test run); a process killed outright leaves workers that end on their own (their pipe closes).
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from triage.mail.ingest.parsepool import ParsePool

if TYPE_CHECKING:
    from triage.settings import SyncSettings

IDLE_S = 600.0  # longer than any poll interval, so a polling process keeps its workers

_Key = tuple[int, float, int]
_kept: dict[_Key, list[tuple[float, ParsePool]]] = {}  # returned at, pool
_lock = threading.Lock()


@contextmanager
def lent_pool(sync: SyncSettings) -> Iterator[ParsePool]:
    """A parse pool with these settings' workers, timeout and memory, for one sync or import."""
    key = (sync.parse_workers, sync.parse_timeout_s, sync.parse_memory_mb)
    with _lock:
        stale = _stale(time.monotonic())
        kept = _kept.get(key)
        pool = kept.pop()[1] if kept else None
    for old in stale:
        old.close()
    if pool is None:
        pool = ParsePool.for_settings(sync)
    try:
        yield pool
    except BaseException:
        pool.close()
        raise
    with _lock:
        _kept.setdefault(key, []).append((time.monotonic(), pool))


def close_kept() -> None:
    """Stop every kept worker now (a process shutting down, a test that counts processes)."""
    with _lock:
        pools = [pool for kept in _kept.values() for _, pool in kept]
        _kept.clear()
    for pool in pools:
        pool.close()


def _forget() -> None:
    """In a forked child: the kept workers answer the parent, so the child keeps none of them
    (and leaves them running for the parent)."""
    _kept.clear()


os.register_at_fork(after_in_child=_forget)
atexit.register(close_kept)


def _stale(now: float) -> list[ParsePool]:
    """Take the pools unused for IDLE_S out of the store (caller holds the lock)."""
    stale = []
    for key, kept in _kept.items():
        stale += [pool for returned, pool in kept if now - returned > IDLE_S]
        _kept[key] = [(returned, pool) for returned, pool in kept if now - returned <= IDLE_S]
    return stale
