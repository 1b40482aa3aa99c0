"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1) that keeps every mail it is given."""

from __future__ import annotations

import email
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

from tests.servers import free_port
from triage.settings import MailboxSettings


class Collect:
    """An aiosmtpd handler that keeps every mail it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 Ok: queued"


@dataclass
class SmtpServer:
    controller: Controller
    received: list[Envelope]
    running: bool = True

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.controller.stop()

    def mail(self, index: int = -1) -> EmailMessage:
        message = email.message_from_bytes(self.received[index].content, policy=default)
        assert isinstance(message, EmailMessage)
        return message


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., SmtpServer]]:
    """Start a real aiosmtpd server on 127.0.0.1; keyword arguments go to aiosmtpd's SMTP."""
    started: list[SmtpServer] = []

    def _start(handler: Collect | None = None, **smtp_options: Any) -> SmtpServer:
        handler = handler or Collect()
        controller = Controller(
            handler,
            hostname="127.0.0.1",
            port=free_port(),
            server_hostname="smtp.test",
            **smtp_options,
        )
        controller.start()
        started.append(SmtpServer(controller, handler.envelopes))
        return started[-1]

    yield _start
    for server in started:
        server.stop()


def sending_mailbox(smtp_port: int | None, name: str = "housing") -> MailboxSettings:
    """A mailbox that sends through the test SMTP server on 127.0.0.1:`smtp_port` (None: a
    mailbox without SMTP); it is never synced, so its IMAP side is a placeholder."""
    smtp = None if smtp_port is None else {"host": "127.0.0.1", "port": smtp_port, "tls": "none"}
    return MailboxSettings(
        name=name,
        address=f"{name}@intl.example.se",
        imap_host="127.0.0.1",
        tls="none",
        username=name,
        password="unused",
        smtp=smtp,
    )
