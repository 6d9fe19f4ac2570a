"""Surveys: templates, surveys with their questions, invitations, responses and answers.

Anonymity: in an anonymous survey a SurveyResponse has no user_id and no respondent attributes, and
its time is kept to the day; who has answered is kept apart on SurveyInvitation (a flag, no time), so
reminders still reach only those who have not answered and nothing ties an answer to a person.
"""

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:  # names for the relationship annotations only; the mapper resolves the strings
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.events.models import Event

QUESTION_KINDS = {
    "rating": "Rating (Excellent to Very poor)",
    "scale5": "Scale 1–5",
    "scale10": "Scale 0–10",
    "single": "Single choice",
    "multiple": "Multiple choice",
    "short_text": "Short free text",
    "long_text": "Long free text",
    "yes_no": "Yes / no",
}
RATING_LABELS = ["Excellent", "Good", "Average", "Poor", "Very poor"]  # stored as 5..1
SURVEY_STATUSES = ("draft", "open", "closed")
SURVEY_PURPOSES = {"feedback": "Feedback", "followup": "Outcome follow-up"}


class SurveyTemplate(Model):
    """A reusable list of questions (the default post-event template is one)."""

    __tablename__ = "survey_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    is_default: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    questions: Mapped[list["TemplateQuestion"]] = relationship("TemplateQuestion", cascade="all, delete-orphan", lazy="selectin",
                                                               order_by="TemplateQuestion.position", back_populates="template")


class TemplateQuestion(Model):
    """One question of a template."""

    __tablename__ = "template_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("survey_template.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(String(500))
    help_text: Mapped[str] = mapped_column(String(500), default="")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list] = mapped_column(JSON, default=list)  # choices for single/multiple
    code: Mapped[str] = mapped_column(String(40), default="")  # stable meaning, e.g. "overall"

    template: Mapped["SurveyTemplate"] = relationship("SurveyTemplate", back_populates="questions")


class Survey(Model):
    """A survey attached to an event (post-event feedback) or standing alone for a group."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), nullable=True, index=True)
    audience: Mapped[str] = mapped_column(String(20), default="attendees")  # attendees | group
    audience_filter: Mapped[dict] = mapped_column(JSON, default=dict)  # for group: {"roles": [...], ...}
    anonymous: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    open_on_event_end: Mapped[bool] = mapped_column(default=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    close_after_days: Mapped[int] = mapped_column(default=14)
    invitation_text: Mapped[str] = mapped_column(Text, default="", server_default="")  # the organiser's own words in the email
    purpose: Mapped[str] = mapped_column(String(20), default="feedback", server_default="feedback")  # feedback | followup
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    event: Mapped["Event | None"] = relationship("Event", lazy="joined")
    questions: Mapped[list["SurveyQuestion"]] = relationship("SurveyQuestion", cascade="all, delete-orphan", lazy="selectin",
                                                             order_by="SurveyQuestion.position", back_populates="survey")


class SurveyQuestion(Model):
    """A question of one survey (copied from its template, so editing a template changes no survey)."""

    __tablename__ = "survey_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(String(500))
    help_text: Mapped[str] = mapped_column(String(500), default="")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list] = mapped_column(JSON, default=list)
    code: Mapped[str] = mapped_column(String(40), default="")

    survey: Mapped["Survey"] = relationship("Survey", back_populates="questions")


class SurveyInvitation(Model):
    """Who was asked, and whether they have answered: kept apart from the answers."""

    __tablename__ = "survey_invitation"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", name="uq_survey_invitation_survey_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # when the invitation email was queued
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    has_responded: Mapped[bool] = mapped_column(default=False)

    user: Mapped["User"] = relationship("User", lazy="joined")
    survey: Mapped["Survey"] = relationship("Survey")


class SurveyResponse(Model):
    """One person's answers to one survey. Anonymous: no user, no attributes, day-only date."""

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", name="uq_survey_response_survey_id_user_id"),
                      Index("ix_survey_response_submitted_on", "submitted_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True)
    submitted_on: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)  # midnight UTC of the day, for anonymity
    career_stage: Mapped[str | None] = mapped_column(String(40), nullable=True)  # snapshot, not anonymous only
    region: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # An opaque HMAC per (event, person): links an event's feedback and its follow-up without the user id.
    respondent_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    # A random key drawn at insert: the response's fixed place among its day's answers in the coding
    # workspace and its exports, so that their order says nothing about the order of answering. Random,
    # not derived from the id, so not even the server's secret leads back from it. Nullable only in the
    # schema (SQLite adds a NOT NULL column only by rebuilding the table, which would cascade-delete answers).
    order_key: Mapped[str | None] = mapped_column(String(32), default=lambda: secrets.token_hex(16), nullable=True)

    survey: Mapped["Survey"] = relationship("Survey", lazy="joined")
    answers: Mapped[list["Answer"]] = relationship("Answer", cascade="all, delete-orphan", lazy="selectin", back_populates="response")


