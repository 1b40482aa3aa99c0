"""The case page and what an officer does there; every action is logged with who and when."""

from __future__ import annotations

import re

from sqlmodel import col, select

from tests.factories import make_mail
from tests.integration.web.conftest import Office, post
from triage.models import CaseEvent, CaseNote, ChecklistTick, TypeLabel


def _events(office: Office, case_id: int) -> list[tuple[str, str]]:
    with office.session() as session:
        rows = session.exec(
            select(CaseEvent.kind, CaseEvent.actor)
            .where(CaseEvent.case_id == case_id)
            .order_by(col(CaseEvent.id))
        ).all()
        return [(kind, actor) for kind, actor in rows]


def test_the_case_page_shows_the_thread_suggested_replies_and_the_routine(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/type", {"label": "housing"})

    page = client.get(f"/cases/{a_case}").text

    assert "Nyckel till rummet" in page
    assert "hämta nyckeln till mitt rum" in page
    assert page.count("use-reply") >= 1  # standard replies, ready to use
    assert 'id="routines"' in page
    assert ("viewed", "anna") in _events(office, a_case)


def test_mail_html_is_sanitised_and_remote_images_blocked(office):
    (case_id,) = office.deliver(
        make_mail(
            "Hej",
            "plain part",
            html='<p onclick="steal()">Hej<script>alert(1)</script></p>'
            '<img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">x</a>'
            '<a href="https://www.migrationsverket.se/">MV</a>',
        )
    )

    page = office.client("anna").get(f"/cases/{case_id}").text
    body = page.split('class="message-body">', 1)[1].split("</div>", 1)[0]

    assert "<script" not in body
    assert "onclick" not in body
    assert "javascript:" not in body
    assert "tracker.example" not in body
    assert 'href="https://www.migrationsverket.se/"' in body


def test_confirming_the_type_teaches_the_classifier(office, a_case):
    client = office.client("anna")
    with office.session() as session:
        from triage.models import Case

        case = session.get(Case, a_case)
        case.question_type, case.type_confidence = "housing", 0.55
        session.add(case)
        session.commit()

    post(client, f"/cases/{a_case}/type")
    post(client, f"/cases/{a_case}/type", {"label": "fees"})

    with office.session() as session:
        labels = session.exec(select(TypeLabel.label, TypeLabel.kind)).all()
    assert labels == [("housing", "confirmation"), ("fees", "correction")]
    assert office.case(a_case).question_type == "fees"
    assert office.case(a_case).needs_review is False


def test_an_unknown_type_is_refused_with_a_message(office, a_case):
    response = post(office.client("anna"), f"/cases/{a_case}/type", {"label": "parking"})

    assert response.status_code == 400
    assert "unknown question type" in response.text


def test_assigning_changing_status_noting_and_ticking_are_logged(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/type", {"label": "housing"})

    post(client, f"/cases/{a_case}/assign", {"assignee": "bo"})
    post(client, f"/cases/{a_case}/status", {"status": "waiting"})
    post(client, f"/cases/{a_case}/notes", {"text": "Ringde studenten; hon kommer på måndag."})
    routine = re.search(r'name="routine_id" value="([^"]+)"', client.get(f"/cases/{a_case}").text)
    assert routine is not None
    ticked = post(
        client,
        f"/cases/{a_case}/checklist",
        {"routine_id": routine.group(1), "step": "1", "done": "1"},
        headers={"HX-Request": "true"},
    )

    case = office.case(a_case)
    assert case.assignee_id is not None
    assert case.status == "waiting"
    kinds = [kind for kind, actor in _events(office, a_case) if actor == "anna"]
    assert {"assigned", "status", "note", "checklist"} <= set(kinds)
    assert 'aria-pressed="true"' in ticked.text  # the htmx fragment shows the ticked step
    assert "<html" not in ticked.text
    with office.session() as session:
        assert session.exec(select(CaseNote.text)).one().startswith("Ringde")
        assert session.exec(select(ChecklistTick.done)).one() is True
    assert "Ringde studenten" in client.get(f"/cases/{a_case}").text


def test_closing_needs_an_outcome_and_says_so_beside_the_field(office, a_case):
    client = office.client("anna")

    refused = post(client, f"/cases/{a_case}/close", {"outcome": ""})
    closed = post(client, f"/cases/{a_case}/close", {"outcome": "referred_migrationsverket"})

    assert refused.status_code == 400
    assert 'id="outcome-error"' in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert closed.status_code == 303
    case = office.case(a_case)
    assert (case.status, case.outcome) == ("closed", "referred_migrationsverket")


def test_a_closed_case_can_be_reopened(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/close", {"outcome": "spam"})

    post(client, f"/cases/{a_case}/reopen")

    case = office.case(a_case)
    assert (case.status, case.outcome, case.closed_at) == ("open", None, None)
    assert ("reopened", "anna") in _events(office, a_case)


def test_an_empty_note_comes_back_with_the_message(office, a_case):
    response = post(office.client("anna"), f"/cases/{a_case}/notes", {"text": "   "})

    assert response.status_code == 400
    assert 'id="note-error"' in response.text


def test_using_a_suggested_reply_fills_the_editor_for_this_case(office, a_case):
    """The page carries each suggestion's text for this case (the script inserts it at the
    cursor); without the script, the link opens the page with the reply in the editor."""
    client = office.client("anna")
    page = client.get(f"/cases/{a_case}").text
    source = re.search(r'<template class="reply-source">(.*?)</template>', page, re.S)
    assert source is not None
    assert "Anna" in source.group(1)  # the requester's name is filled in
    assert "{{" not in source.group(1)
    link = re.search(r'href="(/cases/\d+\?reply=[^"]+)"', page)
    assert link is not None

    editor = client.get(link.group(1).replace("&amp;", "&")).text

    body = re.search(r'<textarea id="reply-body"[^>]*>(.*?)</textarea>', editor, re.S)
    assert body is not None
    assert "Anna" in body.group(1)
    assert "{{" not in body.group(1)


def test_a_reply_without_smtp_settings_keeps_the_text_and_says_why(office, a_case):
    client = office.client("anna")

    response = post(
        client,
        f"/cases/{a_case}/reply",
        {"subject": "Re: Nyckel [#1]", "body": "Hej Anna, nyckeln finns i receptionen."},
    )

    assert response.status_code == 502
    assert "Hej Anna, nyckeln finns i receptionen." in response.text
    assert "The reply was not sent" in response.text


def test_a_case_that_does_not_exist_is_a_404_page(office):
    response = office.client("anna").get("/cases/424242")

    assert response.status_code == 404
    assert "Not found" in response.text
    assert "Traceback" not in response.text


def test_attachments_download_as_attachments_never_inline(office):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.org", "housing@intl.example.se", "Bilaga"
    msg["Message-ID"] = "<bilaga@example.org>"
    msg.set_content("Se bilaga")
    msg.add_attachment(
        b"<script>alert(1)</script>", maintype="text", subtype="html", filename="x.html"
    )
    (case_id,) = office.deliver(msg.as_bytes())
    client = office.client("anna")
    link = re.search(r'href="(/cases/\d+/attachments/\d+)"', client.get(f"/cases/{case_id}").text)
    assert link is not None

    download = client.get(link.group(1))

    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["x-content-type-options"] == "nosniff"


def test_a_checklist_step_the_routine_does_not_have_is_refused(office, a_case):
    client = office.client("anna")

    unknown = post(client, f"/cases/{a_case}/checklist", {"routine_id": "nope", "step": "1"})
    beyond = post(
        client, f"/cases/{a_case}/checklist", {"routine_id": "housing-key-handout", "step": "99"}
    )

    assert unknown.status_code == 404
    assert beyond.status_code == 400
    with office.session() as session:
        assert session.exec(select(ChecklistTick)).all() == []
