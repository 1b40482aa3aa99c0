"""Parsing mail in worker processes, each mail within a time and a memory budget.

Parsing runs before the batch is committed with its folder position: a mail that took minutes
(or gigabytes) to parse in the syncing process held that position for ever, every restart
fetching and hanging on it again. Here a worker that overruns is killed and replaced, the mail
is quarantined with the reason, and the rest of the batch goes on. `parse_message` itself stays
pure and callable in-process (tests, the quarantine re-run).
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import TYPE_CHECKING

from triage.mail.mime import ParsedMessage, parse_message

if TYPE_CHECKING:
    from triage.settings import SyncSettings

# Workers are fresh interpreters that import the parser and nothing else (about 0.1 s): a fork of
# the syncing process would copy its web and scheduler threads in whatever state they were in, and
# multiprocessing's own start methods import the parent's main module in every worker (a second
# of a script's imports each). We talk to them over a socket pair with multiprocessing's framing.
_MB = 1024 * 1024
_QUEUED = 32 * 1024  # a mail this small may wait in a busy worker's pipe
_START_S = 120  # a worker's start-up (imports) on a loaded machine


@dataclass(frozen=True)
class ParseFailure:
    """Why a mail could not be parsed; it is quarantined with this reason."""

    reason: str
    spent_worker: bool = False  # the worker ran out of memory: start a fresh one


ParseOutcome = ParsedMessage | ParseFailure


def parse_or_fail(raw: bytes) -> ParseOutcome:
    """`parse_message`, with any error turned into the reason a mail is quarantined."""
    try:
        return parse_message(raw)
    except MemoryError:
        raise  # the worker's budget, reported as such by the worker
    except Exception as exc:  # a mail we cannot read is kept, never lost
        return ParseFailure(f"{type(exc).__name__}: {exc}")


class _Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, memory_mb: int) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            fd = theirs.fileno()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "triage.mail.ingest.parseworker", str(fd), str(memory_mb)],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
            )
        self.conn = Connection(ours.detach())
        self.jobs: deque[int] = deque()  # mails sent, in order; the first is being parsed
        self.deadline = 0.0  # for the first of `jobs`

    def wait_ready(self) -> None:
        """A mail's time budget starts when its worker has started, not while it imports."""
        if not self.conn.poll(_START_S):
            raise RuntimeError(f"a parse worker did not start within {_START_S} s")
        self.conn.recv_bytes()

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send_bytes(b"")  # no mail: the worker's signal to end
            except OSError:
                self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.conn.close()


class ParsePool:
    """Worker processes that live for one sync or import, started on first use."""

    def __init__(self, workers: int, timeout_s: float, memory_mb: int) -> None:
        self.size = workers
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.replaced = 0  # workers killed or lost, and started again
        self._workers: list[_Worker] = []

    @classmethod
    def for_settings(cls, sync: SyncSettings) -> ParsePool:
        return cls(sync.parse_workers, sync.parse_timeout_s, sync.parse_memory_mb)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def __call__(self, raws: Sequence[bytes]) -> list[ParseOutcome]:
        """Each mail parsed, or the reason it was not, in the order given."""
        results: list[ParseOutcome | None] = [None] * len(raws)
        todo = deque(range(len(raws)))
        self._start(min(self.size, len(raws)))
        while todo or any(w.jobs for w in self._workers):
            for worker in self._workers:
                # A small next mail waits in the pipe, so the worker never idles for our answer
                # (a large one would block us on a full pipe while the worker is busy).
                while todo and (
                    not worker.jobs or (len(worker.jobs) < 2 and len(raws[todo[0]]) < _QUEUED)
                ):
                    self._send(worker, todo.popleft(), raws, results, todo)
            self._collect(results, todo)
        return [r if r is not None else ParseFailure("not parsed") for r in results]

    def _start(self, count: int) -> None:
        new = [_Worker(self.memory_mb) for _ in range(count - len(self._workers))]
        for worker in new:
            worker.wait_ready()
        self._workers += new

    def _send(
        self,
        worker: _Worker,
        index: int,
        raws: Sequence[bytes],
        results: list[ParseOutcome | None],
        todo: deque[int],
    ) -> None:
        """Hand a mail to a worker; one that dies taking it costs only the mail it parses."""
        if not worker.jobs:
            worker.deadline = time.monotonic() + self.timeout_s
        worker.jobs.append(index)
        try:
            worker.conn.send_bytes(raws[index])
        except OSError:
            outcome, _ = self._answer(worker)
            self._fail(worker, outcome, results, todo)

    def _collect(self, results: list[ParseOutcome | None], todo: deque[int]) -> None:
        """Wait for the first answer or deadline; record answers, replace workers that failed."""
        busy = [w for w in self._workers if w.jobs]
        if not busy:
            return
        first_deadline = min(w.deadline for w in busy)
        ready = wait([w.conn for w in busy], timeout=max(0.0, first_deadline - time.monotonic()))
        for worker in busy:
            if worker.conn in ready:
                outcome, healthy = self._answer(worker)
            elif time.monotonic() >= worker.deadline:
                outcome = ParseFailure(f"parsing took longer than {self.timeout_s:g} s")
                healthy = False
            else:
                continue
            if not healthy:
                self._fail(worker, outcome, results, todo)
                continue
            results[worker.jobs.popleft()] = outcome
            worker.deadline = time.monotonic() + self.timeout_s

    def _fail(
        self,
        worker: _Worker,
        outcome: ParseOutcome,
        results: list[ParseOutcome | None],
        todo: deque[int],
    ) -> None:
        """The mail being parsed fails with `outcome`; mails queued behind it go to another."""
        results[worker.jobs.popleft()] = outcome
        todo.extendleft(reversed(worker.jobs))
        worker.jobs.clear()
        self._replace(worker, kill=True)

    def _answer(self, worker: _Worker) -> tuple[ParseOutcome, bool]:
        try:
            answer = worker.conn.recv()
        except (EOFError, OSError):
            try:
                code: int | None = worker.process.wait(5)
            except subprocess.TimeoutExpired:
                code = None
            return ParseFailure(
                f"parsing stopped its worker (exit code {code}); it may have needed more than "
                f"{self.memory_mb} MB"
            ), False
        return answer, not (isinstance(answer, ParseFailure) and answer.spent_worker)

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        worker.stop(kill=kill)
        fresh = _Worker(self.memory_mb)
        fresh.wait_ready()
        self._workers[self._workers.index(worker)] = fresh
        self.replaced += 1


def serve(conn: Connection, memory_mb: int) -> None:
    """A worker's life: parse each mail sent, answer with the result or the reason."""
    _limit_memory(memory_mb)
    conn.send_bytes(b"ready")
    while True:
        try:
            if not _parse_one(conn):
                return
            continue
        except (EOFError, OSError):
            return
        except MemoryError:
            pass
        # Out of the handler, the traceback and the half-built mail it held are freed.
        conn.send(ParseFailure(f"parsing needed more than {memory_mb} MB", spent_worker=True))
        return


def _parse_one(conn: Connection) -> bool:
    """Receive a mail and answer with its parse; False when told to end."""
    raw = conn.recv_bytes()
    if not raw:
        return False
    outcome = parse_or_fail(raw)
    del raw
    conn.send(outcome)
    return True


def _limit_memory(memory_mb: int) -> None:
    """Allow this worker `memory_mb` of address space beyond what it holds once started."""
    try:
        with open("/proc/self/statm") as statm:
            now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # not Linux: only the time budget applies
    limit = now + memory_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
