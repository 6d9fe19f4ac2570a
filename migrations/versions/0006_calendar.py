"""calendar area: personal calendar feed tokens

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_calendar_feed_token_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed_token')),
    sa.UniqueConstraint('token', name=op.f('uq_calendar_feed_token_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feed_token_user_id'))
    )


def downgrade():
    op.drop_table('calendar_feed_token')
