"""Alembic environment: runs on the connection `triage.db.upgrade` hands it."""

from alembic import context
from sqlmodel import SQLModel

import triage.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `triage db upgrade`, which supplies the connection")


def _ours(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """The full-text index tables (migration 0004) are not models: leave them out of
    autogenerate, or it would propose to drop them."""
    return not (type_ == "table" and name and name.startswith("message_fts"))


context.configure(
    connection=connection,
    include_object=_ours,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
