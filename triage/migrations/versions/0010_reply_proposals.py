"""standard replies: proposals waiting for approval, and who approved each version

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 08:00:00.000000

- replyproposal: an officer's new or changed reply (one language version), pending until the
  reply's owner or a manager approves or rejects it; base_version detects edit conflicts.
- standardreplyversion.approved_by: who let the version reach students.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('replyproposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
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
    with op.batch_alter_table('replyproposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replyproposal_reply_id'), ['reply_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_replyproposal_status'), ['status'], unique=False)

    with op.batch_alter_table('standardreplyversion', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'approved_by',
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default='',
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('standardreplyversion', schema=None) as batch_op:
        batch_op.drop_column('approved_by')
    with op.batch_alter_table('replyproposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replyproposal_status'))
        batch_op.drop_index(batch_op.f('ix_replyproposal_reply_id'))
    op.drop_table('replyproposal')
