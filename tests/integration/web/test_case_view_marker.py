"""Opening a case page only records that this officer has seen what is on it: a second look writes
nothing, and a cross-site request (which carries no session) writes nothing at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import col, select

from api.app import create_app
from tests.factories import make_mail
from tests.integration.web.conftest import Office
from triage.models import CaseEvent, CaseView, Message


def _written(office: Office, case_id: int) -> tuple[list[tuple[int, datetime]], list[int]]:
    """The case's view rows (user, seen_at) and its event ids: what a look may have written."""
    with office.session() as session:
        views = session.exec(select(CaseView).where(CaseView.case_id == case_id)).all()
        events = session.exec(
            select(CaseEvent.id).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))
        ).all()
        return [(v.user_id, v.seen_at) for v in views], [e for e in events if e is not None]


def test_looking_at_a_case_again_writes_nothing(office, a_case):
    client = office.client("anna")
    client.get(f"/cases/{a_case}")
    after_first_look = _written(office, a_case)

    again = client.get(f"/cases/{a_case}")

    assert again.status_code == 200
    assert _written(office, a_case) == after_first_look
    assert len(after_first_look[0]) == 1


def test_a_look_after_new_mail_is_recorded_once(office, a_case):
    client = office.client("anna")
    client.get(f"/cases/{a_case}")
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    with office.session() as session:
        first_id = session.exec(select(Message.message_id)).first()
        view = session.exec(select(CaseView)).one()
        view.seen_at = an_hour_ago  # that first look was an hour ago
        session.add(view)
        session.commit()
    office.deliver(
        make_mail(
            "Re: Nyckel till rummet",
            "En sak till.",
            date=an_hour_ago + timedelta(minutes=30),  # mail since then
            headers={"In-Reply-To": str(first_id)},
        )
    )
    before = _written(office, a_case)

    client.get(f"/cases/{a_case}")
    once = _written(office, a_case)
    client.get(f"/cases/{a_case}")

    assert once != before
    assert len(once[1]) == len(before[1]) + 1  # one "viewed" event for the new mail
    assert _written(office, a_case) == once


def test_a_request_without_the_session_writes_nothing(office, a_case):
    login = office.client()
    anonymous = TestClient(create_app(office.settings, office.engine))

    page = login.get("/login")
    response = anonymous.get(f"/cases/{a_case}", follow_redirects=False)

    # Browsers send a SameSite=Lax cookie with no cross-site image, frame or script request.
    assert "samesite=lax" in page.headers["set-cookie"].lower()
    assert response.status_code in (302, 303, 307)
    views, _ = _written(office, a_case)
    assert views == []
