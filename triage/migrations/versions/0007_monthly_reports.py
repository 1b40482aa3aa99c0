"""monthly reports kept for managers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 20:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('monthlyreport',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('built_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('mailed_to', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('mail_error', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('month')
    )


def downgrade() -> None:
    op.drop_table('monthlyreport')
