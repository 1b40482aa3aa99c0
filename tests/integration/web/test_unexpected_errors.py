"""Something nobody foresaw: the user gets a plain 500 page, the server log gets the traceback."""

from __future__ import annotations

import logging

from fastapi.testclient import TestClient

from api.app import create_app


class Surprise(RuntimeError):
    pass


def test_an_unexpected_error_is_logged_with_its_traceback_and_shown_without_one(office, caplog):
    app = create_app(office.settings, office.engine)

    @app.get("/surprise")
    def surprise() -> None:
        raise Surprise("the disk is full")

    client = TestClient(app, raise_server_exceptions=False)

    with caplog.at_level(logging.ERROR, logger="api.errors"):
        response = client.get("/surprise")

    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert "the disk is full" not in response.text
    (record,) = [r for r in caplog.records if r.name == "api.errors"]
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], Surprise)
    assert "GET /surprise" in record.getMessage()
    assert "raise Surprise" in caplog.text  # the traceback itself, down to the line
