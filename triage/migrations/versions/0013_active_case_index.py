"""the queue's active cases from partial indexes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 02:10:00.000000

- ix_case_active: the active cases (status new, open or waiting; a few percent of all cases) by
  status and queue order, with every column the queue's filters and counts per type read;
  ix_case_active_assignee: the same per assignee ("me", "unassigned", "covering"). The queue's
  pages, filters and counts per type are read from these indexes alone, whatever the number of
  closed cases; before, the follow-up date (in no index) cost a read of each active case's
  row. The queue writes the status condition with literal values, as the indexes' WHERE is
  written, so both databases can prove the indexes apply. Status leads as in ix_case_queue, so
  SQLite, without statistics, sees the same constraint on both and takes the covering one.
- ix_case_active_order: the active cases in queue order alone, for PostgreSQL's pages (it reads
  a page in order and stops; with status leading it would sort every active case, and without
  this index it walked the received_at order of all cases, closed ones included).
- ix_case_active_type: one question type's active cases in queue order, covering; SQLite took
  ix_case_type_received for a type filter (it gives the order) and read the row of every case of
  that type, closed ones included, oldest first, until it had a page.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('new', 'open', 'waiting')"
QUEUE = ["received_at", "id", "question_type", "needs_review", "follow_up_on"]
INDEXES = {
    "ix_case_active": ["status", *QUEUE, "assignee_id", "language"],
    "ix_case_active_assignee": ["assignee_id", "status", *QUEUE, "language"],
    "ix_case_active_order": ["received_at", "id", "follow_up_on"],
    "ix_case_active_type": [
        "question_type",
        "received_at",
        "id",
        "follow_up_on",
        "needs_review",
        "assignee_id",
        "language",
        "status",
    ],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        where = sa.text(ACTIVE)
        op.create_index(name, "case", columns, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="case")
