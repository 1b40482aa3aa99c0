"""The demo as a newcomer meets it, and the minimal web app: login required, roles respected."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from api.app import create_app
from triage.db import make_engine, transaction
from triage.demo import prepare_demo
from triage.models import Case, Message, Quarantine
from triage.people.users import add_user


# SQLite only, on purpose: `triage demo`'s contract is a fresh embedded SQLite database in its
# folder (prepare_demo deletes triage.db* and writes a configuration without database_url), so
# these tests take no db_url. Login, roles and escaping run on both databases with the office
# fixture in tests/integration/web/ (test_roles_and_csrf.py, test_queue_page.py).
@pytest.fixture(scope="module")
def demo(tmp_path_factory, seed_model_file):
    workdir = tmp_path_factory.mktemp("demo")
    (workdir / "models").mkdir()
    shutil.copy(seed_model_file, workdir / "models" / "m.skops")
    (workdir / "models" / "promoted.json").write_text(json.dumps({"file": "m.skops"}))
    settings, login = prepare_demo(workdir)
    return settings, login


def test_the_demo_imports_a_year_of_mail_into_classified_cases(demo):
    settings, _ = demo
    engine = make_engine(settings)

    with Session(engine) as session:
        messages = session.exec(select(func.count()).select_from(Message)).one()
        cases = session.exec(select(Case)).all()
        quarantined = session.exec(select(func.count()).select_from(Quarantine)).one()

    assert messages >= 300
    assert quarantined == 0  # the malformed demo mails are read, not lost
    assert {c.question_type for c in cases} == {"housing", "migration", "outbound", "fees", "other"}
    assert len({c.received_at.strftime("%Y-%m") for c in cases}) >= 12


def _logged_in(settings, user, password):
    import re

    client = TestClient(create_app(settings))
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": user, "password": password, "csrf_token": token})
    return client


def test_every_page_needs_a_login(demo):
    client = TestClient(create_app(demo[0]))

    assert client.get("/", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/cases").status_code == 401
    assert client.get("/api/v1/cases", auth=("demo", "wrong password")).status_code == 401


def test_the_demo_login_lists_cases_escaping_what_mail_contains(demo):
    settings, (user, password) = demo
    with transaction(make_engine(settings)) as session:
        mailbox_id = session.exec(select(Case.mailbox_id)).first()
        session.add(
            Case(
                mailbox_id=mailbox_id,
                subject='<script>alert("pwned")</script>',
                requester_name="<img src=x onerror=alert(1)>",
            )
        )
    client = _logged_in(settings, user, password)

    page = client.get("/?order=newest")  # the hostile case arrived last
    cases = client.get("/api/v1/cases?limit=500&status=all", auth=(user, password)).json()["cases"]

    assert page.status_code == 200
    assert "<h1>Kö</h1>" in page.text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page.text
    assert "<script>" not in page.text
    assert "<img src=x" not in page.text
    assert len(cases) > 100
    assert {"id", "subject", "question_type", "confidence", "status"} <= set(cases[0])


def test_only_admins_see_mailbox_health_and_quarantine(demo):
    settings, (admin, password) = demo
    engine = make_engine(settings)
    with transaction(engine) as session:
        add_user(session, "olle", "officer", "officer-password-1")
    client = TestClient(create_app(settings))

    as_officer = client.get("/api/v1/mailboxes", auth=("olle", "officer-password-1"))
    as_admin = client.get("/api/v1/mailboxes", auth=(admin, password))
    quarantine = client.get("/api/v1/quarantine", auth=(admin, password))

    assert as_officer.status_code == 403
    assert {m["name"] for m in as_admin.json()} == {"housing", "international", "fees"}
    assert quarantine.json() == []
