"""officer type labels

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 00:43:33.974969
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('typelabel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('typelabel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_typelabel_case_id'), ['case_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('typelabel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_typelabel_case_id'))

    op.drop_table('typelabel')

