"""Absences: an officer registers when she is away, and colleagues cover her open cases."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.factories import make_mail
from tests.integration.web.conftest import Office, post
from triage.cases import service as service
from triage.db import transaction
from triage.models import Absence
from triage.people.absences import add_absence
from triage.people.users import user_named

TODAY = date.today()


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def _listed(page: str) -> str:
    """The table of absences on the page ("" when nobody is away)."""
    found = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    return found.group(1) if found else ""


def _input(page: str, input_id: str) -> str:
    found = re.search(rf'<input id="{input_id}"[^>]*>', page)
    assert found is not None, f"no input {input_id}"
    return found.group(0)


def _field_error(page: str, input_id: str) -> str:
    found = re.search(rf'<span class="field-error" id="{input_id}-error">(.*?)</span>', page)
    assert found is not None, f"no message beside {input_id}"
    return found.group(1)


def _absences(office: Office) -> list[tuple[str, date, date]]:
    with office.session() as session:
        return [(a.created_by, a.starts_on, a.ends_on) for a in session.exec(select(Absence))]


def _away(office: Office, username: str, first: int, last: int) -> int:
    """Register an absence for `username` from today+first to today+last, as she would."""
    with transaction(office.engine) as session:
        user = user_named(session, username)
        days = TODAY + timedelta(days=first), TODAY + timedelta(days=last)
        absence = add_absence(session, user, *days, "", user)
        assert absence.id is not None
        return absence.id


# --- registering -----------------------------------------------------------------------------


def test_an_officer_registers_her_own_absence_and_sees_it_in_the_list(office):
    anna = office.client("anna")
    form = {"starts_on": _day(10), "ends_on": _day(14), "note": "Conference in Lund"}

    response = post(anna, "/absences", form)
    listed = _listed(anna.get("/absences").text)

    assert response.status_code == 303
    assert response.headers["location"] == "/absences"
    assert "Anna" in listed
    assert "Conference in Lund" in listed
    # The office's date style (ISO by default) in the English page too, never US dates.
    assert (TODAY + timedelta(days=10)).isoformat() in listed
    assert (TODAY + timedelta(days=14)).isoformat() in listed
    assert "away now" not in listed


def test_registering_an_absence_is_confirmed_in_the_users_language(office):
    anna = office.client("anna")

    post(anna, "/absences", {"starts_on": _day(10), "ends_on": _day(14)})

    assert "The absence is registered." in anna.get("/absences").text


FIRST_DAY = "Give the first day as a date (YYYY-MM-DD)."
LAST_DAY = "Give the last day as a date (YYYY-MM-DD)."
BAD_FORMS = {  # the form, the field it is wrong in, the other field, the message
    "no first day": ({"starts_on": "", "ends_on": _day(3)}, "a-from", "a-to", FIRST_DAY),
    "a first day that is no date": (
        {"starts_on": "1 december", "ends_on": _day(3)},
        "a-from",
        "a-to",
        FIRST_DAY,
    ),
    "a last day that is no date": (
        {"starts_on": _day(1), "ends_on": "2026-13-01"},
        "a-to",
        "a-from",
        LAST_DAY,
    ),
    "the last day before the first": (
        {"starts_on": _day(5), "ends_on": _day(1)},
        "a-to",
        "a-from",
        "The last day cannot be before the first day.",
    ),
}
BAD = pytest.mark.parametrize(
    ("form", "wrong", "right", "message"), BAD_FORMS.values(), ids=BAD_FORMS.keys()
)


@BAD
def test_a_bad_date_is_marked_on_its_field_and_what_was_typed_is_kept(
    office, form, wrong, right, message
):
    anna = office.client("anna")

    response = post(anna, "/absences", {**form, "note": "Parental leave"})

    assert response.status_code == 400
    assert 'aria-invalid="true"' in _input(response.text, wrong)
    assert f'aria-describedby="{wrong}-error"' in _input(response.text, wrong)
    assert "aria-invalid" not in _input(response.text, right)
    assert f'value="{form["starts_on"]}"' in _input(response.text, "a-from")
    assert f'value="{form["ends_on"]}"' in _input(response.text, "a-to")
    assert 'value="Parental leave"' in _input(response.text, "a-note")
    assert _absences(office) == []


@BAD
def test_a_bad_date_is_explained_beside_its_field(office, form, wrong, right, message):
    anna = office.client("anna")

    response = post(anna, "/absences", form)

    assert _field_error(response.text, wrong) == message


# --- for whom --------------------------------------------------------------------------------


def test_an_officer_is_not_offered_to_choose_whose_absence_it_is(office):
    page = office.client("anna").get("/absences").text

    assert 'id="a-user"' not in page
    assert '<input type="hidden" name="username" value="anna">' in page


def test_an_officer_may_not_register_an_absence_for_a_colleague(office):
    anna = office.client("anna")

    response = post(anna, "/absences", {"starts_on": _day(1), "ends_on": _day(2), "username": "bo"})

    assert response.status_code == 403
    assert "You may not do this" in response.text
    assert _absences(office) == []


def test_a_manager_registers_an_absence_for_an_officer(office):
    maria = office.client("maria")
    offered = maria.get("/absences").text

    form = {"starts_on": _day(1), "ends_on": _day(2), "username": "bo"}
    response = post(maria, "/absences", form)

    assert '<select id="a-user" name="username">' in offered
    assert re.search(r'<option value="bo"\s*>Bo</option>', offered)  # by name, as in "Assign to"
    assert response.status_code == 303
    assert "Bo" in _listed(maria.get("/absences").text)
    with office.session() as session:
        (absence,) = session.exec(select(Absence)).all()
        assert absence.user_id == user_named(session, "bo").id
        assert absence.created_by == "maria"


# --- covering --------------------------------------------------------------------------------


@pytest.fixture
def cases_of(office: Office) -> dict[str, int]:
    """An open case each for Anna and Maria, and one nobody has taken."""
    ids = office.deliver(
        make_mail("Key for room 12", "When can I get my key?", sender="a@uni.example.org"),
        make_mail("Residence permit", "How long does it take?", sender="b@uni.example.org"),
        make_mail("Tuition fee", "Do I have to pay?", sender="c@uni.example.org"),
    )
    with transaction(office.engine) as session:
        for case_id, who in zip(ids[:2], ("anna", "maria"), strict=True):
            assert case_id is not None
            user = user_named(session, who)
            service.claim_case(session, service.get_case(session, case_id), user)
    return {"anna": ids[0], "maria": ids[1], "nobody": ids[2]}  # type: ignore[dict-item]


def _covering(office: Office, who: str) -> str:
    response = office.client(who).get("/?assignee=covering")
    assert response.status_code == 200
    return response.text


def test_while_an_officer_is_away_her_open_cases_show_under_covering(office, cases_of):
    post(office.client("anna"), "/absences", {"starts_on": _day(-1), "ends_on": _day(1)})

    page = _covering(office, "bo")

    assert "Key for room 12" in page
    assert "Residence permit" not in page  # Maria is at work
    assert "Tuition fee" not in page  # nobody's case


def test_the_substitute_is_told_who_is_away_and_until_when(office, cases_of):
    post(office.client("anna"), "/absences", {"starts_on": _day(-1), "ends_on": _day(4)})
    _away(office, "maria", 3, 10)  # not yet
    until = (TODAY + timedelta(days=4)).isoformat()

    said = re.search(r'<p class="muted" id="away-today">(.*?)</p>', _covering(office, "bo"), re.S)

    assert said is not None
    assert re.fullmatch(rf"Away today: Anna[^(]* \(until {until}\)", said.group(1).strip())
    assert "Nobody is away today." in _covering(office, "anna")  # not covering for herself


def test_an_absence_that_has_ended_covers_nothing(office, cases_of):
    post(office.client("anna"), "/absences", {"starts_on": _day(-10), "ends_on": _day(-3)})

    page = _covering(office, "bo")

    assert "Key for room 12" not in page
    assert "Residence permit" not in page


def test_an_absence_still_to_come_covers_nothing_yet(office, cases_of):
    _away(office, "anna", 3, 10)

    assert "Key for room 12" not in _covering(office, "bo")


# --- removing --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anna", "maria"])
def test_an_officer_removes_her_own_absence_and_a_manager_anyones(office, who):
    absence = _away(office, "anna", 1, 5)
    client = office.client(who)

    response = post(client, f"/absences/{absence}/delete")

    assert response.status_code == 303
    assert "Nobody is away." in client.get("/absences").text
    assert _absences(office) == []


def test_an_officer_may_not_remove_a_colleagues_absence(office):
    absence = _away(office, "bo", 1, 5)
    anna = office.client("anna")
    page = anna.get("/absences").text

    response = post(anna, f"/absences/{absence}/delete")

    assert f'action="/absences/{absence}/delete"' not in page
    assert response.status_code == 403
    assert "You may not do this" in response.text
    assert len(_absences(office)) == 1
