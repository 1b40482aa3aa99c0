"""standard replies, checklists, review flags

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 01:07:05.593536
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('routinereviewflag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('flagged_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('routine_id', 'language')
    )
    op.create_table('standardreply',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reply_id', 'language')
    )
    with op.batch_alter_table('standardreply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standardreply_reply_id'), ['reply_id'], unique=False)

    op.create_table('standardreplyversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_reply_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['standard_reply_id'], ['standardreply.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('standardreplyversion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standardreplyversion_standard_reply_id'), ['standard_reply_id'], unique=False)

    op.create_table('checklisttick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('checklisttick', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklisttick_case_id'), ['case_id'], unique=False)

    op.create_table('replyuse',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('replyuse', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replyuse_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_replyuse_reply_id'), ['reply_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('replyuse', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replyuse_reply_id'))
        batch_op.drop_index(batch_op.f('ix_replyuse_case_id'))

    op.drop_table('replyuse')
    with op.batch_alter_table('checklisttick', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklisttick_case_id'))

    op.drop_table('checklisttick')
    with op.batch_alter_table('standardreplyversion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standardreplyversion_standard_reply_id'))

    op.drop_table('standardreplyversion')
    with op.batch_alter_table('standardreply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standardreply_reply_id'))

    op.drop_table('standardreply')
    op.drop_table('routinereviewflag')

