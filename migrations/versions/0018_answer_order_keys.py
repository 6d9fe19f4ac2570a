"""answer order keys: each survey response draws a random order key, and responses are indexed by day

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01

The coding workspace used to load every free-text answer and sort them in Python by an HMAC of the
response id, so that anonymous answers came in a fixed order that is not the order of answering. The
order key is now stored (random, drawn at insert; existing responses draw theirs here), so the database
orders and pages: ORDER BY submitted_on DESC, then the key within a day, on an index of submitted_on.
Plain ADD COLUMN, never a batch rebuild: rebuilding survey_response on SQLite would cascade-delete answers.
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('survey_response', sa.Column('order_key', sa.String(length=32), nullable=True))
    conn = op.get_bind()
    ids = conn.execute(sa.text("SELECT id FROM survey_response")).scalars().all()
    if ids:
        conn.execute(sa.text("UPDATE survey_response SET order_key = :key WHERE id = :id"),
                     [{"id": i, "key": secrets.token_hex(16)} for i in ids])
    op.create_index('ix_survey_response_submitted_on', 'survey_response', ['submitted_on'], unique=False)


def downgrade():
    op.drop_index('ix_survey_response_submitted_on', table_name='survey_response')
    # DROP COLUMN directly (SQLite 3.35+ has it): a batch rebuild would cascade-delete the answers.
    op.execute('ALTER TABLE survey_response DROP COLUMN order_key')
