"""/healthz as a monitor reads it: the database answers, the scheduler beats (when there are
mailboxes to poll), how long since each job finished, how much mail waits in quarantine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.integration.web.conftest import Office
from triage.db import transaction
from triage.models import JobRun, utcnow
from triage.scheduler import _heartbeat, run_job
from triage.settings import MailboxSettings


def _client(office: Office, *mailboxes: MailboxSettings) -> TestClient:
    settings = office.settings.model_copy(update={"mailbox": list(mailboxes)})
    return TestClient(create_app(settings, office.engine))


def test_without_mailboxes_no_scheduler_is_needed(office: Office) -> None:
    answer = _client(office).get("/healthz")

    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True}
    assert body["scheduler"]["needed"] is False
    assert answer.headers["cache-control"] == "no-store"


def test_mailboxes_without_a_beating_scheduler_fail_until_it_beats(office: Office) -> None:
    box = MailboxSettings(
        name="housing", address="housing@intl.example.se", imap_host="x", username="u", password="p"
    )
    client = _client(office, box)
    assert client.get("/healthz").status_code == 503

    _heartbeat(office.engine)
    run_job(office.engine, "retention", lambda: None)
    answer = client.get("/healthz")

    assert answer.status_code == 200
    body = answer.json()
    assert body["scheduler"]["alive"] is True
    assert body["scheduler"]["last_beat_s"] <= 5
    assert body["jobs"]["retention"]["error"] is None
    assert body["quarantined"] == 0

    with transaction(office.engine) as session:  # the scheduler died two minutes ago
        beat = session.get(JobRun, "scheduler")
        assert beat is not None
        beat.finished_at = utcnow() - timedelta(minutes=2)
    late = client.get("/healthz")
    assert late.status_code == 503
    assert late.json()["scheduler"]["alive"] is False


def test_a_failed_job_is_named_with_its_error(office: Office) -> None:
    def broken() -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):  # the scheduler logs it; the record keeps it
        run_job(office.engine, "train", broken)
    body = _client(office).get("/healthz").json()

    assert body["jobs"]["train"]["error"] == "RuntimeError: disk full"
