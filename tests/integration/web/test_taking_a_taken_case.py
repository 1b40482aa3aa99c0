"""Taking a case a colleague holds never takes it from them unawares. An officer whose queue or
case page is stale (Anna took the case a moment ago) is told who has it and may take it over
with a second, explicit button; the takeover is in the case history with both names. The JSON
API answers such a claim 409 with who holds the case, unless the script asks for a takeover."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from api.app import create_app
from tests.factories import visible_text
from tests.integration.web.conftest import PASSWORDS, Office, post
from triage.cases import service
from triage.models import CaseEvent, User

HTMX = {"HX-Request": "true"}


def _holder(office: Office, case_id: int) -> str | None:
    with office.session() as session:
        case = service.get_case(session, case_id)
        holder = session.get(User, case.assignee_id) if case.assignee_id else None
        return holder.username if holder else None


def _assignments(office: Office, case_id: int) -> list[tuple[str, str | None, str | None, bool]]:
    """Each assignment event as (who did it, from, to, whether it was a takeover)."""
    with office.session() as session:
        events = session.exec(
            select(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.kind == "assigned")
            .order_by(col(CaseEvent.id))
        ).all()
    return [
        (e.actor, e.old_value, e.new_value, bool((e.data or {}).get("takeover"))) for e in events
    ]


def _script(office: Office, username: str) -> TestClient:
    """A script on the JSON API, logged in with HTTP Basic."""
    login = base64.b64encode(f"{username}:{PASSWORDS[username]}".encode()).decode()
    client = TestClient(create_app(office.settings, office.engine))
    client.headers["Authorization"] = f"Basic {login}"
    return client


def test_taking_from_a_stale_queue_a_case_a_colleague_just_took_leaves_it_with_them(office, a_case):
    bo = office.client("bo")
    assert f'action="/cases/{a_case}/claim"' in bo.get("/").text  # Bo's queue offers it
    post(office.client("anna"), f"/cases/{a_case}/claim", {"next": "/"})

    response = post(bo, f"/cases/{a_case}/claim", {"next": "/"})  # Bo's queue was stale

    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{a_case}#assignment"
    page = visible_text(bo.get(response.headers["location"]).text)
    assert (
        f"Case {a_case} is already taken: Anna has it, so it was not given to you. "
        "To take it anyway, choose “Take over from Anna”."
    ) in page
    assert "Assigned to: Anna" in page
    assert "Take over from Anna" in page
    assert _holder(office, a_case) == "anna"
    assert _assignments(office, a_case) == [("anna", None, "anna", False)]


def test_taking_on_a_stale_case_page_answers_who_has_it_and_offers_the_takeover(office, a_case):
    bo = office.client("bo")
    assert "Take the case" in bo.get(f"/cases/{a_case}").text
    post(office.client("anna"), f"/cases/{a_case}/claim")

    response = post(bo, f"/cases/{a_case}/claim", headers=HTMX)

    assert response.status_code == 409
    assert 'id="assignment"' in response.text  # the part htmx swaps in, not an error page
    assert 'role="alert"' in response.text
    assert "Anna has it, so it was not given to you" in visible_text(response.text)
    takeover = response.text.split('id="case-held"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrf_token"' in takeover
    assert 'name="takeover" value="1"' in takeover
    assert 'name="holder" value="anna"' in takeover
    assert "claim-form" not in takeover  # the key "c" takes only a case nobody has
    assert "Take the case" not in response.text
    assert _holder(office, a_case) == "anna"


def test_the_message_is_in_swedish_for_a_swedish_officer(office, a_case):
    post(office.client("anna"), f"/cases/{a_case}/claim")

    response = post(office.client("bo", language="sv"), f"/cases/{a_case}/claim", headers=HTMX)

    assert response.status_code == 409
    text = visible_text(response.text)
    assert f"Ärende {a_case} är redan taget: Anna har det, så du fick det inte." in text
    assert "Ta över från Anna" in text


def test_taking_over_gives_the_case_and_the_history_names_both_officers(office, a_case):
    anna = office.client("anna")
    post(anna, f"/cases/{a_case}/claim")
    bo = office.client("bo")
    post(bo, f"/cases/{a_case}/claim")

    response = post(bo, f"/cases/{a_case}/claim", {"takeover": "1", "holder": "anna"})

    assert response.status_code == 303
    page = visible_text(bo.get(response.headers["location"]).text)
    assert f"You have taken over case {a_case} from Anna." in page
    assert "Assigned to: Bo" in page
    assert "Bo · Took the case over from Anna" in page
    assert _holder(office, a_case) == "bo"
    assert _assignments(office, a_case) == [
        ("anna", None, "anna", False),
        ("bo", "anna", "bo", True),
    ]
    post(anna, "/preferences", {"locale": "sv"})
    history = visible_text(anna.get(f"/cases/{a_case}").text)
    assert "Bo · Tog över ärendet från Anna" in history


def test_a_takeover_from_one_colleague_does_not_take_the_case_from_another(office, a_case):
    anna = office.client("anna")
    post(anna, f"/cases/{a_case}/claim")
    bo = office.client("bo")
    assert "Take over from Anna" in bo.get(f"/cases/{a_case}").text
    post(anna, f"/cases/{a_case}/assign", {"assignee": "maria"})  # meanwhile, to Maria

    response = post(bo, f"/cases/{a_case}/claim", {"takeover": "1", "holder": "anna"}, headers=HTMX)

    assert response.status_code == 409
    text = visible_text(response.text)
    assert "Maria has it, so it was not given to you" in text
    assert "Take over from Maria" in text
    assert _holder(office, a_case) == "maria"


def test_taking_a_case_nobody_has_or_your_own_works_as_before(office, a_case):
    anna = office.client("anna")

    first = post(anna, f"/cases/{a_case}/claim", {"next": "/"})
    again = post(anna, f"/cases/{a_case}/claim", {"next": "/"})

    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"] == "/"
    assert f"You have taken case {a_case}." in visible_text(anna.get("/").text)
    assert _holder(office, a_case) == "anna"
    assert office.case(a_case).status == "open"
    assert _assignments(office, a_case) == [("anna", None, "anna", False)]


def test_two_officers_taking_the_same_case_at_once_do_not_both_get_it(office, a_case):
    with office.session() as anna_session, office.session() as bo_session:
        anna = anna_session.exec(select(User).where(User.username == "anna")).one()
        bo = bo_session.exec(select(User).where(User.username == "bo")).one()
        for_anna = service.get_case(anna_session, a_case)
        for_bo = service.get_case(bo_session, a_case)  # read before Anna's take is saved
        service.claim_case(anna_session, for_anna, anna)
        anna_session.commit()

        with pytest.raises(service.CaseHeld) as refused:
            service.claim_case(bo_session, for_bo, bo)
        bo_session.commit()

    assert refused.value.holder == "anna"
    assert refused.value.holder_name == "Anna"
    assert _holder(office, a_case) == "anna"
    assert _assignments(office, a_case) == [("anna", None, "anna", False)]


def test_the_api_answers_409_with_who_holds_the_case(office, a_case):
    _script(office, "anna").post(f"/api/v1/cases/{a_case}/claim", json={})

    response = _script(office, "bo").post(f"/api/v1/cases/{a_case}/claim", json={})

    assert response.status_code == 409
    assert response.json()["assignee"] == "anna"
    assert response.json()["assignee_name"] == "Anna"
    assert "takeover" in response.json()["detail"]
    assert _holder(office, a_case) == "anna"


def test_the_api_takes_the_case_over_when_asked_and_logs_the_takeover(office, a_case):
    _script(office, "anna").post(f"/api/v1/cases/{a_case}/claim", json={})

    response = _script(office, "bo").post(f"/api/v1/cases/{a_case}/claim", json={"takeover": True})

    assert response.status_code == 200
    assert response.json()["assignee_id"] is not None
    assert _holder(office, a_case) == "bo"
    assert _assignments(office, a_case)[-1] == ("bo", "anna", "bo", True)


def test_the_api_still_takes_a_free_case_or_your_own_without_asking(office, a_case):
    anna = _script(office, "anna")

    assert anna.post(f"/api/v1/cases/{a_case}/claim", json={}).status_code == 200
    assert anna.post(f"/api/v1/cases/{a_case}/claim", json={}).status_code == 200
    assert _holder(office, a_case) == "anna"


def test_the_api_schema_documents_the_takeover_and_the_409(office):
    schema = office.client("anna").get("/api/v1/openapi.json").json()
    models = schema["components"]["schemas"]

    operation = schema["paths"]["/api/v1/cases/{case_id}/claim"]["post"]

    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/Claiming"} in body["anyOf"]
    assert models["Claiming"]["properties"]["takeover"]["type"] == "boolean"
    assert "409 Conflict" in operation["description"]
    held = operation["responses"]["409"]["content"]["application/json"]["schema"]["$ref"]
    assert set(models[held.rsplit("/", 1)[1]]["properties"]) == {
        "detail",
        "assignee",
        "assignee_name",
    }
