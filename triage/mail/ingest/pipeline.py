"""Storing a sync's or an import's batches while the parse workers parse the next one.

Parsing and storing overlap on two cores: each batch goes to the workers (`ParsePool.start`)
before the one before it is stored, and its outcomes are collected after. The syncing process
keeps the processor it needs, as the workers run at a lower priority (parseworker.py).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import TypeVar

from triage.mail.ingest.parsepool import ParseOutcome, ParsePool

T = TypeVar("T")


def store_parsed_ahead(
    pool: ParsePool,
    batches: Iterable[T],
    raws: Callable[[T], list[bytes]],
    store: Callable[[T, list[ParseOutcome]], None],
) -> None:
    """Store each batch with its parse while the workers parse the next one (`batches` is
    read one batch ahead: a stop in between costs only reading again what was not stored).

    Meanwhile the cyclic garbage collector leaves alone what the process held before (modules,
    the model, the engine's metadata: some 200,000 objects that each full collection walked, a
    tenth of a second each time, about 8 % of the storing process's time on a backlog). They are
    handed back to it at the end, so a cycle that died meanwhile is collected later, not kept."""
    gc.freeze()
    try:
        before: tuple[T, list[ParseOutcome]] | None = None
        for batch in batches:
            ahead = pool.start(raws(batch))
            try:
                if before is not None:
                    store(*before)
                outcomes = pool.collect(ahead)
            except BaseException:
                pool.abandon(ahead)
                raise
            before = (batch, outcomes)
        if before is not None:
            store(*before)
    finally:
        gc.unfreeze()
