"""The routine page shows the whole routine a substitute follows (purpose, numbered steps with
their links and replies, referrals, contacts, owners, review dates); from a case, one click puts
a named reply into the officer's reply. The library page tells managers and owners what is due
for review and which question types have no routine."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlmodel import select

from routines import RoutineLibrary, load_routines
from tests.integration.web.conftest import Office, csrf_of, post
from triage.demo import DEMO_OFFICE
from triage.models import ReplyDraft, User
from triage.settings import Settings
from triage.settings.sections import ClassifierSettings

PAGE = "/routines/housing-key-handout/en"


def _section(page: str, title_id: str) -> str:
    """The text of the page's section headed by the element with this id."""
    return page.split(f'id="{title_id}"', 1)[1].split("</section>", 1)[0]


def _rename(office: Office, username: str, display_name: str) -> None:
    with office.session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        user.display_name = display_name
        session.commit()


def _draft_body(office: Office, case_id: int) -> str | None:
    with office.session() as session:
        draft = session.exec(select(ReplyDraft).where(ReplyDraft.case_id == case_id)).first()
        return draft.body if draft else None


def _with_housing_key_handout_overdue(client) -> None:  # type: ignore[no-untyped-def]
    shipped = load_routines()
    client.app.state.routines = RoutineLibrary(
        [
            replace(r, last_reviewed=date(2020, 1, 1)) if r.id == "housing-key-handout" else r
            for r in shipped.routines
        ]
    )


def test_the_page_shows_purpose_numbered_steps_referrals_and_contacts(office):
    client = office.client("anna")

    page = client.get(PAGE).text

    assert "Make sure newly arrived students get their key safely" in _section(
        page, "purpose-title"
    )
    steps = re.findall(r'<li id="step-(\d+)">', _section(page, "steps-title"))
    assert steps == [str(n) for n in range(1, 10)]
    first = page.split('<li id="step-1">', 1)[1].split("</li>", 1)[0]
    assert "pull the list of move-ins for the next seven days" in first
    referrals = _section(page, "refer-title")
    assert "The question is about registration, introduction days or the student account" in (
        referrals
    )
    assert "Infocenter" in referrals
    contacts = _section(page, "contacts-title")
    assert "Property emergency service" in contacts
    assert '<a href="tel:+46812345600"' in contacts  # office.facilities_phone, resolved
    assert "Studenthuset, Housing Desk (B)" in contacts  # office.key_pickup_location
    assert "office.key_pickup_location" not in contacts
    assert "<h2>Background</h2>" in page  # the Markdown body below, rendered
    assert "## Background" not in page


def test_a_steps_office_link_resolves_through_the_office_settings(office):
    client = office.client("anna")

    page = client.get(PAGE).text

    first = page.split('<li id="step-1">', 1)[1].split("</li>", 1)[0]
    assert f'<a href="{DEMO_OFFICE["housing_portal_url"]}"' in first
    assert "office:housing_portal_url" not in first


def test_an_office_link_the_settings_lack_is_named_as_missing(
    office, make_settings: Callable[..., Settings]
):
    office_facts = {k: v for k, v in DEMO_OFFICE.items() if k != "housing_portal_url"}
    bare = Office(make_settings(office=office_facts), office.engine, office.mailbox_id)
    client = bare.client("anna")

    page = client.get(PAGE).text

    first = page.split('<li id="step-1">', 1)[1].split("</li>", 1)[0]
    assert "office:housing_portal_url" in first
    assert "not set in the office settings" in first
    assert "<a href" not in first


def test_a_step_links_to_the_standard_reply_it_names(office):
    client = office.client("anna")

    page = client.get(PAGE).text

    third = page.split('<li id="step-3">', 1)[1].split("</li>", 1)[0]
    assert '<a href="#reply-housing-key-pickup">' in third
    named = page.split('<li id="reply-housing-key-pickup">', 1)[1].split("</li>", 1)[0]
    assert "You collect your key from us at" in named  # its text, to read before using it
    assert '<a href="/replies/housing-key-pickup">' in named  # its page in the reply library
    assert "insert-reply" not in page  # not opened from a case: nothing to insert into


def test_the_owner_links_to_the_matching_account_and_an_unmatched_backup_reads_as_its_role(office):
    _rename(office, "maria", "Housing-Coordinator")  # the routine says housing-coordinator
    client = office.client("anna")

    page = client.get(PAGE).text

    facts = page.split('routine-facts"', 1)[1].split("</dl>", 1)[0]
    assert '<a href="/?assignee=maria"' in facts
    assert ">Housing-Coordinator</a>" in facts
    assert "<dd>Housing assistant</dd>" in facts  # housing-assistant: no login of that name
    assert "housing-assistant" not in facts
    assert "2026-11-27" in facts  # last reviewed
    assert "2027-11-27" in facts  # next review


def test_a_backup_owner_matches_an_account_by_its_user_name_in_any_case(office):
    with office.session() as session:
        session.add(User(username="Housing-Assistant", role="officer", password_hash="-"))
        session.commit()
    client = office.client("anna")

    page = client.get(PAGE).text

    facts = page.split('routine-facts"', 1)[1].split("</dl>", 1)[0]
    assert '<a href="/?assignee=Housing-Assistant"' in facts


