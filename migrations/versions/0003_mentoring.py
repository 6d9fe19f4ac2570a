"""mentoring: mentor offers, newcomer preferences, settings, mentorships, meetings, induction ticks, closing feedback, batch drafts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mentor_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('accepting', sa.Boolean(), nullable=False),
    sa.Column('paused_until', sa.Date(), nullable=True),
    sa.Column('help_topics', sa.JSON(), nullable=False),
    sa.Column('meeting_modes', sa.JSON(), nullable=False),
    sa.Column('gender', sa.String(length=20), nullable=True),
    sa.Column('trust_name', sa.String(length=200), nullable=False),
    sa.Column('supervisor_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mentor_profile_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_profile'))
    )

    with op.batch_alter_table('mentor_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_profile_user_id'), ['user_id'], unique=True)

    op.create_table('mentee_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('help_topics', sa.JSON(), nullable=False),
    sa.Column('same_region', sa.Boolean(), nullable=False),
    sa.Column('same_language', sa.Boolean(), nullable=False),
    sa.Column('mentor_gender', sa.String(length=20), nullable=True),
    sa.Column('meeting_modes', sa.JSON(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('trust_name', sa.String(length=200), nullable=False),
    sa.Column('supervisor_name', sa.String(length=200), nullable=False),
    sa.Column('seeking', sa.Boolean(), nullable=False),
    sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mentee_preference_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentee_preference'))
    )

    with op.batch_alter_table('mentee_preference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentee_preference_user_id'), ['user_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_mentee_preference_waiting_since'), ['waiting_since'], unique=False)

    op.create_table('mentoring_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('must_haves', sa.JSON(), nullable=False),
    sa.Column('floor', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_mentoring_settings_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_settings'))
    )

    op.create_table('mentoring_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('waiting_count', sa.Integer(), nullable=False),
    sa.Column('place_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_mentoring_batch_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_batch'))
    )

    with op.batch_alter_table('mentoring_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_batch_status'), ['status'], unique=False)

    op.create_table('mentoring_batch_pair',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('mismatches', sa.JSON(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['mentoring_batch.id'], name=op.f('fk_mentoring_batch_pair_batch_id_mentoring_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentee_id'], ['user.id'], name=op.f('fk_mentoring_batch_pair_mentee_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_mentoring_batch_pair_mentor_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_batch_pair'))
    )

    with op.batch_alter_table('mentoring_batch_pair', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_batch_pair_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_batch_pair_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_batch_pair_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('mentorship',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.Column('agreed_goals', sa.Text(), nullable=False),
    sa.Column('next_meeting_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mentor_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mentee_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('last_nudged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['mentoring_batch.id'], name=op.f('fk_mentorship_batch_id_mentoring_batch'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user.id'], name=op.f('fk_mentorship_closed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentee_id'], ['user.id'], name=op.f('fk_mentorship_mentee_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_mentorship_mentor_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentorship'))
    )

    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorship_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_started_at'), ['started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_status'), ['status'], unique=False)

    op.create_table('mentoring_closing_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('relationship_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('author_side', sa.String(length=10), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_mentoring_closing_feedback_author_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['relationship_id'], ['mentorship.id'], name=op.f('fk_mentoring_closing_feedback_relationship_id_mentorship'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_closing_feedback')),
    sa.UniqueConstraint('relationship_id', 'author_id', name='uq_mentoring_closing_feedback_relationship_id_author_id')
    )

    with op.batch_alter_table('mentoring_closing_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_closing_feedback_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_closing_feedback_relationship_id'), ['relationship_id'], unique=False)

    op.create_table('mentoring_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('met_on', sa.Date(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['logged_by_id'], ['user.id'], name=op.f('fk_mentoring_meeting_logged_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentoring_meeting_mentorship_id_mentorship'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_meeting'))
    )

    with op.batch_alter_table('mentoring_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_meeting_mentorship_id'), ['mentorship_id'], unique=False)

    op.create_table('mentoring_induction_tick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=60), nullable=False),
    sa.Column('ticked_by_id', sa.Integer(), nullable=True),
    sa.Column('ticked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentoring_induction_tick_mentorship_id_mentorship'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticked_by_id'], ['user.id'], name=op.f('fk_mentoring_induction_tick_ticked_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_induction_tick')),
    sa.UniqueConstraint('mentorship_id', 'area', name='uq_mentoring_induction_tick_mentorship_id_area')
    )

    with op.batch_alter_table('mentoring_induction_tick', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_induction_tick_mentorship_id'), ['mentorship_id'], unique=False)


def downgrade():
    with op.batch_alter_table('mentoring_induction_tick', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_induction_tick_mentorship_id'))

    op.drop_table('mentoring_induction_tick')

    with op.batch_alter_table('mentoring_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_meeting_mentorship_id'))

    op.drop_table('mentoring_meeting')

    with op.batch_alter_table('mentoring_closing_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_closing_feedback_relationship_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_closing_feedback_author_id'))

    op.drop_table('mentoring_closing_feedback')

    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentorship_status'))
        batch_op.drop_index(batch_op.f('ix_mentorship_started_at'))
        batch_op.drop_index(batch_op.f('ix_mentorship_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_mentee_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_expires_at'))
        batch_op.drop_index(batch_op.f('ix_mentorship_created_at'))
        batch_op.drop_index(batch_op.f('ix_mentorship_batch_id'))

    op.drop_table('mentorship')

    with op.batch_alter_table('mentoring_batch_pair', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_batch_pair_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_batch_pair_mentee_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_batch_pair_batch_id'))

    op.drop_table('mentoring_batch_pair')

    with op.batch_alter_table('mentoring_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_batch_status'))

    op.drop_table('mentoring_batch')

    op.drop_table('mentoring_settings')

    with op.batch_alter_table('mentee_preference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentee_preference_waiting_since'))
        batch_op.drop_index(batch_op.f('ix_mentee_preference_user_id'))

    op.drop_table('mentee_preference')

    with op.batch_alter_table('mentor_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_profile_user_id'))

    op.drop_table('mentor_profile')
