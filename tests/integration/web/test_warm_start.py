"""The app builds what the first case page needs while it starts, not during that request."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from api.app import create_app
from api.templating import templates
from tests.integration.web.conftest import Office, log_in
from triage.cases import suggestions
from triage.demo import DEMO_OFFICE
from triage.settings import Settings


def test_the_reply_matcher_and_templates_are_ready_when_the_app_has_started(
    office: Office, a_case: int
) -> None:
    suggestions._matchers.clear()
    templates.env.cache.clear()  # type: ignore[union-attr]

    with TestClient(create_app(office.settings, office.engine)) as client:
        assert suggestions._matchers, "no reply matcher built at start"
        assert any("case.html" in str(key) for key in templates.env.cache)  # type: ignore[union-attr]
        log_in(client, "anna")
        page = client.get(f"/cases/{a_case}")

    assert page.status_code == 200
    assert "Nyckel till rummet" in page.text


def test_an_app_over_an_empty_database_still_starts(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(office=DEMO_OFFICE)  # no `engine`: nothing migrated the database
    with TestClient(create_app(settings)) as client:
        assert client.get("/login").status_code == 200
