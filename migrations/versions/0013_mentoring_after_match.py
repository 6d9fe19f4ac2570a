"""mentoring after the match: batch drafts keep their unmatched newcomers and why

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-01

A batch draft now records the newcomers it left unmatched and the reason for each (JSON list), so
organisers see them and can pair them by hand. Existing batches get an empty list.
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mentoring_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unmatched', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade():
    with op.batch_alter_table('mentoring_batch', schema=None) as batch_op:
        batch_op.drop_column('unmatched')
