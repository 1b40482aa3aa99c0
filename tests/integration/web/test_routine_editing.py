"""Routines edited in the browser, versioned and approved like standard replies: officers propose,
the owner or a manager approves, and only then do the case page, the checklists, the library and
the review job follow the change (without a restart); problems beside the texts; conflicts;
history and restore; a new routine for a question type that has none."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import select

from tests.integration.web.conftest import Office, post
from triage.demo import DEMO_OFFICE
from triage.models import RoutineProposal, RoutineReviewFlag, RoutineText, User
from triage.settings import ClassifierSettings, Settings

ROUTINE = "housing-key-handout"
EDIT = f"/routines/{ROUTINE}/sv/edit"
NEW_STEP = "Lägg alltid nyckeln i det nya nyckelskåpet i entrén."


def _form(client: TestClient, url: str) -> dict[str, str]:
    """The editor's fields as a browser sends them."""
    page = client.get(url).text
    form = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
    }
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S
    ):
        form[name] = html.unescape(value)
    return form


def _with_new_first_step(text: str) -> str:
    return text.replace("steps:\n", f"steps:\n  - text: {NEW_STEP}\n", 1)


def _stored(office: Office, routine_id: str = ROUTINE, language: str = "sv") -> RoutineText:
    with office.session() as session:
        return session.exec(
            select(RoutineText).where(
                RoutineText.routine_id == routine_id, RoutineText.language == language
            )
        ).one()


def _proposals(office: Office) -> list[RoutineProposal]:
    with office.session() as session:
        return list(session.exec(select(RoutineProposal)).all())


def _message(page: str, field: str) -> str:
    found = re.search(rf'<ul id="msg-{field}"[^>]*>(.*?)</ul>', page, re.S)
    assert found is not None, f"no messages for {field}"
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1)))


def _rename(office: Office, username: str, display_name: str) -> None:
    with office.session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        user.display_name = display_name
        session.commit()


def test_an_officers_change_waits_for_a_manager_then_every_page_follows_it_without_a_restart(
    office: Office, a_case: int
) -> None:
    anna, maria = office.client("anna"), office.client("maria")
    reader = office.client("bo", language="sv")  # a case page shows routines in its language
    assert post(anna, f"/cases/{a_case}/type", {"label": "housing"}).status_code == 303
    case_page = reader.get(f"/cases/{a_case}").text  # the routines are loaded now
    assert "Nyckelutlämning och sen ankomst" in case_page
    assert NEW_STEP not in case_page
    form = _form(anna, EDIT)
    assert form["base_version_sv"] == "1"
    form["text_sv"] = _with_new_first_step(form["text_sv"])

    proposed = post(anna, EDIT, form)

    assert proposed.status_code == 303
    assert "owner, its backup owner or a manager" in anna.get(proposed.headers["location"]).text
    assert NEW_STEP not in reader.get(f"/cases/{a_case}").text
    assert _stored(office).version == 1
    waiting = maria.get("/routines").text
    assert "Waiting for approval" in waiting
    assert " · Anna · " in waiting  # who proposed it, as the office knows her, not her login
    assert f"+  - text: {NEW_STEP}" in html.unescape(waiting)
    (proposal_id,) = re.findall(r"/routines/proposals/(\d+)/approve", waiting)
    assert "/approve" not in anna.get(f"/routines/{ROUTINE}/sv").text

    approved = post(maria, f"/routines/proposals/{proposal_id}/approve")

    assert approved.status_code == 303
    assert _stored(office).version == 2
    case_page = reader.get(f"/cases/{a_case}").text  # the same app: no restart
    assert NEW_STEP in case_page
    assert NEW_STEP in anna.get(f"/routines/{ROUTINE}/sv").text
    tick = {"routine_id": ROUTINE, "step": "10", "done": "1"}
    assert post(anna, f"/cases/{a_case}/checklist", tick).status_code == 303  # a tenth step now


def test_the_review_job_reads_the_approved_routines(office: Office) -> None:
    from triage import scheduler

    maria = office.client("maria")
    form = _form(maria, EDIT)
    form["text_sv"] = form["text_sv"].replace(
        "last_reviewed: 2026-11-27", "last_reviewed: 2020-01-01"
    )
    assert post(maria, EDIT, form).status_code == 303  # a manager's save is approved at once

    class NextYear(type(office.settings)):  # type: ignore[misc]
        def today(self) -> date:
            return date(2027, 1, 1)  # before the shipped routines' next review

    scheduler._routine_reviews(office.engine, NextYear(**office.settings.model_dump()))

    with office.session() as session:
        flags = session.exec(select(RoutineReviewFlag)).all()
    assert [(f.routine_id, f.language) for f in flags] == [(ROUTINE, "sv")]


