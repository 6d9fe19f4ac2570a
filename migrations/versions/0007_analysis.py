"""analysis area: codebook (codes and themes), codings, memos, suggestion decisions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

The foreign keys to mentoring_closing_feedback are made only when that table exists, matching
softlanding/models/analysis.py, which declares them only when the mentoring model is present.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    has_closing = sa.inspect(op.get_bind()).has_table('mentoring_closing_feedback')

    def _closing_fk(table):
        # Only when the mentoring area's table exists, exactly as the model declares it.
        if not has_closing:
            return []
        return [sa.ForeignKeyConstraint(['closing_feedback_id'], ['mentoring_closing_feedback.id'],
                                        name=op.f(f'fk_analysis_{table}_closing_feedback_id_mentoring_closing_feedback'),
                                        ondelete='CASCADE')]

    op.create_table('analysis_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('is_theme', sa.Boolean(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_analysis_code_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['analysis_code.id'], name=op.f('fk_analysis_code_parent_id_analysis_code'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_code'))
    )
    with op.batch_alter_table('analysis_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_code_parent_id'), ['parent_id'], unique=False)

    op.create_table('analysis_suggestion_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('top_terms', sa.JSON(), nullable=False),
    sa.Column('k', sa.Integer(), nullable=False),
    sa.Column('answer_count', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['code_id'], ['analysis_code.id'], name=op.f('fk_analysis_suggestion_decision_code_id_analysis_code'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_analysis_suggestion_decision_decided_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_suggestion_decision'))
    )
    with op.batch_alter_table('analysis_suggestion_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_suggestion_decision_signature'), ['signature'], unique=False)

    op.create_table('analysis_coding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('closing_feedback_id', sa.Integer(), nullable=True),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=True),
    sa.Column('end_offset', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(answer_id IS NULL) <> (closing_feedback_id IS NULL)', name=op.f('ck_analysis_coding_one_target')),
    sa.CheckConstraint('(start_offset IS NULL AND end_offset IS NULL) OR (start_offset >= 0 AND end_offset > start_offset)', name=op.f('ck_analysis_coding_span')),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_analysis_coding_answer_id_answer'), ondelete='CASCADE'),
    *_closing_fk('coding'),
    sa.ForeignKeyConstraint(['code_id'], ['analysis_code.id'], name=op.f('fk_analysis_coding_code_id_analysis_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_analysis_coding_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_coding'))
    )
    with op.batch_alter_table('analysis_coding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_coding_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_analysis_coding_closing_feedback_id'), ['closing_feedback_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_analysis_coding_code_id'), ['code_id'], unique=False)
        batch_op.create_index('ix_analysis_coding_code_id_answer_id', ['code_id', 'answer_id'], unique=False)

    op.create_table('analysis_memo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('closing_feedback_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(CASE WHEN code_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN closing_feedback_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_analysis_memo_one_target')),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_analysis_memo_answer_id_answer'), ondelete='CASCADE'),
    *_closing_fk('memo'),
    sa.ForeignKeyConstraint(['code_id'], ['analysis_code.id'], name=op.f('fk_analysis_memo_code_id_analysis_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_analysis_memo_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_memo'))
    )
    with op.batch_alter_table('analysis_memo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_memo_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_analysis_memo_closing_feedback_id'), ['closing_feedback_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_analysis_memo_code_id'), ['code_id'], unique=False)




def downgrade():
    with op.batch_alter_table('analysis_memo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_memo_code_id'))
        batch_op.drop_index(batch_op.f('ix_analysis_memo_closing_feedback_id'))
        batch_op.drop_index(batch_op.f('ix_analysis_memo_answer_id'))

    op.drop_table('analysis_memo')
    with op.batch_alter_table('analysis_coding', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_coding_code_id_answer_id')
        batch_op.drop_index(batch_op.f('ix_analysis_coding_code_id'))
        batch_op.drop_index(batch_op.f('ix_analysis_coding_closing_feedback_id'))
        batch_op.drop_index(batch_op.f('ix_analysis_coding_answer_id'))

    op.drop_table('analysis_coding')
    with op.batch_alter_table('analysis_suggestion_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_suggestion_decision_signature'))

    op.drop_table('analysis_suggestion_decision')
    with op.batch_alter_table('analysis_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_code_parent_id'))

    op.drop_table('analysis_code')
