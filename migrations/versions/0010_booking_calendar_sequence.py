"""booking calendar sequence: each booking's own count of cancellations and re-bookings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

Email invitations carry SEQUENCE = the event's revision + this count, so cancelling one's own booking
(METHOD:CANCEL) and booking again (METHOD:REQUEST) each outrank the message before them, and mail
clients apply them to the entry they already hold. Existing bookings start at 0.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("booking") as batch:
        batch.add_column(sa.Column("calendar_sequence", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("booking") as batch:
        batch.drop_column("calendar_sequence")