def test_the_owner_named_by_the_approved_routine_may_approve_and_an_unrelated_officer_may_not(
    office: Office,
) -> None:
    anna, bo = office.client("anna"), office.client("bo")
    form = _form(anna, EDIT)
    form["text_sv"] = _with_new_first_step(form["text_sv"]).replace(
        "owner: housing-coordinator", "owner: anna"
    )
    assert post(anna, EDIT, form).status_code == 303
    (proposal,) = _proposals(office)

    assert post(anna, f"/routines/proposals/{proposal.id}/approve").status_code == 403
    assert post(bo, f"/routines/proposals/{proposal.id}/approve").status_code == 403
    assert _stored(office).version == 1

    _rename(office, "bo", "Housing-Coordinator")  # bo is the owner the approved routine names
    assert "/approve" in bo.get(f"/routines/{ROUTINE}/sv").text
    assert post(bo, f"/routines/proposals/{proposal.id}/approve").status_code == 303
    assert NEW_STEP in _stored(office).text
    assert "approved by Housing-Coordinator" in bo.get(f"/routines/{ROUTINE}/sv").text


def test_every_form_needs_the_csrf_token(office: Office) -> None:
    anna = office.client("anna")
    form = _form(anna, EDIT)
    form.pop("csrf_token")
    form["text_sv"] = _with_new_first_step(form["text_sv"])

    refused = [
        anna.post(EDIT, data=form, follow_redirects=False),
        anna.post("/routines/new", data=form, follow_redirects=False),
        anna.post("/routines/check", data=form, follow_redirects=False),
        anna.post(f"/routines/{ROUTINE}/sv/restore/1", follow_redirects=False),
        anna.post("/routines/proposals/1/approve", follow_redirects=False),
        anna.post("/routines/proposals/1/reject", follow_redirects=False),
    ]

    assert [r.status_code for r in refused] == [403] * len(refused)
    assert _proposals(office) == []


def test_a_broken_step_reply_and_a_missing_field_are_said_beside_the_text_and_nothing_is_stored(
    office: Office,
) -> None:
    maria = office.client("maria")
    form = _form(maria, EDIT)
    form["text_sv"] = form["text_sv"].replace(
        "reply: housing-key-pickup", "reply: housing-key-pikcup"
    )
    form["text_en"] = re.sub(r"\npurpose: [^\n]*", "", form["text_en"])

    answer = post(maria, EDIT, form)

    assert answer.status_code == 400
    sv, en = _message(answer.text, "text_sv"), _message(answer.text, "text_en")
    assert "steps[2].reply (line 33): unknown standard reply 'housing-key-pikcup'" in sv
    assert "purpose: required field is missing or empty" in en
    assert "housing-key-pikcup" in html.unescape(answer.text.split("<textarea", 1)[1])  # kept
    assert _stored(office).version == 1
    assert _proposals(office) == []


def test_the_live_check_answers_each_text_while_typing(office: Office) -> None:
    anna = office.client("anna")
    form = _form(anna, EDIT)
    form["text_en"] = ""
    form["text_sv"] = form["text_sv"].replace(
        "review_interval_days: 365", "review_interval_days: ja"
    )

    answer = post(anna, "/routines/check", form)

    assert answer.status_code == 200
    assert 'hx-swap-oob="true"' in answer.text
    assert "review_interval_days (line 9): must be a whole number" in _message(
        answer.text, "text_sv"
    )
    assert "missing language version" in _message(answer.text, "text_en")
    assert "2 problems" in answer.text


def test_the_second_editor_of_the_same_version_gets_the_difference_not_an_overwrite(
    office: Office,
) -> None:
    anna, maria = office.client("anna"), office.client("maria")
    annas, marias = _form(anna, EDIT), _form(maria, EDIT)
    marias["text_sv"] = _with_new_first_step(marias["text_sv"])
    assert post(maria, EDIT, marias).status_code == 303
    annas["text_sv"] = annas["text_sv"].replace("## Bakgrund", "## Bakgrund och syfte")

    answer = post(anna, EDIT, annas)

    assert answer.status_code == 409
    assert "while you edited" in answer.text
    assert "+## Bakgrund och syfte" in answer.text
    assert 'name="base_version_sv" value="2"' in answer.text  # saving again is deliberate
    assert "Bakgrund och syfte" not in _stored(office).text
    assert NEW_STEP in _stored(office).text


