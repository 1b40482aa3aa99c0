"""queue indexes, stored search vector on postgresql

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 03:32:19.217238
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_case_assignee_id", table_name="case")
    op.drop_index("ix_case_queue", table_name="case")
    op.create_index(
        "ix_case_queue", "case", ["status", "received_at", "id", "question_type", "needs_review"]
    )
    op.create_index(
        "ix_case_assignee_queue",
        "case",
        ["assignee_id", "status", "received_at", "id", "question_type"],
    )
    if op.get_bind().dialect.name == "postgresql":
        # A stored search vector: the planner uses its GIN index instead of recomputing the
        # vector from each message's text (triage/search.py queries `message.search`).
        op.execute("DROP INDEX IF EXISTS ix_message_search")
        op.execute(
            "ALTER TABLE message ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', subject || ' ' || from_name || ' ' || from_email || ' ' || "
            "left(text, 200000))) STORED"
        )
        op.execute("CREATE INDEX ix_message_search ON message USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_message_search")
        op.execute("ALTER TABLE message DROP COLUMN search")
    op.drop_index("ix_case_assignee_queue", table_name="case")
    op.drop_index("ix_case_queue", table_name="case")
    op.create_index("ix_case_queue", "case", ["status", "received_at", "id"])
    op.create_index("ix_case_assignee_id", "case", ["assignee_id"])
