"""events desk: messages to attendees, series, certificates, reflections; full-text search on PostgreSQL

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_message_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['user.id'], name=op.f('fk_event_message_sender_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_message'))
    )
    with op.batch_alter_table('event_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_message_event_id'), ['event_id'], unique=False)

    op.create_table('event_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_event_id', sa.Integer(), nullable=True),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_event_series_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_event_id'], ['event.id'], name=op.f('fk_event_series_source_event_id_event'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_series'))
    )
    op.create_table('event_series_member',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_series_member_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['event_series.id'], name=op.f('fk_event_series_member_series_id_event_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_series_member'))
    )
    with op.batch_alter_table('event_series_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_series_member_series_id'), ['series_id'], unique=False)

    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('attendee_name', sa.String(length=200), nullable=False),
    sa.Column('event_title', sa.String(length=200), nullable=False),
    sa.Column('event_starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event_timezone', sa.String(length=64), nullable=False),
    sa.Column('hours', sa.String(length=10), nullable=False),
    sa.Column('host_name', sa.String(length=200), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_certificate_booking_id_booking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('booking_id', name=op.f('uq_certificate_booking_id')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code'))
    )
    op.create_table('reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('learned', sa.Text(), nullable=False),
    sa.Column('apply', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_reflection_booking_id_booking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection')),
    sa.UniqueConstraint('booking_id', name=op.f('uq_reflection_booking_id'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE INDEX ix_event_search_fts ON event USING gin "
                   "((to_tsvector('simple'::regconfig, (((title::text || ' '::text) || venue::text) "
                   "|| ' '::text) || description_html)))")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_event_search_fts")
    op.drop_table('reflection')
    op.drop_table('certificate')
    with op.batch_alter_table('event_series_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_series_member_series_id'))
    op.drop_table('event_series_member')
    op.drop_table('event_series')
    with op.batch_alter_table('event_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_message_event_id'))
    op.drop_table('event_message')
