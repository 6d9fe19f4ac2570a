"""outbox unsent index: the messages not yet sent, in id order, for the delivery claim

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01

A delivery run claims the oldest ten due messages again and again; EXPLAIN ANALYZE showed each claim
reading and sorting every pending row (through the status index) to pick ten. A partial index on the id
of unsent messages lets it walk them in order and stop at the tenth, however long the outbox's history.
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

UNSENT = sa.text("status IN ('pending', 'sending')")


def upgrade():
    op.create_index("ix_outbox_message_unsent", "outbox_message", ["id"],
                    postgresql_where=UNSENT, sqlite_where=UNSENT)


def downgrade():
    op.drop_index("ix_outbox_message_unsent", table_name="outbox_message")
