"""The migrations build the schema the models describe, on SQLite and PostgreSQL: a column,
table or index added to a model without its migration (or the other way round) fails here,
before an office's upgrade does."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import triage.models  # noqa: F401  (the tables the metadata must hold)
from triage.db import upgrade


def test_the_migrated_schema_is_the_models_schema(db_url):
    engine = create_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    # The full-text search lives beside the models on purpose (SQLite's FTS5 tables, PostgreSQL's
    # generated tsvector column, both made by migration 0005); type nuances are not drift.
    drift = [str(d)[:160] for d in differences if not _search_index(d) and not _type_nuance(d)]
    assert drift == []


def _search_index(difference: object) -> bool:
    text = str(difference)
    return "message_fts" in text or "ix_message_search" in text or "TSVECTOR" in text


def _type_nuance(difference: object) -> bool:
    return isinstance(difference, list) and bool(difference) and difference[0][0] == "modify_type"


def test_every_revision_upgrades_from_the_one_before_and_downgrades_again(db_url):
    """An office on any earlier version upgrades; a failed upgrade can be stepped back."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from triage.db import _MIGRATIONS

    engine = create_engine(db_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    revisions = [r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()][::-1]
    assert len(revisions) >= 12

    def step(action, target: str) -> None:  # type: ignore[no-untyped-def]
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            action(cfg, target)

    def current() -> str | None:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    for revision in revisions:  # up, one revision at a time, from empty
        step(command.upgrade, revision)
        assert current() == revision
    for revision in reversed(revisions[:-1]):  # and down again, one at a time
        step(command.downgrade, revision)
        assert current() == revision
    step(command.downgrade, "base")
    assert current() is None
    upgrade(engine)  # and up to the newest in one go
    assert current() == revisions[-1]
    engine.dispose()
