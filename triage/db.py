"""The one place that creates database engines and sessions, and runs migrations.

SQLite (the embedded default) gets WAL and foreign keys; PostgreSQL comes in through
TRIAGE_DATABASE_URL. Domain functions take a session and never commit: `transaction()` does.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, event, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, create_engine

from triage.settings import Settings

T = TypeVar("T")
IN_LIST_SIZE = (
    500  # values in one IN (...): SQLite and PostgreSQL limit how many one statement takes
)

_MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(settings: Settings) -> Engine:
    url = make_url(settings.db_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return create_engine(url, pool_pre_ping=True)


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


# Bulk writes go through Core on the session's own connection (same transaction): building ORM
# objects for thousands of rows a second is where ingestion time would otherwise go.


def insert_rows(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(_table(model)), rows)


def insert_returning_ids(
    session: Session, model: type[SQLModel], rows: list[dict[str, Any]]
) -> list[int]:
    """INSERT `rows` and return their new ids, in the order of `rows`."""
    if not rows:
        return []
    table = _table(model)
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # SQLite cannot tie RETURNING rows to their parameters, so SQLAlchemy would send one
        # INSERT a row. We number the rows as SQLite would (the highest id plus one) and insert
        # them in one executemany. Should another connection insert between our read and our
        # write, the primary key refuses the whole statement: no row ever takes another's id.
        first = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
        ids = list(range(first, first + len(rows)))
        conn.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    # PostgreSQL: ids drawn from the table's sequence in one query, then one plain executemany
    # (SQLAlchemy's ordered RETURNING builds a sentinel-sorted statement, costly to compile).
    drawn = conn.execute(
        text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
        {"table": f'"{table.name}"', "n": len(rows)},
    )
    ids = [int(i) for i in drawn.scalars()]
    conn.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
    return ids


def insert_ignoring_duplicates(
    session: Session, model: type[SQLModel], rows: list[dict[str, Any]]
) -> None:
    """INSERT `rows` now, silently keeping existing rows with the same key (SQLite, PostgreSQL)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    dialect_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.connection().execute(dialect_insert(_table(model)).on_conflict_do_nothing(), rows)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    # 64 MB of page cache (the default is 2 MB): the queue reads index pages of 100,000 cases.
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def exclusive(engine: Engine, name: str, wait_s: float = 0.0) -> Iterator[bool]:
    """Hold the lock `name` across every process using this database while the block runs.

    Yields True when this process holds it, False when another held it for all of `wait_s`
    (the caller then does nothing). PostgreSQL: a session-level advisory lock on a connection of
    its own; SQLite: an flock on a file beside the database. Either is released when the block
    ends or when the process dies, however it dies, so a waiting process takes over.
    """
    deadline = time.monotonic() + wait_s
    if engine.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        with engine.connect() as conn:
            label = {"n": f"mailtriage {name}"[:63]}  # pg_stat_activity says who holds what
            conn.execute(text("SELECT set_config('application_name', :n, false)"), label)
            while not (got := bool(conn.execute(_PG_TRY, {"k": key}).scalar())):
                if time.monotonic() >= deadline:
                    break
                time.sleep(min(1.0, wait_s))
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
        return
    database = make_url(str(engine.url)).database
    if not database or database == ":memory:":
        yield True  # one process, one connection: nothing to share
        return
    path = Path(f"{database}.{re.sub(r'[^a-z0-9]+', '-', name.lower())}.lock")
    with path.open("a+b") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                got = True
            except BlockingIOError:
                got = False
            if got or time.monotonic() >= deadline:
                break
            time.sleep(min(1.0, wait_s))
        try:
            yield got
        finally:
            if got:
                fcntl.flock(handle, fcntl.LOCK_UN)


_PG_TRY = text("SELECT pg_try_advisory_lock(:k)")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` with Alembic (used by `db upgrade`, `demo`, `serve`)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def chunked(values: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """`values` in slices of at most `size`: bounded IN lists, bounded batches."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
