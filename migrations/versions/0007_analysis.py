"""analysis area (filled in by that area's work; empty until then)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
