"""An office for the web tests: a migrated database with a mailbox, four users (two officers,
a manager, an admin), cases made from real mail through the ingestor, and logged-in clients."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from api.app import create_app
from tests.factories import make_mail
from triage.cases.standard_replies import ensure_seeded
from triage.db import transaction
from triage.demo import DEMO_OFFICE
from triage.mail.ingest.store import Ingestor, Location
from triage.models import Case, Mailbox, User
from triage.people.users import _hasher
from triage.settings import Settings

PASSWORDS = {
    "anna": "anna-password-1",
    "bo": "bo-password-12",
    "maria": "maria-password-1",
    "root": "root-password-1",
}
ROLES = {"anna": "officer", "bo": "officer", "maria": "manager", "root": "admin"}


@dataclass
class Office:
    settings: Settings
    engine: Engine
    mailbox_id: int

    def deliver(self, *raws: bytes) -> list[int | None]:
        """Store mail as if it arrived in the housing mailbox; the case id of each."""
        with transaction(self.engine) as session:
            mailbox = session.get(Mailbox, self.mailbox_id)
            assert mailbox is not None
            ingestor = Ingestor(session, office_addresses={mailbox.address})
            return [ingestor.ingest(raw, mailbox, Location("test")).case_id for raw in raws]

    def case(self, case_id: int) -> Case:
        with Session(self.engine) as session:
            case = session.get(Case, case_id)
            assert case is not None
            return case

    def session(self) -> Session:
        return Session(self.engine)

    def client(self, username: str | None = None, language: str = "en") -> TestClient:
        client = TestClient(
            create_app(self.settings, self.engine), headers={"Accept-Language": language}
        )
        if username is not None:
            log_in(client, username)
            if language == "en":
                client.post(
                    "/preferences",
                    data={"locale": "en", "csrf_token": csrf_of(client)},
                    follow_redirects=False,
                )
        return client


def csrf_of(client: TestClient, page: str = "/login") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert found is not None, f"no CSRF token on {page}"
    return found.group(1)


def log_in(client: TestClient, username: str) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORDS[username], "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture(scope="session")
def password_hashes() -> dict[str, str]:
    """Argon2 is slow on purpose: hash the test passwords once for the whole run."""
    return {name: _hasher().hash(password) for name, password in PASSWORDS.items()}


@pytest.fixture
def office(
    make_settings: Callable[..., Settings], engine: Engine, password_hashes: dict[str, str]
) -> Office:
    settings = make_settings(office=DEMO_OFFICE)
    with transaction(engine) as session:
        for name, role in ROLES.items():
            session.add(
                User(
                    username=name,
                    role=role,
                    display_name=name.capitalize(),
                    password_hash=password_hashes[name],
                )
            )
        mailbox = Mailbox(name="housing", address="housing@intl.example.se")
        session.add(mailbox)
        session.flush()
        ensure_seeded(session)
        mailbox_id = mailbox.id
    assert mailbox_id is not None
    return Office(settings, engine, mailbox_id)


@pytest.fixture
def a_case(office: Office) -> int:
    """One new case from a student asking about her room key."""
    (case_id,) = office.deliver(
        make_mail(
            "Nyckel till rummet",
            "Hej! När kan jag hämta nyckeln till mitt rum i korridoren? Jag kommer 20 augusti.",
        )
    )
    assert case_id is not None
    return case_id


def post(client: TestClient, url: str, data: dict[str, str] | None = None, **kw: object):  # type: ignore[no-untyped-def]
    """A form POST with this session's CSRF token, not following the redirect."""
    return client.post(
        url,
        data={"csrf_token": csrf_of(client, "/routines"), **(data or {})},
        follow_redirects=False,
        **kw,
    )


def first_case_id(office: Office) -> int:
    with office.session() as session:
        found = session.exec(select(Case.id)).first()
        assert found is not None
        return found
