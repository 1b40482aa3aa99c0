"""Follow-up dates ("bevakning"): a case with a date leaves the queue until that day, comes back
marked on it, is listed under the follow-up filter, and the history says who set which date."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.web.conftest import Office, post


def _queue_ids(client, query: str = "") -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/{query}").text


def _set(office: Office, client, case_id: int, days: int, note: str = "") -> None:  # type: ignore[no-untyped-def]
    on = (office.settings.today() + timedelta(days=days)).isoformat()
    response = post(client, f"/cases/{case_id}/follow-up", {"on": on, "note": note})
    assert response.status_code == 303, response.text


def test_a_case_with_a_follow_up_date_leaves_the_queue_until_that_day(office, a_case):
    client = office.client("anna")

    _set(office, client, a_case, 7, "Kolla om kontraktet kommit")

    assert f'href="/cases/{a_case}"' not in client.get("/").text
    listed = client.get("/?follow_up=set").text
    assert f'href="/cases/{a_case}"' in listed
    page = client.get(f"/cases/{a_case}").text
    assert "Kolla om kontraktet kommit" in page
    assert "The case leaves the queue until" in page


def test_on_its_day_the_case_is_back_in_the_queue_marked(office, a_case):
    client = office.client("anna")

    _set(office, client, a_case, 0)

    queue = client.get("/").text
    assert f'href="/cases/{a_case}"' in queue
    assert "badge-follow-up" in queue
    assert f'href="/cases/{a_case}"' in client.get("/?follow_up=due").text


def test_a_date_in_the_past_is_refused_beside_the_field(office, a_case):
    client = office.client("anna")
    yesterday = (office.settings.today() - timedelta(days=1)).isoformat()

    response = post(
        client, f"/cases/{a_case}/follow-up", {"on": yesterday}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 400
    assert "A follow-up date cannot be in the past." in response.text
    assert office.case(a_case).follow_up_on is None


def test_removing_the_follow_up_brings_the_case_back_and_the_history_says_so(office, a_case):
    client = office.client("anna")
    _set(office, client, a_case, 3)

    post(client, f"/cases/{a_case}/follow-up", {"action": "clear"})

    assert office.case(a_case).follow_up_on is None
    assert f'href="/cases/{a_case}"' in client.get("/").text
    page = client.get(f"/cases/{a_case}").text
    assert "Follow-up set for" in page
    assert "Follow-up removed" in page


def test_the_routine_step_that_asks_for_a_follow_up_links_to_the_date(office, a_case):
    client = office.client("anna")
    post(client, f"/cases/{a_case}/type", {"label": "migration"})

    page = client.get(f"/cases/{a_case}").text

    assert 'href="#follow-up-on" class="follow-up-link"' in page
    assert 'id="follow-up-on"' in page
