"""Nothing an officer types is lost: the editor saves itself, every other action on the case page
answers htmx with only its own part (the editor is not in it), and a failed send keeps the text
and says why in the officer's language."""

from __future__ import annotations

import re

from sqlmodel import select

from tests.integration.web.conftest import Office, post
from triage.models import ReplyDraft

HTMX = {"HX-Request": "true"}


def _swapped_alongside(html: str) -> set[str]:
    """Ids of the parts an htmx answer also replaces (out of band)."""
    return set(re.findall(r'<\w+[^>]*\bid="([^"]+)"[^>]*\bhx-swap-oob="true"', html))


def _draft(office: Office) -> ReplyDraft | None:
    with office.session() as session:
        return session.exec(select(ReplyDraft)).first()


def test_the_editor_autosaves_and_says_when_in_the_officers_language(office, a_case):
    client = office.client("anna", language="sv")
    client.post("/preferences", data={"locale": "sv", "csrf_token": _token(client)})

    response = post(
        client, f"/cases/{a_case}/draft", {"subject": "Re: Nyckel", "body": "Hej Anna, nyckeln"}
    )

    assert response.status_code == 200
    assert response.json()["status"].startswith("Sparat ")
    draft = _draft(office)
    assert draft is not None
    assert draft.body == "Hej Anna, nyckeln"


def test_reloading_the_page_brings_the_draft_back_with_the_time_it_was_saved(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/draft", {"subject": "Re: Nyckel", "body": "Halvfärdigt svar"})

    page = client.get(f"/cases/{a_case}").text

    assert "Halvfärdigt svar</textarea>" in page
    assert "Saved " in page


def test_adding_a_note_answers_with_the_notes_and_not_the_editor(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/draft", {"subject": "Re: Nyckel", "body": "Mitt utkast"})

    response = post(client, f"/cases/{a_case}/notes", {"text": "Ringde studenten"}, headers=HTMX)

    assert response.status_code == 200
    assert 'id="notes"' in response.text
    assert "Ringde studenten" in response.text
    assert 'id="reply-body"' not in response.text  # the editor on the page stays as it is
    assert "history-list" in _swapped_alongside(response.text)
    assert _draft(office).body == "Mitt utkast"  # type: ignore[union-attr]


def test_assigning_setting_status_and_confirming_the_type_answer_with_their_part(office, a_case):
    client = office.client("anna")

    assigned = post(client, f"/cases/{a_case}/assign", {"assignee": "bo"}, headers=HTMX)
    status = post(client, f"/cases/{a_case}/status", {"status": "waiting"}, headers=HTMX)
    typed = post(client, f"/cases/{a_case}/type", {"label": "housing"}, headers=HTMX)

    assert 'id="assignment"' in assigned.text
    assert "<strong>Bo</strong>" in assigned.text
    assert "case-header" in _swapped_alongside(status.text)
    assert "Waiting for the requester" in status.text
    assert {"routines", "suggestions"} <= _swapped_alongside(typed.text)  # the type's own
    for response in (assigned, status, typed):
        assert 'id="reply-body"' not in response.text


def test_an_empty_note_comes_back_as_the_part_with_the_message_beside_the_field(office, a_case):
    client = office.client("anna")

    response = post(client, f"/cases/{a_case}/notes", {"text": "  "}, headers=HTMX)

    assert response.status_code == 400
    assert "Write something in the note." in response.text
    assert "<html" not in response.text


def test_ticking_a_step_answers_with_that_routine_and_keeps_the_buttons_id(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/type", {"label": "housing"})
    page = client.get(f"/cases/{a_case}").text
    routine_id = page.split('id="routine-', 1)[1].split('"', 1)[0]

    response = post(
        client,
        f"/cases/{a_case}/checklist",
        {"routine_id": routine_id, "step": "1", "done": "1"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert f'id="step-{routine_id}-1" aria-pressed="true"' in response.text  # focus comes back
    assert "Checklist step done: " in response.text  # the history names the step


def test_a_failed_send_says_why_in_swedish_and_keeps_the_text(office, a_case):
    client = office.client("anna", language="sv")
    client.post("/preferences", data={"locale": "sv", "csrf_token": _token(client)})

    response = post(
        client, f"/cases/{a_case}/reply", {"subject": "Re: Nyckel", "body": "Svar som stannar"}
    )

    assert "Svar som stannar</textarea>" in response.text
    assert "Den här inkorgen kan inte skicka e-post" in response.text
    assert _draft(office).body == "Svar som stannar"  # type: ignore[union-attr]


def test_standard_replies_come_with_their_text_to_insert_at_the_cursor(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/type", {"label": "housing"})

    page = client.get(f"/cases/{a_case}").text

    assert '<template class="reply-source">' in page
    assert 'hx-get="/cases/' not in page.split('id="suggestions"', 1)[1].split("</section>")[0]
    assert '<script src="/static/case.js" defer></script>' in page


def _token(client):  # type: ignore[no-untyped-def]
    from tests.integration.web.conftest import csrf_of

    return csrf_of(client, "/routines")


def test_a_suggested_reply_is_previewed_as_the_student_will_see_it(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/type", {"label": "housing"})

    page = client.get(f"/cases/{a_case}").text

    preview = page.split('class="preview rendered-preview">', 1)[1].split("</div>", 1)[0]
    assert "<p>" in preview
    assert "**" not in preview


def test_notes_ticks_and_the_queue_name_colleagues_by_name_not_login(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/type", {"label": "housing"})
    post(client, f"/cases/{a_case}/claim")
    post(client, f"/cases/{a_case}/notes", {"text": "Ringde studenten."})
    routine_id = client.get(f"/cases/{a_case}").text.split('id="routine-', 1)[1].split('"', 1)[0]
    post(client, f"/cases/{a_case}/checklist", {"routine_id": routine_id, "step": "1", "done": "1"})

    page = client.get(f"/cases/{a_case}").text
    queue = client.get("/").text

    notes = page.split('id="notes"', 1)[1].split("</section>", 1)[0]
    assert "Anna · " in notes
    assert "anna · " not in notes
    assert "(Anna, " in page
    assert "(anna, " not in page
    row = queue.split(f'href="/cases/{a_case}"', 1)[1].split("</tr>", 1)[0]
    assert "<td>Anna</td>" in row
    assert "<td>anna</td>" not in row
