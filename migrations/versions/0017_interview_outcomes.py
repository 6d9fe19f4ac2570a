"""interview outcomes: members record specialty-training interviews and what came of them

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01

A member records an interview (date, level, optional specialty) and later its outcome (offer, no offer,
waiting); the surveys job asks once, some days after the date. The records feed the impact report's
"interview offers after mock interviews".
"""
from alembic import op
import sqlalchemy as sa

from softlanding.core.db import UTCDateTime


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feedback_interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("interview_on", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("specialty", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name="fk_feedback_interview_user_id_user", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_feedback_interview"),
        sa.UniqueConstraint("user_id", "level", "interview_on", name="uq_feedback_interview_user_id_level_interview_on"),
    )
    op.create_index("ix_feedback_interview_user_id", "feedback_interview", ["user_id"])


def downgrade():
    op.drop_index("ix_feedback_interview_user_id", table_name="feedback_interview")
    op.drop_table("feedback_interview")
