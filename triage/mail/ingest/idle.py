"""IMAP IDLE: hear about new mail within seconds where the server offers it.

A watcher thread per mailbox waits in IDLE on the first folder and calls `on_new` when the
server reports new mail; scheduled polling stays as the fallback, so a watcher that cannot IDLE
(or keeps losing its connection) only makes mail arrive at the polling interval instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from triage.errors import MailboxError
from triage.mail.ingest.imap import NETWORK_ERRORS, close, connect
from triage.settings import MailboxSettings

log = logging.getLogger(__name__)
_IDLE_RENEW_S = 25 * 60
_RETRYABLE: tuple[type[BaseException], ...] = (
    MailboxError,
    *NETWORK_ERRORS,
)  # servers drop IDLE after ~30 min (RFC 2177)


class IdleWatcher(threading.Thread):
    def __init__(
        self, mb: MailboxSettings, on_new: Callable[[], None], timeout_s: float = 60.0
    ) -> None:
        super().__init__(name=f"idle-{mb.name}", daemon=True)
        self.mb = mb
        self.on_new = on_new
        self.timeout_s = timeout_s
        self.stopping = threading.Event()
        self.idling = threading.Event()  # set while an IDLE command is in place
        self.supported: bool | None = None

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        backoff = 1.0
        while not self.stopping.is_set():
            try:
                self._watch()
                backoff = 1.0
            except _RETRYABLE as exc:
                log.info(
                    "IDLE on %s interrupted (%s); retrying in %.0fs", self.mb.name, exc, backoff
                )
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, 300.0)
            if self.supported is False:
                return

    def _watch(self) -> None:
        client = connect(self.mb, self.timeout_s)
        try:
            if b"IDLE" not in client.capabilities():
                self.supported = False
                return
            self.supported = True
            client.select_folder(self.mb.folders[0], readonly=True)
            while not self.stopping.is_set():
                client.idle()
                self.idling.set()
                responses = _wait(client, self.stopping, _IDLE_RENEW_S)
                self.idling.clear()
                client.idle_done()
                if any(r[1] in (b"EXISTS", b"RECENT") for r in responses if len(r) > 1):
                    self.on_new()
        finally:
            close(client)


def _wait(client: object, stopping: threading.Event, total_s: float) -> list[tuple[object, ...]]:
    """IDLE responses, checking every second whether we are asked to stop."""
    waited = 0.0
    while waited < total_s and not stopping.is_set():
        responses = client.idle_check(timeout=1.0)  # type: ignore[attr-defined]
        if responses:
            return list(responses)
        waited += 1.0
    return []
