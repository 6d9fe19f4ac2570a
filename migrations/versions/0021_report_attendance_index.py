"""report attendance index: attended bookings by event and person, for the impact report's counts

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01

The impact report counts attended bookings per event and per person for two periods; EXPLAIN showed each
count reading every booking. A partial index holds only the attendances.
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

ATTENDED = sa.text("status = 'booked' AND attended IS true")


def upgrade():
    op.create_index("ix_booking_attended_event_user", "booking", ["event_id", "user_id"],
                    postgresql_where=ATTENDED, sqlite_where=ATTENDED)


def downgrade():
    op.drop_index("ix_booking_attended_event_user", table_name="booking")
