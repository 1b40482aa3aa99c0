"""A parse worker: `python -m triage.mail.ingest.parseworker FD MEMORY_MB`, started by the parse
pool with its end of a socket pair as FD. What it sends back (ParsedMessage, ParseFailure) is
defined in other modules, so it pickles under their names, not as `__main__`.

Each request is a tag, then its data: MAIL and one mail's bytes, answered with its outcome; or
SHARE and a pickled list of mails, answered with (STARTED, index, time) as each mail begins and
(DONE, outcomes) at the end, all at once, so that the pool can read them when it is free. An empty
tag ends the worker.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from multiprocessing.connection import Connection

from classifiers.language import detect_language
from triage.mail.ingest.parsepool import (
    DONE,
    MAIL,
    SHARE,
    STARTED,
    ParseFailure,
    ParseOutcome,
    parse_or_fail,
)

_MB = 1024 * 1024
# Parsing yields the processor to the process that stores the parsed mail (and to the web app):
# at equal priority the two workers and the storing process shared two cores by thirds, and once
# the workers were done with a batch one core idled while the storing process finished its own.
# A worker still gets every cycle nobody else wants.
_NICE = 10


def serve(conn: Connection, memory_mb: int) -> None:
    """A worker's life: parse what is sent, answer with the results or the reasons."""
    os.nice(_NICE)
    detect_language("the language models load now, outside the memory budget")
    _limit_memory(memory_mb)
    conn.send_bytes(b"ready")
    share: list[ParseOutcome] | None = None  # a share's outcomes so far, while one is parsed
    try:
        while True:
            tag = conn.recv_bytes()
            if tag == MAIL:
                conn.send(parse_or_fail(conn.recv_bytes()))
            elif tag == SHARE:
                raws = conn.recv()
                share = []
                _parse_share(conn, raws, share)
                del raws
                conn.send((DONE, share))
                share = None
            else:
                return
    except (EOFError, OSError):
        return
    except MemoryError:
        pass
    # Out of the handler, the traceback and the half-built mail it held are freed.
    failure = ParseFailure(f"parsing needed more than {memory_mb} MB", spent_worker=True)
    conn.send(failure if share is None else (DONE, [*share, failure]))


def _parse_share(conn: Connection, raws: list[bytes], outcomes: list[ParseOutcome]) -> None:
    """Parse each mail of a share into `outcomes`, saying when each begins (its time budget)."""
    for i in range(len(raws)):
        conn.send((STARTED, i, time.monotonic()))
        raw, raws[i] = raws[i], b""
        outcomes.append(parse_or_fail(raw))
        del raw


def _limit_memory(memory_mb: int) -> None:
    """Allow this worker `memory_mb` of address space beyond what it holds once started."""
    try:
        with open("/proc/self/statm") as statm:
            now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # not Linux: only the time budget applies
    limit = now + memory_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), int(sys.argv[2]))
