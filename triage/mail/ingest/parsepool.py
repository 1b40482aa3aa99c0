"""Parsing mail in worker processes, each mail within a time and a memory budget.

Parsing runs before the batch is committed with its folder position: a mail that took minutes
(or gigabytes) to parse in the syncing process held that position for ever, every restart
fetching and hanging on it again. Here a worker that overruns is killed and replaced, the mail
is quarantined with the reason, and the rest of the batch goes on. `parse_message` itself stays
pure and callable in-process (tests, the quarantine re-run).

A sync parses one batch ahead (`start`, `collect`; pipeline.py drives them): each worker gets its
part of the next batch's small mails in one message and parses them on its own while the syncing
process stores the batch before, so that parsing and storing overlap on two cores. The workers
also work out what the classifier reads of each mail, off the storing process. Mail fed one at a
time (a thread feeding the workers beside the store) was slower: the thread waited up to the
interpreter's switch interval for each answer.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import TYPE_CHECKING

from classifiers import detect_language, read
from triage.mail.mime import ParsedMessage, parse_message

if TYPE_CHECKING:
    from triage.settings import SyncSettings

# Workers are fresh interpreters that import the parser and nothing else (about 0.1 s): a fork of
# the syncing process would copy its web and scheduler threads in whatever state they were in, and
# multiprocessing's own start methods import the parent's main module in every worker (a second
# of a script's imports each). We talk to them over a socket pair with multiprocessing's framing.
_QUEUED = 32 * 1024  # a mail this small may wait in a busy worker's pipe, or go in a share
_START_S = 120  # a worker's start-up (imports) on a loaded machine
# Requests and answers (see parseworker.py).
MAIL, SHARE = b"mail", b"share"
STARTED, DONE = "started", "done"


@dataclass
class Ahead:
    """A batch being parsed while its caller goes on (`ParsePool.start`)."""

    raws: list[bytes]
    shares: list[tuple[_Worker, list[int]]] = field(default_factory=list)  # indices into raws


@dataclass(frozen=True)
class ParseFailure:
    """Why a mail could not be parsed; it is quarantined with this reason."""

    reason: str
    spent_worker: bool = False  # the worker ran out of memory: start a fresh one


ParseOutcome = ParsedMessage | ParseFailure


def parse_or_fail(raw: bytes) -> ParseOutcome:
    """`parse_message`, with any error turned into the reason a mail is quarantined."""
    try:
        parsed = parse_message(raw)
    except MemoryError:
        raise  # the worker's budget, reported as such by the worker
    except Exception as exc:  # a mail we cannot read is kept, never lost
        return ParseFailure(f"{type(exc).__name__}: {exc}")
    _read(parsed)
    return parsed


def _read(parsed: ParsedMessage) -> None:
    """The mail's language and what the classifier reads of it, worked out here, inside the
    worker's budgets and off the process that stores the mail. Should that fail, storing works
    them out again, where a failure costs the classification, not the mail."""
    try:
        parsed.language = detect_language(f"{parsed.subject}\n{parsed.text}")
        parsed.reading = read(parsed.subject, parsed.text)
    except MemoryError:
        raise
    except Exception:  # worked out again when stored, where the error is handled
        parsed.language, parsed.reading = "", None


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
    """Worker processes for syncs and imports, started on first use (kept between syncs by
    `keptpools`)."""

    def __init__(
        self, workers: int, timeout_s: float, memory_mb: int, share_below: int = _QUEUED
    ) -> None:
        self.size = workers
        self.share_below = share_below  # a mail this small goes in a share (`start`)
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

    def start_workers(self) -> None:
        """Start every worker now rather than with the first mail (a kept pool, warmed up)."""
        self._start(self.size)

    @property
    def worker_pids(self) -> list[int]:
        return [worker.process.pid for worker in self._workers]

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

    def start(self, raws: Sequence[bytes]) -> Ahead:
        """Hand `raws` to the workers and return at once; `collect` gives the outcomes.

        The small mails go out as one share per worker, which the worker parses on its own while
        the caller does other work (stores the batch before); the large ones are parsed one by one
        in `collect`, as `__call__` does. Until `collect` (or `abandon`), call nothing else.
        """
        small = [i for i, raw in enumerate(raws) if len(raw) < self.share_below]
        if small:
            self._start(min(self.size, len(small)))
        ahead = Ahead(list(raws))
        for n, worker in enumerate(self._workers):
            mine = small[n :: len(self._workers)]
            if not mine:
                continue
            ahead.shares.append((worker, mine))
            try:
                worker.conn.send_bytes(SHARE)
                worker.conn.send([raws[i] for i in mine])
            except OSError:
                pass  # the worker is gone: `collect` finds out and parses its share again
            worker.deadline = time.monotonic() + self.timeout_s
        return ahead

    def collect(self, ahead: Ahead) -> list[ParseOutcome]:
        """The outcomes of a batch handed over by `start`, in its order."""
        results: list[ParseOutcome | None] = [None] * len(ahead.raws)
        shares, ahead.shares = ahead.shares, []
        for worker, mine in shares:
            self._collect_share(worker, mine, results)
        left = [i for i, r in enumerate(results) if r is None]
        for i, outcome in zip(left, self([ahead.raws[i] for i in left]), strict=True):
            results[i] = outcome
        return [r if r is not None else ParseFailure("not parsed") for r in results]

    def abandon(self, ahead: Ahead) -> None:
        """Give up a batch handed over by `start` (the caller failed): its workers are stopped."""
        for worker, _ in ahead.shares:
            self._workers.remove(worker)
            worker.stop(kill=True)
        ahead.shares = []

    def _collect_share(
        self, worker: _Worker, mine: list[int], results: list[ParseOutcome | None]
    ) -> None:
        """Read one worker's answers to its share. A mail over its time or memory budget fails
        and its worker is replaced; the mails after it stay unparsed, for `collect` to redo (all
        of them if the worker failed before it began one: then no mail is to blame)."""
        current: int | None = None
        while True:
            if not worker.conn.poll(max(0.0, worker.deadline - time.monotonic())):
                failure = ParseFailure(f"parsing took longer than {self.timeout_s:g} s")
                break
            try:
                answer = worker.conn.recv()
            except (EOFError, OSError):
                failure = self._ended(worker)
                break
            if isinstance(answer, ParseFailure):  # the worker's memory, before a share began
                failure = answer
                break
            if answer[0] == STARTED:
                current, worker.deadline = answer[1], answer[2] + self.timeout_s
                continue
            outcomes: list[ParseOutcome] = answer[1]
            for i, outcome in zip(mine, outcomes, strict=False):
                results[i] = outcome
            last = outcomes[-1] if outcomes else None
            if isinstance(last, ParseFailure) and last.spent_worker:
                self._replace(worker, kill=True)
            return
        if current is not None:
            results[mine[current]] = failure
        self._replace(worker, kill=True)

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
            worker.conn.send_bytes(MAIL)
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
            return self._ended(worker), False
        return answer, not (isinstance(answer, ParseFailure) and answer.spent_worker)

    def _ended(self, worker: _Worker) -> ParseFailure:
        """Why the mail being parsed gets no answer: its worker ended."""
        try:
            code: int | None = worker.process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        return ParseFailure(
            f"parsing stopped its worker (exit code {code}); it may have needed more than "
            f"{self.memory_mb} MB"
        )

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        worker.stop(kill=kill)
        fresh = _Worker(self.memory_mb)
        fresh.wait_ready()
        self._workers[self._workers.index(worker)] = fresh
        self.replaced += 1
