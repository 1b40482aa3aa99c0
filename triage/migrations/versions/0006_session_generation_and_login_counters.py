"""session generation per user, login counters in the database

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 16:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('logincounter',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('window_start_s', sa.Float(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_at_s', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('logincounter', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_logincounter_window_start_s'), ['window_start_s'], unique=False
        )

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
    with op.batch_alter_table('logincounter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logincounter_window_start_s'))
    op.drop_table('logincounter')
