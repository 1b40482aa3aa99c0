"""the queue's active cases from one partial index

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 02:10:00.000000

- ix_case_active: the active cases (status new, open or waiting; a few percent of all cases) in
  queue order, with every column the queue's filters and counts per type read. The queue's
  default page, its filters and its counts per type are read from this index alone, whatever
  the number of closed cases; before, the follow-up date (not in ix_case_queue) cost a read of
  each active case's row. The queue writes the status condition with literal values, as the
  index's WHERE is written, so both databases can prove the index applies.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('new', 'open', 'waiting')"
COLUMNS = [
    "received_at",
    "id",
    "question_type",
    "needs_review",
    "follow_up_on",
    "assignee_id",
    "language",
    "status",
]


def upgrade() -> None:
    op.create_index(
        "ix_case_active",
        "case",
        COLUMNS,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )


def downgrade() -> None:
    op.drop_index("ix_case_active", table_name="case")
