"""statistics indexes: a month's figures read a month of rows, not the whole table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 21:00:00.000000

Measured with bench/stats.py on 1,000,000 cases and 6,200,000 events (SQLite); before these
indexes one month's statistics read every case several times and, for a month a year back,
spent minutes in the event log.

- ix_case_received_stats (case: received_at, mailbox_id, question_type, language, outcome,
  first_response_at, closed_at): every figure about "the cases that came in during the month"
  (counts per type, mailbox, language and outcome; first-response and close times; the
  dashboard's months and weeks) is a range of received_at, and the other columns are the ones
  those figures read, so the range is answered from the index alone: the work grows with the
  month's cases, not with the table. The existing (question_type, received_at) index cannot
  start at a month: it was scanned whole.
- ix_case_closed_received (case: closed_at, received_at, mailbox_id): cases still open at a
  month's end are those received before it and not closed by then. Searched by closed_at
  (NULL, or at/after the end), only the cases closed after the month are read, never the
  closed history before it: for the latest month a few thousand entries instead of every case.
- ix_event_case_kind_at (caseevent: case_id, kind, at): the per-case questions the statistics
  ask of the event log ("did an officer change this case's type?", "was it reopened after the
  month?", "its last status change before the month's end") name a case, a kind and a time.
  With only (kind, at) and (case_id, at) to choose from, SQLite took (kind, at) and walked
  every event of that kind for each case: 225 s for a month a year back at 1,000,000 cases.
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_case_received_stats",
        "case",
        [
            "received_at",
            "mailbox_id",
            "question_type",
            "language",
            "outcome",
            "first_response_at",
            "closed_at",
        ],
    )
    op.create_index("ix_case_closed_received", "case", ["closed_at", "received_at", "mailbox_id"])
    op.create_index("ix_event_case_kind_at", "caseevent", ["case_id", "kind", "at"])


def downgrade() -> None:
    op.drop_index("ix_event_case_kind_at", table_name="caseevent")
    op.drop_index("ix_case_closed_received", table_name="case")
    op.drop_index("ix_case_received_stats", table_name="case")
