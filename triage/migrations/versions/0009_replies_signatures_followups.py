"""replies: signatures, draft CC and attachments; follow-up dates on cases

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:00:00.000000

- user.signature_sv, user.signature_en: each officer's signature per language, appended to
  replies in the reply's language.
- replydraft.cc and the draftattachment table: a draft carries its CC and its attachments, so a
  send that fails keeps all of them, not just the text. The bytes are Blob rows (stored once).
- case.follow_up_on, case.follow_up_note: a follow-up date ("bevakning") on which the case comes
  back to the queue, and why.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='')


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(_text('signature_sv'))
        batch_op.add_column(_text('signature_en'))

    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_on', sa.Date(), nullable=True))
        batch_op.add_column(_text('follow_up_note'))

    with op.batch_alter_table('replydraft', schema=None) as batch_op:
        batch_op.add_column(_text('cc'))

    op.create_table('draftattachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('blob_sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['blob_sha256'], ['blob.sha256'], ),
    sa.ForeignKeyConstraint(['draft_id'], ['replydraft.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('draftattachment', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_draftattachment_draft_id'), ['draft_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('draftattachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draftattachment_draft_id'))
    op.drop_table('draftattachment')
    with op.batch_alter_table('replydraft', schema=None) as batch_op:
        batch_op.drop_column('cc')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('follow_up_note')
        batch_op.drop_column('follow_up_on')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('signature_en')
        batch_op.drop_column('signature_sv')
