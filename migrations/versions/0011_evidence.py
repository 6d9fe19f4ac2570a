"""evidence: survey invitation text

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-01

Organisers write their own words into a survey's invitation email (empty: the standard text only).
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey") as batch:
        batch.add_column(sa.Column("invitation_text", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("survey") as batch:
        batch.drop_column("invitation_text")
