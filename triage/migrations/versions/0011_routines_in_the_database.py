"""routines in the database: the approved text, its versions, and proposals waiting for approval

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 08:00:00.000000

- routinetext: the approved text of each routine per language (seeded from routines/library).
- routinetextversion: every approved version, with its author and who approved it.
- routineproposal: an officer's new or changed routine, pending until the owner or a manager
  approves or rejects it; base_version detects edit conflicts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('routinetext',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('routine_id', 'language')
    )
    with op.batch_alter_table('routinetext', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routinetext_routine_id'), ['routine_id'], unique=False)

    op.create_table('routinetextversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routine_text_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['routine_text_id'], ['routinetext.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('routinetextversion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routinetextversion_routine_text_id'), ['routine_text_id'], unique=False)

    op.create_table('routineproposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('routineproposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routineproposal_routine_id'), ['routine_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_routineproposal_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('routineproposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routineproposal_status'))
        batch_op.drop_index(batch_op.f('ix_routineproposal_routine_id'))
    op.drop_table('routineproposal')
    with op.batch_alter_table('routinetextversion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routinetextversion_routine_text_id'))
    op.drop_table('routinetextversion')
    with op.batch_alter_table('routinetext', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routinetext_routine_id'))
    op.drop_table('routinetext')
