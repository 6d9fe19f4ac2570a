"""analysis trust: stable GUIDs, the project row, memo history, blind samples and their resolutions, transcripts

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01

Codes and codings get a stored GUID (REFI-QDA exchange keeps them, so re-importing a codebook merges
instead of duplicating); existing rows are given one each here, row by row in Python so it is the same
on SQLite and PostgreSQL. Memos keep their earlier wordings; a blind second coding belongs to a sample.
"""
import uuid
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


OLD_CODING_TARGET = "(answer_id IS NULL) <> (closing_feedback_id IS NULL)"
CODING_TARGET = ("(CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END) + "
                 "(CASE WHEN closing_feedback_id IS NULL THEN 0 ELSE 1 END) + "
                 "(CASE WHEN turn_id IS NULL THEN 0 ELSE 1 END) = 1")
OLD_MEMO_TARGET = ("(CASE WHEN code_id IS NULL THEN 0 ELSE 1 END) + "
                   "(CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END) + "
                   "(CASE WHEN closing_feedback_id IS NULL THEN 0 ELSE 1 END) = 1")
MEMO_TARGET = OLD_MEMO_TARGET[:-4] + " + (CASE WHEN turn_id IS NULL THEN 0 ELSE 1 END) = 1"


def _fill_guids(table_name):
    table = sa.table(table_name, sa.column("id", sa.Integer), sa.column("guid", sa.String))
    conn = op.get_bind()
    for (row_id,) in conn.execute(sa.select(table.c.id)).all():
        conn.execute(table.update().where(table.c.id == row_id).values(guid=str(uuid.uuid4())))


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('analysis_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('memo', sa.Text(), nullable=False),
    sa.Column('reflexive', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_project')),
    sa.UniqueConstraint('guid', name=op.f('uq_analysis_project_guid'))
    )
    # The one project row: its GUID is the project's REFI-QDA GUID and the namespace of derived GUIDs.
    project = sa.table('analysis_project', sa.column('guid', sa.String), sa.column('memo', sa.Text),
                       sa.column('reflexive', sa.Boolean), sa.column('updated_at', sa.DateTime(timezone=True)))
    op.bulk_insert(project, [{'guid': str(uuid.uuid4()), 'memo': '', 'reflexive': False,
                              'updated_at': datetime.now(UTC)}])
    op.create_table('analysis_transcript',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('pseudonyms', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_analysis_transcript_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_analysis_transcript_event_id_event'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_transcript'))
    )
    with op.batch_alter_table('analysis_transcript', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_transcript_event_id'), ['event_id'], unique=False)

    op.create_table('analysis_turn',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transcript_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start_ms', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['transcript_id'], ['analysis_transcript.id'], name=op.f('fk_analysis_turn_transcript_id_analysis_transcript'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_turn'))
    )
    with op.batch_alter_table('analysis_turn', schema=None) as batch_op:
        batch_op.create_index('ix_analysis_turn_transcript_position', ['transcript_id', 'position'], unique=True)

    op.create_table('analysis_sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=500), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['coder_id'], ['user.id'], name=op.f('fk_analysis_sample_coder_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_analysis_sample_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_sample'))
    )
    op.create_table('analysis_resolution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('applies', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_analysis_resolution_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['code_id'], ['analysis_code.id'], name=op.f('fk_analysis_resolution_code_id_analysis_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_analysis_resolution_resolved_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sample_id'], ['analysis_sample.id'], name=op.f('fk_analysis_resolution_sample_id_analysis_sample'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_resolution'))
    )
    with op.batch_alter_table('analysis_resolution', schema=None) as batch_op:
        batch_op.create_index('ix_analysis_resolution_sample_answer_code', ['sample_id', 'answer_id', 'code_id'], unique=True)

    op.create_table('analysis_sample_item',
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_analysis_sample_item_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sample_id'], ['analysis_sample.id'], name=op.f('fk_analysis_sample_item_sample_id_analysis_sample'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sample_id', 'answer_id', name=op.f('pk_analysis_sample_item'))
    )
    with op.batch_alter_table('analysis_sample_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_sample_item_answer_id'), ['answer_id'], unique=False)

    op.create_table('analysis_memo_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('memo_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_analysis_memo_revision_changed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['memo_id'], ['analysis_memo.id'], name=op.f('fk_analysis_memo_revision_memo_id_analysis_memo'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_memo_revision'))
    )
    with op.batch_alter_table('analysis_memo_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_memo_revision_memo_id'), ['memo_id'], unique=False)

    for name in ('analysis_code', 'analysis_coding'):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column('guid', sa.String(length=36), nullable=True))
        _fill_guids(name)

    # analysis_code is not rebuilt (SQLite would: its codings and memos would go with it, ON DELETE
    # CASCADE), so its GUID stays nullable in the schema and is unique through an index.
    with op.batch_alter_table('analysis_code', schema=None) as batch_op:
        batch_op.create_index('ix_analysis_code_guid', ['guid'], unique=True)

    with op.batch_alter_table('analysis_coding', schema=None) as batch_op:
        batch_op.alter_column('guid', existing_type=sa.String(length=36), nullable=False)
        batch_op.add_column(sa.Column('sample_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('turn_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_analysis_coding_turn_id'), ['turn_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_analysis_coding_turn_id_analysis_turn'), 'analysis_turn', ['turn_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(op.f('ck_analysis_coding_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', CODING_TARGET)
        batch_op.create_index(batch_op.f('ix_analysis_coding_sample_id'), ['sample_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_analysis_coding_guid'), ['guid'])
        batch_op.create_foreign_key(batch_op.f('fk_analysis_coding_sample_id_analysis_sample'), 'analysis_sample', ['sample_id'], ['id'], ondelete='CASCADE')

    # (analysis_memo is rebuilt on SQLite; the memo history that cascades from it is created empty above.)
    with op.batch_alter_table('analysis_memo', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('turn_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_analysis_memo_turn_id'), ['turn_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_analysis_memo_turn_id_analysis_turn'), 'analysis_turn', ['turn_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(op.f('ck_analysis_memo_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', MEMO_TARGET)

    with op.batch_alter_table('analysis_suggestion_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.JSON(), nullable=True))
    decision = sa.table('analysis_suggestion_decision', sa.column('scope', sa.JSON))
    op.get_bind().execute(decision.update().values(scope={}))
    with op.batch_alter_table('analysis_suggestion_decision', schema=None) as batch_op:
        batch_op.alter_column('scope', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('analysis_suggestion_decision', schema=None) as batch_op:
        batch_op.drop_column('scope')

    op.execute('DELETE FROM analysis_memo WHERE turn_id IS NOT NULL')
    op.execute('DELETE FROM analysis_coding WHERE turn_id IS NOT NULL')
    with op.batch_alter_table('analysis_memo', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_analysis_memo_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', OLD_MEMO_TARGET)
        batch_op.drop_constraint(batch_op.f('fk_analysis_memo_turn_id_analysis_turn'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_analysis_memo_turn_id'))
        batch_op.drop_column('turn_id')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('updated_at')

    with op.batch_alter_table('analysis_coding', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_analysis_coding_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', OLD_CODING_TARGET)
        batch_op.drop_constraint(batch_op.f('fk_analysis_coding_turn_id_analysis_turn'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_analysis_coding_turn_id'))
        batch_op.drop_column('turn_id')
        batch_op.drop_constraint(batch_op.f('fk_analysis_coding_sample_id_analysis_sample'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_analysis_coding_guid'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_analysis_coding_sample_id'))
        batch_op.drop_column('sample_id')
        batch_op.drop_column('guid')

    with op.batch_alter_table('analysis_code', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_code_guid')
    # A plain DROP COLUMN (SQLite 3.35+): a batch rebuild would cascade-delete the codings and memos.
    op.execute('ALTER TABLE analysis_code DROP COLUMN guid')

    with op.batch_alter_table('analysis_memo_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_memo_revision_memo_id'))

    op.drop_table('analysis_memo_revision')
    with op.batch_alter_table('analysis_sample_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_sample_item_answer_id'))

    op.drop_table('analysis_sample_item')
    with op.batch_alter_table('analysis_resolution', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_resolution_sample_answer_code')

    op.drop_table('analysis_resolution')
    op.drop_table('analysis_sample')
    with op.batch_alter_table('analysis_turn', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_turn_transcript_position')
    op.drop_table('analysis_turn')
    with op.batch_alter_table('analysis_transcript', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_transcript_event_id'))
    op.drop_table('analysis_transcript')
    op.drop_table('analysis_project')
