"""What a page says is saved is in the database before the answer leaves the server: a page
loaded right after sees it, and a client that hangs up after the answer cannot undo it."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from api.app import create_app
from tests.integration.web.conftest import Office, log_in, post
from triage.models import CaseNote

Scope = dict[str, Any]
HTMX = {"HX-Request": "true"}


class Watcher:
    """An ASGI wrapper that counts the case's notes in the database at the moment the answer
    starts, then behaves as a client that hung up (every later send fails)."""

    def __init__(self, app: Any, office: Office, hang_up: bool) -> None:
        self.app, self.office, self.hang_up = app, office, hang_up
        self.notes_at_answer: list[int] = []

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or "/notes" not in scope["path"]:
            await self.app(scope, receive, send)
            return

        async def watching_send(message: Scope) -> None:
            if message["type"] == "http.response.start":
                self.notes_at_answer.append(_notes(self.office))
            await send(message)
            if self.hang_up and message["type"] == "http.response.start":
                raise OSError("client went away")

        await self.app(scope, receive, watching_send)


def _notes(office: Office) -> int:
    with Session(office.engine) as session:
        return int(session.exec(select(func.count()).select_from(CaseNote)).one())


def _client(office: Office, hang_up: bool) -> tuple[TestClient, Watcher]:
    watcher = Watcher(create_app(office.settings, office.engine), office, hang_up)
    client = TestClient(watcher, raise_server_exceptions=False)
    log_in(client, "anna")
    return client, watcher


def test_a_note_is_in_the_database_when_the_answer_starts(office: Office, a_case: int) -> None:
    client, watcher = _client(office, hang_up=False)
    before = _notes(office)

    response = post(client, f"/cases/{a_case}/notes", {"text": "Ringde studenten"}, headers=HTMX)

    assert response.status_code == 200
    assert watcher.notes_at_answer == [before + 1]


def test_a_client_that_hangs_up_after_the_answer_does_not_undo_the_note(
    office: Office, a_case: int
) -> None:
    client, watcher = _client(office, hang_up=True)
    before = _notes(office)

    with suppress(OSError):  # the client hung up; what matters is what the database kept
        post(client, f"/cases/{a_case}/notes", {"text": "Mejlade tillbaka"}, headers=HTMX)

    assert watcher.notes_at_answer == [before + 1]
    assert _notes(office) == before + 1