def test_history_shows_who_wrote_and_approved_each_version_and_an_old_one_can_be_restored(
    office: Office,
) -> None:
    anna, maria = office.client("anna"), office.client("maria")
    seed = _stored(office).text
    form = _form(maria, EDIT)
    form["text_sv"] = _with_new_first_step(form["text_sv"])
    assert post(maria, EDIT, form).status_code == 303
    page = maria.get(f"/routines/{ROUTINE}/sv").text
    assert "approved by Maria" in page
    assert f"+  - text: {NEW_STEP}" in html.unescape(page)

    proposed = post(anna, f"/routines/{ROUTINE}/sv/restore/1")  # an officer: a proposal
    assert proposed.status_code == 303
    assert _stored(office).version == 2
    restored = post(maria, f"/routines/{ROUTINE}/sv/restore/1")  # a manager: at once

    assert restored.status_code == 303
    assert _stored(office).version == 3
    assert _stored(office).text == seed


def test_a_new_routine_for_a_type_without_one_is_started_from_the_library(
    office: Office, make_settings: Callable[..., Settings]
) -> None:
    types = ["housing", "migration", "outbound", "fees", "other", "scholarships"]
    settings = make_settings(
        office=DEMO_OFFICE, classifier=ClassifierSettings(question_types=types)
    )
    maria = Office(settings, office.engine, office.mailbox_id).client("maria")
    assert 'href="/routines/new?type=scholarships"' in maria.get("/routines").text
    form = _form(maria, "/routines/new?type=scholarships")
    assert "question_types: [scholarships]" in form["text_sv"]
    texts = {}
    for language, title in (("sv", "Stipendier"), ("en", "Scholarships")):
        texts[f"text_{language}"] = (
            form[f"text_{language}"]
            .replace("id: \n", "id: scholarships-questions\n")
            .replace("title:\n", f"title: {title}\n")
            .replace("backup_owner:\n", "backup_owner: anna\n")
            .replace("purpose:\n", "purpose: Answer questions about scholarships.\n")
            .replace("  - when:\n    to:\n", "  - when: Fees\n    to: The fees office\n")
            .replace(
                "  - role:\n    how:\n", "  - role: Scholarships office\n    how: office.phone\n"
            )
            .replace(
                "  - text:\n    reply:\n",
                "  - text: Send the standard reply.\n    reply: fees-refund-rules\n",
            )
        )
    form |= texts | {"routine_id": "scholarships-questions"}

    saved = post(maria, "/routines/new", form)

    assert saved.status_code == 303, _message(saved.text, "text_sv") + _message(
        saved.text, "text_en"
    )
    assert saved.headers["location"] == "/routines/scholarships-questions/sv"
    library = maria.get("/routines").text
    assert 'href="/routines/new?type=scholarships"' not in library
    assert "Stipendier" in maria.get("/routines/scholarships-questions/sv").text
    again = post(maria, "/routines/new", form)
    assert again.status_code == 400
    assert "exists already" in _message(again.text, "routine_id")


def test_a_new_routine_needs_both_languages(office: Office) -> None:
    anna = office.client("anna")
    form = _form(anna, "/routines/new?type=fees")
    form |= {"routine_id": "fees-something", "text_en": ""}

    answer = post(anna, "/routines/new", form)

    assert answer.status_code == 400
    assert "missing language version" in _message(answer.text, "text_en")
    assert "id (line 2): required field is missing" in _message(answer.text, "text_sv")
    assert _proposals(office) == []


def _editor_says(page: str) -> tuple[str, str]:
    """What the editor tells its user about saving: the note under the heading, the button."""
    note = re.search(r'</h1>\s*<p class="muted">([^\n]*)</p>', page)
    button = re.search(r'<button type="submit" class="button primary">([^<]+)</button>', page)
    assert note is not None
    assert button is not None
    return html.unescape(note.group(1)), button.group(1)


def test_the_editor_says_propose_only_to_whom_saving_is_a_proposal(office: Office) -> None:
    anna, maria = office.client("anna"), office.client("maria")
    for url in ("/routines/new", "/routines/new?type=fees", EDIT):
        note, button = _editor_says(anna.get(url).text)
        assert "What you save is a proposal" in note, url
        assert button == "Propose", url
        note, button = _editor_says(maria.get(url).text)
        assert "what you save is used at once" in note, url
        assert "proposal" not in note, url
        assert button == "Save and publish", url

    _rename(office, "anna", "Housing-Coordinator")  # the owner the approved routine names
    assert _editor_says(anna.get(EDIT).text)[1] == "Save and publish"
    assert _editor_says(anna.get("/routines/new").text)[1] == "Propose"  # she owns no new one
    form = _form(anna, EDIT)
    form["text_sv"] = _with_new_first_step(form["text_sv"])
    saved = post(anna, EDIT, form)
    assert "Saved and approved" in anna.get(saved.headers["location"]).text
    assert _stored(office).version == 2
