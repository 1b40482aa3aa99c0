"""Collisions: the case page and the queue show which colleague has the case open right now
(its page pings "still here") or a reply draft on it."""

from __future__ import annotations

from tests.integration.web.conftest import post


def test_a_colleague_with_the_page_open_is_shown_on_the_case_and_in_the_queue(office, a_case):
    anna, bo = office.client("anna"), office.client("bo")
    bo.get(f"/cases/{a_case}")
    post(bo, f"/cases/{a_case}/presence")

    answer = post(anna, f"/cases/{a_case}/presence")
    queue = anna.get(f"/cases/presence?ids={a_case}")

    assert "Also on this case now: Bo" in answer.text
    assert f'id="presence-{a_case}"' in queue.text
    assert "Open now: Bo" in queue.text


def test_a_colleagues_draft_is_shown_and_your_own_is_not(office, a_case):
    anna, bo = office.client("anna"), office.client("bo")
    post(bo, f"/cases/{a_case}/draft", {"subject": "Re", "body": "Bo skriver ett svar"})
    post(anna, f"/cases/{a_case}/draft", {"subject": "Re", "body": "Annas svar"})

    anna_sees = anna.get(f"/cases/{a_case}").text
    bo_sees = bo.get(f"/cases/{a_case}").text

    assert "Bo has a reply draft here" in anna_sees
    assert "Anna has a reply draft here" in bo_sees
    assert "Bo has a reply draft here" not in bo_sees


def test_nobody_else_on_the_case_shows_nothing(office, a_case):
    anna = office.client("anna")
    anna.get(f"/cases/{a_case}")

    answer = post(anna, f"/cases/{a_case}/presence")

    assert "Also on this case now" not in answer.text
    assert "reply draft" not in answer.text
