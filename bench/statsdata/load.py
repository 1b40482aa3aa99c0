"""Building (or reusing) the benchmark's database: the schema from the project's migrations,
then the generated rows in big transactions, by SQLAlchemy Core executemany on SQLite and by
COPY through psycopg on PostgreSQL. A finished build records its Shape, so the next run reuses
the database when the shape matches (after bringing its schema to the migrations' head)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory
from rich.progress import Progress
from sqlalchemy import Connection, Engine, Table, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bench.statsdata.cases import BLOB_SHA256, OFFICERS, case_rows, message_row, received_times
from bench.statsdata.questions import question
from triage import db
from triage.models import Blob, Case, CaseEvent, CaseMailbox, Mailbox, Message, User
from triage.records.months import month_bounds
from triage.settings import Settings

GENERATOR = 1  # raise when the generated shape changes: cached databases are rebuilt
SEED = 20261
BATCH = 10_000  # cases per executemany / COPY round
COMMIT_EVERY = 200_000  # cases per transaction
META = "bench_stats_shape"


@dataclass(frozen=True)
class Shape:
    """What a generated database holds: `cases` over `months` months up to `last_month`, with
    question text on `questions` cases of the last month."""

    cases: int
    months: int
    last_month: date
    questions: int

    def key(self) -> str:
        return json.dumps({**asdict(self), "generator": GENERATOR, "seed": SEED}, default=str)

    def first_month(self) -> date:
        index = self.last_month.year * 12 + self.last_month.month - 1 - (self.months - 1)
        return date(index // 12, index % 12 + 1, 1)


def prepare(settings: Settings, shape: Shape) -> tuple[Engine, str]:
    """A migrated engine holding `shape`, and how it came to be (built, reused, upgraded)."""
    engine = db.make_engine(settings)
    if _holds(engine, shape):
        start = time.perf_counter()
        before = _revision(engine)
        db.upgrade(engine)
        after = _revision(engine)
        took = time.perf_counter() - start
        return engine, "reused" + (
            f", upgraded {before} -> {after} in {took:.0f} s" * (before != after)
        )
    engine.dispose()
    _reset(settings.db_url)
    engine = db.make_engine(settings)
    start = time.perf_counter()
    db.upgrade(engine)
    build(engine, settings, shape)
    return engine, f"generated in {time.perf_counter() - start:.0f} s"


def _revision(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def _holds(engine: Engine, shape: Shape) -> bool:
    """Whether the database was built for `shape` by this generator, at a revision the
    migrations know (so upgrading it reaches today's schema)."""
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    known = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
    try:
        with engine.connect() as conn:
            stored = conn.execute(text(f"SELECT shape FROM {META}")).scalar_one_or_none()
            return stored == shape.key() and _revision(engine) in known
    except SQLAlchemyError:
        return False


def _reset(url: str) -> None:
    """Remove the old database: the SQLite file, or drop and create the PostgreSQL database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    drop_postgres(url, create=True)


def drop_postgres(url: str, *, create: bool = False) -> None:
    """Drop the benchmark's own PostgreSQL database (and create it afresh with `create`)."""
    import psycopg

    parsed = make_url(url)
    admin = f"host={parsed.host} port={parsed.port or 5432} user={parsed.username} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{parsed.database}"')


def build(engine: Engine, settings: Settings, shape: Shape) -> None:
    """Officers, mailboxes, then the cases with their events in order of arrival."""
    start, horizon = month_bounds(shape.first_month(), shape.last_month, settings.timezone)
    month_start, _ = month_bounds(shape.last_month, shape.last_month, settings.timezone)
    rng = random.Random(SEED)
    received = received_times(rng, shape.cases, start, horizon)
    in_month = [i + 1 for i, t in enumerate(received) if t >= month_start]
    asked = random.Random(SEED + 1).sample(in_month, min(shape.questions, len(in_month)))
    message_ids = {case_id: n for n, case_id in enumerate(sorted(asked), 1)}
    with engine.begin() as conn:
        write = _writer(conn)
        write(User, [_officer(i, name) for i, name in enumerate(OFFICERS, 1)])
        write(Mailbox, [_mailbox(i, m.name, m.address) for i, m in enumerate(settings.mailbox, 1)])
        write(Blob, [{"sha256": BLOB_SHA256, "size": 5, "data": b"bench"}])
    qrng = random.Random(SEED + 2)
    with Progress() as progress:
        task = progress.add_task(
            f"{shape.cases:,} cases into {engine.dialect.name}", total=shape.cases
        )
        for first in range(1, shape.cases + 1, COMMIT_EVERY):
            last = min(first + COMMIT_EVERY, shape.cases + 1)
            with engine.begin() as conn:
                write = _writer(conn)
                for batch in _batches(
                    rng, qrng, received, range(first, last), horizon, message_ids
                ):
                    for model, rows in batch:
                        write(model, rows)
                    progress.advance(task, len(batch[0][1]))
    _finish(engine, shape)


Batch = list[tuple[type[Any], list[dict[str, Any]]]]


def _batches(
    rng: random.Random,
    qrng: random.Random,
    received: list[datetime],
    ids: range,
    horizon: datetime,
    message_ids: dict[int, int],
) -> Iterator[Batch]:
    for first in range(ids.start, ids.stop, BATCH):
        cases, events, links, messages = [], [], [], []
        for case_id in range(first, min(first + BATCH, ids.stop)):
            case, case_events = case_rows(rng, case_id, received[case_id - 1], horizon)
            if case_id in message_ids:
                subject, body = question(qrng, case["question_type"] or "other", case["language"])
                case["subject"] = subject
                messages.append(message_row(message_ids[case_id], case, subject, body))
                case_events[1]["message_id"] = message_ids[case_id]
            cases.append(case)
            events += case_events
            links.append({"case_id": case_id, "mailbox_id": case["mailbox_id"]})
        yield [(Case, cases), (CaseMailbox, links), (Message, messages), (CaseEvent, events)]


def _officer(user_id: int, name: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "username": name,
        "display_name": name.title(),
        "role": "officer",
        "password_hash": "",
        "is_active": True,
        "locale": "sv",
        "timezone": "",
        "email": f"{name}@intl.example.se",
        "created_at": datetime.now().astimezone(),
        "session_generation": 0,
    }


def _mailbox(mailbox_id: int, name: str, address: str) -> dict[str, Any]:
    return {
        "id": mailbox_id,
        "name": name,
        "address": address,
        "auth_failed": False,
        "messages_waiting": 0,
    }


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _writer(conn: Connection) -> Any:
    """write(model, rows): Core executemany, or COPY where the driver is psycopg 3."""
    if conn.dialect.name != "postgresql":

        def execute_many(model: type[Any], rows: list[dict[str, Any]]) -> None:
            if rows:
                conn.execute(insert(_table(model)), rows)

        return execute_many
    raw = conn.connection.driver_connection
    assert raw is not None

    def copy(model: type[Any], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = list(rows[0])
        columns = ", ".join(f'"{n}"' for n in names)
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{_table(model).name}" ({columns}) FROM STDIN') as pipe,
        ):
            for row in rows:
                pipe.write_row([_copy_value(row[n]) for n in names])

    return copy


def _copy_value(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, dict) else value


def _finish(engine: Engine, shape: Shape) -> None:
    """Sequences past the generated ids, statistics for the planner (PostgreSQL: what autovacuum
    does within a minute of a load), and the shape, last: an interrupted build is not reused."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for table in ("case", "message", "user", "mailbox"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f'(SELECT max(id) FROM "{table}"))'
                    )
                )
        conn.execute(text(f"CREATE TABLE {META} (shape TEXT NOT NULL)"))
        conn.execute(text(f"INSERT INTO {META} (shape) VALUES (:s)"), {"s": shape.key()})
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
