"""A NUL character typed or pasted into a form, or put in a page address, is dropped before the
app reads it: PostgreSQL cannot store one, and it would otherwise be a server error."""

from __future__ import annotations

from sqlmodel import select

from tests.integration.web.conftest import Office, post
from triage.models import CaseNote


def test_a_note_with_a_nul_is_kept_without_it(office: Office, a_case: int) -> None:
    client = office.client("anna")

    answer = post(client, f"/cases/{a_case}/notes", {"text": "Ringde\x00 studenten."})

    assert answer.status_code == 303
    with office.session() as session:
        (note,) = session.exec(select(CaseNote)).all()
    assert note.text == "Ringde studenten."


def test_a_queue_address_with_a_nul_is_read_without_it(office: Office, a_case: int) -> None:
    client = office.client("anna")

    answer = client.get("/?q=nyck%00eln&mailbox=hous%00ing")

    assert answer.status_code == 200
    assert "Nyckel till rummet" in answer.text
