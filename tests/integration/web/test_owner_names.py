"""Routines and standard replies name their owners as colleagues know them, so that a
substitute knows whom to ask: the colleague's display name when the owner is a login, else the
office's name for the role (in Swedish in the Swedish UI). The code the file holds
(`housing-coordinator`) is shown only in the editors."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import select

from routines import RoutineLibrary, load_routines
from tests.integration.web.conftest import Office, post
from triage.models import User

ROUTINE = "/routines/housing-key-handout/en"


def _facts(page: str) -> str:
    return page.split('routine-facts"', 1)[1].split("</dl>", 1)[0]


def _add_user(office: Office, username: str, display_name: str) -> None:
    with office.session() as session:
        session.add(
            User(username=username, display_name=display_name, role="officer", password_hash="-")
        )
        session.commit()


def _rename(office: Office, username: str, display_name: str) -> None:
    with office.session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        user.display_name = display_name
        session.commit()


def test_a_routine_owned_by_a_role_names_the_role_not_its_code(office: Office) -> None:
    client = office.client("anna")

    page = client.get(ROUTINE).text

    facts = _facts(page)
    assert "<dd>Housing coordinator</dd>" in facts
    assert "<dd>Housing assistant</dd>" in facts
    assert "housing-coordinator" not in facts
    assert "housing-assistant" not in facts


def test_the_swedish_ui_names_the_role_in_swedish(office: Office) -> None:
    client = office.client("anna", language="sv")

    page = client.get(ROUTINE).text

    facts = _facts(page)
    assert "<dd>Bostadssamordnare</dd>" in facts
    assert "<dd>Bostadsassistent</dd>" in facts


def test_an_owner_who_is_a_login_is_named_by_their_display_name_with_the_role(
    office: Office,
) -> None:
    _add_user(office, "housing-coordinator", "Maria Berg")  # the office's account for the role
    client = office.client("anna")

    page = client.get(ROUTINE).text

    facts = _facts(page)
    assert '<a href="/?assignee=housing-coordinator"' in facts
    assert ">Maria Berg</a>" in facts
    assert '<span class="muted">(Housing coordinator)</span>' in facts


def test_an_owner_named_by_login_shows_the_colleagues_display_name_alone(office: Office) -> None:
    client = office.client("anna")
    shipped = load_routines()
    client.app.state.routines = RoutineLibrary(
        [replace(r, owner="bo") if r.id == "housing-key-handout" else r for r in shipped.routines]
    )
    _rename(office, "bo", "Bo Ek")

    facts = _facts(client.get(ROUTINE).text)

    assert '<a href="/?assignee=bo" title="Cases assigned to Bo Ek">Bo Ek</a></dd>' in facts


def test_a_role_the_office_added_itself_reads_as_words(office: Office) -> None:
    client = office.client("anna")
    shipped = load_routines()
    client.app.state.routines = RoutineLibrary(
        [
            replace(r, owner="study-abroad-advisor") if r.id == "housing-key-handout" else r
            for r in shipped.routines
        ]
    )

    facts = _facts(client.get(ROUTINE).text)

    assert "<dd>Study abroad advisor</dd>" in facts


def test_the_routine_library_lists_owners_and_backups_by_name(office: Office) -> None:
    client = office.client("anna", language="sv")

    page = client.get("/routines?language=en").text

    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "Bostadssamordnare" in table
    assert "ersättare: Bostadsassistent" in table
    assert "housing-coordinator" not in table
    assert "fee-administrator" not in table


def test_the_review_list_names_the_owner_by_role(office: Office) -> None:
    client = office.client("maria")
    shipped = load_routines()
    client.app.state.routines = RoutineLibrary(
        [
            replace(r, last_reviewed=r.last_reviewed.replace(year=2020))
            if r.id == "housing-key-handout"
            else r
            for r in shipped.routines
        ]
    )

    page = client.get("/routines").text

    due = page.split('class="due-routines"', 1)[1].split("</ul>", 1)[0]
    assert "owner: Housing coordinator" in due


def test_the_case_pages_routine_panel_says_whom_to_ask(office: Office, a_case: int) -> None:
    client = office.client("anna", language="sv")
    post(client, f"/cases/{a_case}/type", {"label": "housing"})

    page = client.get(f"/cases/{a_case}").text

    panel = page.split('id="routine-housing-key-handout"', 1)[1].split("</details>", 1)[0]
    assert "Ansvarig: Bostadssamordnare" in panel
    assert "Ersättare: Bostadsassistent" in panel


def test_a_standard_reply_names_its_owner_by_role_and_its_editor_keeps_the_code(
    office: Office,
) -> None:
    client = office.client("anna")

    reply = client.get("/replies/migration-decision-time").text
    listing = client.get("/replies?type=migration").text
    editor = client.get("/replies/migration-decision-time/edit").text

    assert "Owner: Migration advisor" in reply
    assert "migration-advisor" not in reply
    assert "<td>Migration advisor</td>" in listing
    assert 'name="owner" value="migration-advisor"' in editor  # where it is edited, the code
