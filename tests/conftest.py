"""Shared fixtures: a real Dovecot, a database per test (SQLite, then PostgreSQL when it answers),
and settings objects built per test (no test edits a global)."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlmodel import Session, create_engine

from tests.factories import reset_mail_clock
from tests.servers import Dovecot, start_dovecot
from tests.smtp import smtp_server  # noqa: F401  (a fixture for every test)
from triage.db import make_engine, upgrade
from triage.settings import MailboxSettings, Settings, SyncSettings

# The PostgreSQL server whose throwaway databases the tests use: this machine's own, or the one
# TRIAGE_TEST_DATABASE_URL names (a server URL such as postgresql+psycopg://user@host:5432/postgres;
# its database is only where CREATE DATABASE and DROP DATABASE are sent from).
PG_SERVER_ENV = "TRIAGE_TEST_DATABASE_URL"
PG_DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def pg_server() -> URL:
    url = make_url(os.environ.get(PG_SERVER_ENV) or PG_DEFAULT_SERVER)
    if url.get_backend_name() != "postgresql":
        raise pytest.UsageError(f"{PG_SERVER_ENV} must be a postgresql:// URL, not {url!r}")
    return url.set(drivername="postgresql+psycopg", database=url.database or "postgres")


def _admin_conninfo(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@functools.cache
def postgres_unavailable() -> str | None:
    """None when the PostgreSQL server answers (asked once per run), else why it does not."""
    url = pg_server()
    import psycopg

    try:
        with psycopg.connect(_admin_conninfo(url), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        where = f"{url.host or 'localhost'}:{url.port or 5432}"
        why = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        named = (
            f"named by {PG_SERVER_ENV}"
            if os.environ.get(PG_SERVER_ENV)
            else f"(or set {PG_SERVER_ENV})"
        )
        return f"PostgreSQL does not answer on {where} {named}: {why}"
    return None


@pytest.fixture(autouse=True)
def _fresh_mail_clock() -> None:
    """Test mail is dated from a clock that starts again in every test (order never matters)."""
    reset_mail_clock()


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server = start_dovecot()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own, every test once on each: a SQLite file, then a fresh
    PostgreSQL database (skipped when PostgreSQL does not answer). `-k sqlite` runs one half.

    Empty, unless the test asks for `engine` (which migrates it first anyway): then the
    PostgreSQL database is a copy of one migrated once per run, 0.1 s instead of 1.5 s."""
    template = None
    if request.param == "postgresql" and "engine" in request.fixturenames:
        _need_postgres()
        template = request.getfixturevalue("_pg_migrated_template")
    with database(request.param, tmp_path, template) as url:
        yield url


@pytest.fixture
def second_db_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second office's database, empty and of the same kind as `db_url` (a SQLite file in
    its own folder, or a second PostgreSQL database): for commands run in two offices."""
    folder = tmp_path / "second-office-db"
    folder.mkdir()
    with database(make_url(db_url).get_backend_name(), folder) as url:
        yield url


@contextmanager
def database(kind: str, folder: Path, template: str | None = None) -> Iterator[str]:
    """A new database of `kind` ("sqlite": triage.db in `folder`; "postgresql": one of its own
    on the server, a copy of `template` if given, dropped afterwards). For fixtures that
    cannot take `db_url` (module-scoped ones): parametrise them over ["sqlite", "postgresql"]."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'triage.db'}"
        return
    _need_postgres()
    with _pg_database(template) as url:
        yield url


@pytest.fixture(scope="session")
def _pg_migrated_template() -> Iterator[str]:
    """The name of a PostgreSQL database at the newest migration, to copy (never to use)."""
    with _pg_database(prefix="mt_template") as url:
        engine = create_engine(url)
        upgrade(engine)
        engine.dispose()  # CREATE DATABASE ... TEMPLATE wants nobody connected to it
        yield make_url(url).database or ""


def _need_postgres() -> None:
    problem = postgres_unavailable()
    if problem is not None:
        if os.environ.get(PG_SERVER_ENV):
            pytest.fail(problem, pytrace=False)  # asked for by name: not answering is an error
        pytest.skip(problem)


@contextmanager
def _pg_database(template: str | None = None, prefix: str = "mt_test") -> Iterator[str]:
    """The URL of a new database on the PostgreSQL server (a copy of `template` if given),
    dropped afterwards, whoever is still connected."""
    import psycopg

    server = pg_server()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = _admin_conninfo(server)
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
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