class Answer(Model):
    """The answer to one question: a number (ratings, scales, yes/no), choices, or plain text."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    number_value: Mapped[int | None] = mapped_column(nullable=True)
    choices: Mapped[list | None] = mapped_column(JSON, nullable=True)
    text_value: Mapped[str | None] = mapped_column(Text, nullable=True)  # plain text, escaped when shown

    response: Mapped["SurveyResponse"] = relationship("SurveyResponse", back_populates="answers")
    question: Mapped["SurveyQuestion"] = relationship("SurveyQuestion", lazy="joined")


EXAM_RESULTS = {"passed": "Passed", "not_passed": "Not passed", "awaiting": "Waiting for the result"}


class ExamResult(Model):
    """An MRCPCH sitting a member recorded: component, when, which attempt, the result."""

    __tablename__ = "feedback_exam_result"
    __table_args__ = (UniqueConstraint("user_id", "component", "sat_on",
                                       name="uq_feedback_exam_result_user_id_component_sat_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    component: Mapped[str] = mapped_column(String(20))  # reference list mrcpch_component
    sat_on: Mapped[date] = mapped_column(Date, nullable=False)
    attempt: Mapped[int] = mapped_column(default=1)
    result: Mapped[str] = mapped_column(String(20), default="awaiting")  # EXAM_RESULTS
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # the one "how did it go?"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class QuotePin(Model):
    """A quote an organiser chose for a theme of the impact report (from an answer coded with it)."""

    __tablename__ = "feedback_quote_pin"
    __table_args__ = (UniqueConstraint("theme_id", "answer_id", name="uq_feedback_quote_pin_theme_id_answer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("analysis_code.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    pinned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class NationalFigure(Model):
    """A national comparison figure an organiser enters (e.g. the national MRCPCH FOP pass rate), with its source."""

    __tablename__ = "feedback_national_figure"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)  # a percentage
    source: Mapped[str] = mapped_column(String(300), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


INTERVIEW_OUTCOMES = {"waiting": "Waiting to hear", "offer": "Offered a post", "no_offer": "Not offered a post"}


class InterviewRecord(Model):
    """A specialty-training interview a member recorded: when, level, specialty, and (later) the outcome."""

    __tablename__ = "feedback_interview"
    __table_args__ = (UniqueConstraint("user_id", "level", "interview_on",
                                       name="uq_feedback_interview_user_id_level_interview_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    interview_on: Mapped[date] = mapped_column(Date, nullable=False)
    level: Mapped[str] = mapped_column(String(20))  # reference list interview_level
    specialty: Mapped[str] = mapped_column(String(40), default="")  # reference list subspecialty; "" = not given
    outcome: Mapped[str] = mapped_column(String(20), default="waiting")  # INTERVIEW_OUTCOMES
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # the one "how did it go?"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
