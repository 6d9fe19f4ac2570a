"""mentoring after the match: messages, concerns, contact choices, planned meetings, check-ins

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

Pairs get a message thread (with per-member read and email state), safeguarding concerns for
organisers, contact details each member chooses to share, planned meetings (one calendar UID each)
and check-ins at one month, three months and the end. A batch draft now records the newcomers it
left unmatched and the reason for each (JSON list); existing batches get an empty list.
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mentoring_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('share_email', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('share_phone', sa.Boolean(), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=False),
    sa.Column('share_video', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mentoring_contact_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_contact'))
    )
    with op.batch_alter_table('mentoring_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_contact_user_id'), ['user_id'], unique=True)

    op.create_table('mentoring_checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('met', sa.String(length=20), nullable=False),
    sa.Column('usefulness', sa.Integer(), nullable=False),
    sa.Column('confidence', sa.Integer(), nullable=False),
    sa.Column('problem', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentoring_checkin_mentorship_id_mentorship'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mentoring_checkin_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_checkin')),
    sa.UniqueConstraint('mentorship_id', 'user_id', 'stage', name='uq_mentoring_checkin_mentorship_id_user_id_stage')
    )
    with op.batch_alter_table('mentoring_checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_checkin_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_checkin_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_checkin_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_checkin_user_id'), ['user_id'], unique=False)

    op.create_table('mentoring_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_mentoring_message_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentoring_message_mentorship_id_mentorship'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_message'))
    )
    with op.batch_alter_table('mentoring_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_message_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_message_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_message_mentorship_id'), ['mentorship_id'], unique=False)

    op.create_table('mentoring_thread_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('last_read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_emailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentoring_thread_state_mentorship_id_mentorship'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mentoring_thread_state_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_thread_state')),
    sa.UniqueConstraint('mentorship_id', 'user_id', name='uq_mentoring_thread_state_mentorship_id_user_id')
    )
    with op.batch_alter_table('mentoring_thread_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_thread_state_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_thread_state_user_id'), ['user_id'], unique=False)

    op.create_table('mentoring_concern',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('quoted_message_id', sa.Integer(), nullable=True),
    sa.Column('quoted_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentoring_concern_mentorship_id_mentorship'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quoted_message_id'], ['mentoring_message.id'], name=op.f('fk_mentoring_concern_quoted_message_id_mentoring_message'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], name=op.f('fk_mentoring_concern_reporter_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_concern'))
    )
    with op.batch_alter_table('mentoring_concern', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_concern_mentorship_id'), ['mentorship_id'], unique=False)

    op.create_table('mentoring_planned_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('tzid', sa.String(length=60), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('logged_meeting_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['logged_meeting_id'], ['mentoring_meeting.id'], name=op.f('fk_mentoring_planned_meeting_logged_meeting_id_mentoring_meeting'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentoring_planned_meeting_mentorship_id_mentorship'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_mentoring_planned_meeting_proposed_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_planned_meeting'))
    )
    with op.batch_alter_table('mentoring_planned_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_planned_meeting_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_planned_meeting_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_planned_meeting_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_planned_meeting_uid'), ['uid'], unique=False)

    with op.batch_alter_table('mentoring_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unmatched', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade():
    with op.batch_alter_table('mentoring_batch', schema=None) as batch_op:
        batch_op.drop_column('unmatched')

    with op.batch_alter_table('mentoring_planned_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_planned_meeting_uid'))
        batch_op.drop_index(batch_op.f('ix_mentoring_planned_meeting_status'))
        batch_op.drop_index(batch_op.f('ix_mentoring_planned_meeting_starts_at'))
        batch_op.drop_index(batch_op.f('ix_mentoring_planned_meeting_mentorship_id'))

    op.drop_table('mentoring_planned_meeting')
    with op.batch_alter_table('mentoring_concern', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_concern_mentorship_id'))

    op.drop_table('mentoring_concern')
    with op.batch_alter_table('mentoring_thread_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_thread_state_user_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_thread_state_mentorship_id'))

    op.drop_table('mentoring_thread_state')
    with op.batch_alter_table('mentoring_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_message_mentorship_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_message_created_at'))
        batch_op.drop_index(batch_op.f('ix_mentoring_message_author_id'))

    op.drop_table('mentoring_message')
    with op.batch_alter_table('mentoring_checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_checkin_user_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_checkin_stage'))
        batch_op.drop_index(batch_op.f('ix_mentoring_checkin_mentorship_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_checkin_created_at'))

    op.drop_table('mentoring_checkin')
    with op.batch_alter_table('mentoring_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_contact_user_id'))

    op.drop_table('mentoring_contact')
