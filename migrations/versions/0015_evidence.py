"""evidence: survey invitation text and purpose, respondent keys, exam results, pinned quotes, national figures

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

Organisers write their own words into a survey's invitation email (empty: the standard text only) and
may schedule outcome follow-ups (purpose "followup"). A response carries an opaque per-event key so an
event's feedback and its follow-up pair up without the user id. Members record MRCPCH sittings;
organisers pin quotes per theme and enter national comparison figures for the impact report.
"""
from alembic import op
import sqlalchemy as sa

from softlanding.core.db import UTCDateTime


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD/DROP COLUMN, not batch mode: on SQLite a batch rebuild drops and recreates the table, and
    # with foreign keys on that would cascade-delete every question, response and answer under it.
    op.add_column("survey", sa.Column("invitation_text", sa.Text(), nullable=False, server_default=""))
    op.add_column("survey", sa.Column("purpose", sa.String(length=20), nullable=False, server_default="feedback"))
    op.add_column("survey_response", sa.Column("respondent_key", sa.String(length=64), nullable=True))
    op.create_index("ix_survey_response_respondent_key", "survey_response", ["respondent_key"])
    op.create_table(
        "feedback_exam_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("component", sa.String(length=20), nullable=False),
        sa.Column("sat_on", sa.Date(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name="fk_feedback_exam_result_user_id_user", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_feedback_exam_result"),
        sa.UniqueConstraint("user_id", "component", "sat_on", name="uq_feedback_exam_result_user_id_component_sat_on"),
    )
    op.create_index("ix_feedback_exam_result_user_id", "feedback_exam_result", ["user_id"])
    op.create_table(
        "feedback_quote_pin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("pinned_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["theme_id"], ["analysis_code.id"], name="fk_feedback_quote_pin_theme_id_analysis_code", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], name="fk_feedback_quote_pin_answer_id_answer", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pinned_by_id"], ["user.id"], name="fk_feedback_quote_pin_pinned_by_id_user", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_feedback_quote_pin"),
        sa.UniqueConstraint("theme_id", "answer_id", name="uq_feedback_quote_pin_theme_id_answer_id"),
    )
    op.create_index("ix_feedback_quote_pin_theme_id", "feedback_quote_pin", ["theme_id"])
    op.create_index("ix_feedback_quote_pin_answer_id", "feedback_quote_pin", ["answer_id"])
    op.create_table(
        "feedback_national_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"], name="fk_feedback_national_figure_updated_by_id_user", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_feedback_national_figure"),
        sa.UniqueConstraint("code", name="uq_feedback_national_figure_code"),
    )


def downgrade():
    op.drop_table("feedback_national_figure")
    op.drop_index("ix_feedback_quote_pin_answer_id", table_name="feedback_quote_pin")
    op.drop_index("ix_feedback_quote_pin_theme_id", table_name="feedback_quote_pin")
    op.drop_table("feedback_quote_pin")
    op.drop_index("ix_feedback_exam_result_user_id", table_name="feedback_exam_result")
    op.drop_table("feedback_exam_result")
    op.drop_index("ix_survey_response_respondent_key", table_name="survey_response")
    op.drop_column("survey_response", "respondent_key")  # SQLite 3.35+ drops a column in place
    op.drop_column("survey", "purpose")
    op.drop_column("survey", "invitation_text")
