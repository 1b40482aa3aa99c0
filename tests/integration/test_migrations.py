"""The migrations build the schema the models describe, on SQLite and PostgreSQL: a column,
table or index added to a model without its migration (or the other way round) fails here,
before an office's upgrade does."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import triage.models  # noqa: F401  (the tables the metadata must hold)
from triage.db import upgrade


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_migrated_schema_is_the_models_schema(database, tmp_path, request):
    url = (
        f"sqlite:///{tmp_path / 'schema.db'}"
        if database == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    engine = create_engine(url)
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