def test_text_from_a_routine_file_is_never_markup_on_the_page(office):
    client = office.client("anna")
    routine = load_routines().routines[0]
    step = replace(routine.steps[0], text="[x](javascript:alert(1))", link="javascript:alert(2)")
    hostile = replace(routine, purpose="<script>alert('purpose')</script>", steps=(step,))
    client.app.state.routines = RoutineLibrary([hostile])

    page = client.get(f"/routines/{hostile.id}/{hostile.language}").text

    assert "<script>alert('purpose')</script>" not in page
    assert "&lt;script&gt;alert(&#39;purpose&#39;)&lt;/script&gt;" in page
    steps = _section(page, "steps-title")
    assert "javascript:alert(2)" in steps  # shown as written, to be fixed
    assert re.findall(r'href="([^"]*)"', steps) == []


def test_from_a_case_one_click_puts_the_named_reply_into_the_officers_reply(office, a_case):
    client = office.client("anna")
    routine_page = client.get(f"{PAGE}?case={a_case}").text
    assert f"Insert in the reply on case #{a_case}" in routine_page

    response = post(
        client,
        f"{PAGE}/insert-reply",
        {"case_id": str(a_case), "reply_id": "housing-key-pickup"},
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{a_case}#reply"
    body = _draft_body(office, a_case)
    assert body is not None
    assert "You collect your key from us at Studenthuset, Housing Desk (B)." in body
    case_page = client.get(f"/cases/{a_case}").text
    assert "You collect your key from us at Studenthuset, Housing Desk (B)." in case_page


def test_an_inserted_reply_goes_after_what_the_officer_had_written(office, a_case):
    client = office.client("anna")
    client.post(
        f"/cases/{a_case}/draft",
        data={"csrf_token": csrf_of(client, "/routines"), "subject": "Re: key", "body": "Hi!"},
    )

    post(client, f"{PAGE}/insert-reply", {"case_id": str(a_case), "reply_id": "housing-key-pickup"})

    body = _draft_body(office, a_case)
    assert body is not None
    assert body.startswith("Hi!\n\n")
    assert "You collect your key from us at" in body


def test_inserting_without_the_csrf_token_is_refused_and_changes_nothing(office, a_case):
    client = office.client("anna")

    response = client.post(
        f"{PAGE}/insert-reply",
        data={"case_id": str(a_case), "reply_id": "housing-key-pickup"},
        follow_redirects=False,
    )

    assert response.status_code == 403
    assert _draft_body(office, a_case) is None


def test_a_reply_the_routine_does_not_name_is_not_inserted(office, a_case):
    client = office.client("anna")

    post(client, f"{PAGE}/insert-reply", {"case_id": str(a_case), "reply_id": "fees-refund-rules"})

    assert _draft_body(office, a_case) is None


def test_the_case_pages_routine_link_opens_the_routine_for_that_case(office, a_case):
    client = office.client("anna")  # reads the pages in English
    post(client, f"/cases/{a_case}/type", {"label": "housing"})

    case_page = client.get(f"/cases/{a_case}").text

    # A Swedish mail: the routine is the officer's to read, in the language of her pages.
    assert f'href="/routines/housing-key-handout/en?case={a_case}"' in case_page
    swedish = office.client("bo", language="sv").get(f"/cases/{a_case}").text
    assert f'href="/routines/housing-key-handout/sv?case={a_case}"' in swedish


def test_a_manager_sees_the_routines_due_for_review(office):
    client = office.client("maria")
    _with_housing_key_handout_overdue(client)

    page = client.get("/routines").text

    due = page.split('class="due-routines"', 1)[1].split("</ul>", 1)[0]
    assert 'href="/routines/housing-key-handout/en"' in due
    assert "review was due 2020-12-31" in due
    assert "housing-room-offers" not in due  # reviewed 2026-11-27: not due


def test_an_owner_sees_their_own_routines_due_for_review(office):
    _rename(office, "anna", "Housing-Coordinator")
    client = office.client("anna")
    _with_housing_key_handout_overdue(client)

    page = client.get("/routines").text

    assert "Your routines due for review" in page
    due = page.split('class="due-routines"', 1)[1].split("</ul>", 1)[0]
    assert 'href="/routines/housing-key-handout/en"' in due


def test_an_officer_who_owns_no_due_routine_is_not_shown_the_review_list(office):
    client = office.client("bo")
    _with_housing_key_handout_overdue(client)

    page = client.get("/routines").text

    assert "To review and to write" not in page
    assert "due-routines" not in page


def test_a_question_type_no_routine_covers_is_listed_as_a_task_without_a_routine(
    office, make_settings: Callable[..., Settings]
):
    types = ["housing", "migration", "outbound", "fees", "other", "scholarships"]
    settings = make_settings(
        office=DEMO_OFFICE, classifier=ClassifierSettings(question_types=types)
    )
    client = Office(settings, office.engine, office.mailbox_id).client("maria")

    page = client.get("/routines").text

    uncovered = page.split('class="uncovered-types"', 1)[1].split("</ul>", 1)[0]
    assert "<li>scholarships · " in uncovered
    assert 'href="/routines/new?type=scholarships"' in uncovered  # write one from here
    assert "housing" not in uncovered.lower()


def test_the_review_section_is_in_swedish_for_a_swedish_manager(office):
    client = office.client("maria", language="sv")
    client.post("/preferences", data={"locale": "sv", "csrf_token": csrf_of(client, "/routines")})

    page = client.get("/routines").text

    assert "Att granska och att skriva" in page
    assert "Alla frågetyper har en rutin." in page
