"""Shared fixtures: a real Dovecot, a database per test (SQLite; PostgreSQL where reachable),
and settings objects built per test (no test edits a global)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlalchemy import Engine
from sqlmodel import Session

from tests.factories import reset_mail_clock
from tests.servers import Dovecot, start_dovecot
from tests.smtp import smtp_server  # noqa: F401  (a fixture for every test)
from triage.db import make_engine, upgrade
from triage.settings import MailboxSettings, Settings, SyncSettings

PG_HOST, PG_PORT = "127.0.0.1", 5432


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _fresh_mail_clock() -> None:
    """Test mail is dated from a clock that starts again in every test (order never matters)."""
    reset_mail_clock()


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server = start_dovecot()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'triage.db'}"
        return
    yield from _postgres_database()


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from _postgres_database()


def _postgres_database() -> Iterator[str]:
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    import psycopg

    name = f"mt_test_{uuid.uuid4().hex[:12]}"
    admin = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def make_settings(tmp_path: Path, db_url: str) -> Callable[..., Settings]:
    def _make(*mailboxes: MailboxSettings, **overrides: Any) -> Settings:
        sync = overrides.pop("sync", SyncSettings(backoff_s=0.01, timeout_s=10))
        return Settings(
            data_dir=tmp_path,
            database_url=db_url,
            mailbox=list(mailboxes),
            sync=sync,
            internal_domains=["intl.example.se"],
            **overrides,
        )

    return _make


@pytest.fixture
def engine(make_settings: Callable[..., Settings]) -> Iterator[Engine]:
    engine = make_engine(make_settings())
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


@pytest.fixture
def make_mailbox(dovecot: Dovecot) -> Callable[..., MailboxSettings]:
    """A mailbox on the test Dovecot with a fresh, empty IMAP account (plain IMAP on localhost)."""

    def _make(name: str = "housing", **overrides: Any) -> MailboxSettings:
        user, password = dovecot.add_user(name)
        values: dict[str, Any] = {
            "name": name,
            "address": f"{name}@intl.example.se",
            "imap_host": "127.0.0.1",
            "imap_port": dovecot.port,
            "tls": "none",
            "username": user,
            "password": password,
            "idle": False,
        }
        values.update(overrides)
        return MailboxSettings(**values)

    return _make


def append(
    dovecot: Dovecot,
    mb: MailboxSettings,
    *raws: bytes,
    flags: tuple[bytes, ...] = (),
    folder: str = "INBOX",
) -> None:
    """Deliver `raws` into the mailbox over IMAP, as a mail server would."""
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(mb.username, mb.secret())
        for raw in raws:
            client.append(folder, raw, flags=flags)


@pytest.fixture
def deliver(dovecot: Dovecot) -> Callable[..., None]:
    def _deliver(mb: MailboxSettings, *raws: bytes, **kw: Any) -> None:
        append(dovecot, mb, *raws, **kw)

    return _deliver


@pytest.fixture(scope="session")
def seed_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model an office starts with (what `ensure_model` trains: the seed data and the
    standard replies' example questions), once per test session (about twenty seconds)."""
    from classifiers.model import train
    from triage.learning.training import shipped_examples

    path = tmp_path_factory.mktemp("model") / "seed.skops"
    train(shipped_examples(), source="seed (tests)").save(path)
    return path


@pytest.fixture
def with_model(seed_model_file: Path) -> Callable[[Settings], Settings]:
    """Make `seed_model_file` the promoted model of `settings`' data directory."""
    from tests.factories import install_model

    def _install(settings: Settings) -> Settings:
        install_model(settings.data_dir, seed_model_file)
        return settings

    return _install
