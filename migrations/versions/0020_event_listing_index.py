"""event listing index: public events in listing order, with their end, for the listing and its count

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-01

EXPLAIN ANALYZE of the listing showed an index scan on starts_at that filtered out every past event and
draft before the page (1,684 rows for page 40), a sequential scan for the pager's count and, for deep
pages, a sort of every upcoming event. A partial index over public events on (starts_at, id, ends_at),
with the predicate's columns (status, published_at) so SQLite also treats it as covering, serves the page
of ids, the OFFSET and the count as index-only scans on PostgreSQL and SQLite.
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0018'
branch_labels = None
depends_on = None

PUBLIC_SQL = "status = 'published' OR (status = 'cancelled' AND published_at IS NOT NULL)"


def upgrade():
    op.create_index("ix_event_public_listing", "event", ["starts_at", "id", "ends_at", "status", "published_at"],
                    postgresql_where=sa.text(PUBLIC_SQL), sqlite_where=sa.text(PUBLIC_SQL))


def downgrade():
    op.drop_index("ix_event_public_listing", table_name="event")
