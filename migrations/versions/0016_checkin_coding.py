"""analysis: mentoring check-in comments are a codable source (a checkin_id on codings and memos)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

A coding or memo now points at exactly one of four texts (or, for a memo, a code). SQLite changes a
check constraint only by rebuilding the table. Rebuilding analysis_coding is safe (nothing points at
it). Rebuilding analysis_memo drops the old table, and with foreign keys on that deletes every memo's
history (analysis_memo_revision, ON DELETE CASCADE): so on SQLite the history is copied aside first
and put back after. analysis_code is never rebuilt (see 0014).
"""
from alembic import op
import sqlalchemy as sa


OLD_CODING_TARGET = ("(CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END) + "
                     "(CASE WHEN closing_feedback_id IS NULL THEN 0 ELSE 1 END) + "
                     "(CASE WHEN turn_id IS NULL THEN 0 ELSE 1 END) = 1")
CODING_TARGET = OLD_CODING_TARGET[:-4] + " + (CASE WHEN checkin_id IS NULL THEN 0 ELSE 1 END) = 1"
OLD_MEMO_TARGET = ("(CASE WHEN code_id IS NULL THEN 0 ELSE 1 END) + "
                   "(CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END) + "
                   "(CASE WHEN closing_feedback_id IS NULL THEN 0 ELSE 1 END) + "
                   "(CASE WHEN turn_id IS NULL THEN 0 ELSE 1 END) = 1")
MEMO_TARGET = OLD_MEMO_TARGET[:-4] + " + (CASE WHEN checkin_id IS NULL THEN 0 ELSE 1 END) = 1"
KEEP = "_keep_analysis_memo_revision"

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _sqlite():
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_memo(add):
    """Change analysis_memo's checkin_id and check constraint, keeping memo histories on SQLite."""
    if _sqlite():
        op.execute(f"CREATE TABLE {KEEP} AS SELECT * FROM analysis_memo_revision")
    with op.batch_alter_table('analysis_memo', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_analysis_memo_one_target'), type_='check')
        if add:
            batch_op.add_column(sa.Column('checkin_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f('ix_analysis_memo_checkin_id'), ['checkin_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f('fk_analysis_memo_checkin_id_mentoring_checkin'),
                                        'mentoring_checkin', ['checkin_id'], ['id'], ondelete='CASCADE')
            batch_op.create_check_constraint('one_target', MEMO_TARGET)
        else:
            batch_op.drop_constraint(batch_op.f('fk_analysis_memo_checkin_id_mentoring_checkin'),
                                     type_='foreignkey')
            batch_op.drop_index(batch_op.f('ix_analysis_memo_checkin_id'))
            batch_op.drop_column('checkin_id')
            batch_op.create_check_constraint('one_target', OLD_MEMO_TARGET)
    if _sqlite():
        op.execute("DELETE FROM analysis_memo_revision")
        op.execute(f"INSERT INTO analysis_memo_revision SELECT * FROM {KEEP} "
                   f"WHERE memo_id IN (SELECT id FROM analysis_memo)")
        op.execute(f"DROP TABLE {KEEP}")


def upgrade():
    with op.batch_alter_table('analysis_coding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_analysis_coding_checkin_id'), ['checkin_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_analysis_coding_checkin_id_mentoring_checkin'),
                                    'mentoring_checkin', ['checkin_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(op.f('ck_analysis_coding_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', CODING_TARGET)
    _rebuild_memo(add=True)


def downgrade():
    op.execute('DELETE FROM analysis_memo WHERE checkin_id IS NOT NULL')
    op.execute('DELETE FROM analysis_coding WHERE checkin_id IS NOT NULL')
    _rebuild_memo(add=False)
    with op.batch_alter_table('analysis_coding', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_analysis_coding_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', OLD_CODING_TARGET)
        batch_op.drop_constraint(batch_op.f('fk_analysis_coding_checkin_id_mentoring_checkin'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_analysis_coding_checkin_id'))
        batch_op.drop_column('checkin_id')
