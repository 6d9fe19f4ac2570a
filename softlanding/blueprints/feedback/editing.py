"""Managing a survey before anyone answers: edit its title, questions, closing and invitation text; delete a draft.

Once the first response is in, the questions are what that person answered: nothing here changes them.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from softlanding.blueprints.feedback.models import (
    QUESTION_KINDS,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from softlanding.blueprints.feedback.survey_templates import parse_options
from softlanding.blueprints.feedback.surveys import audience_user_ids, get_survey
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, NotFound, ValidationError
from softlanding.core.extensions import db

INVITATION_TEXT_LIMIT = 2000


def response_count(survey_id: int) -> int:
    """How many responses a survey has."""
    return db.session.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey_id)) or 0


def can_edit(survey: Survey) -> bool:
    """A survey can be edited until its first response (and never once closed)."""
    return survey.status != "closed" and response_count(survey.id) == 0


def editable_survey(survey_id: int) -> Survey:
    """The survey if it may still be edited; Conflict once someone has answered or it has closed."""
    survey = get_survey(survey_id)
    if survey.status == "closed":
        raise Conflict("This survey is closed and can no longer be changed.")
    if response_count(survey.id):
        raise Conflict("Someone has already answered this survey, so it can no longer be changed: "
                       "their answers belong to these questions.")
    return survey


def audience_size(survey: Survey) -> int:
    """How many people opening this survey would invite now."""
    return len(audience_user_ids(survey))


def update_survey(survey_id: int, *, title: str, invitation_text: str, close_after_days: int | None = None,
                  closes_on: date | None = None, now: datetime | None = None) -> Survey:
    """Change title, invitation text and closing (days after opening for a draft, a date for an open survey)."""
    now = now or utcnow()
    survey = editable_survey(survey_id)
    title = (title or "").strip()
    text = (invitation_text or "").replace("\r\n", "\n").strip()
    if not title:
        raise ValidationError("Give the survey a title.", field="title")
    if len(text) > INVITATION_TEXT_LIMIT:
        raise ValidationError(f"Keep the invitation text under {INVITATION_TEXT_LIMIT} characters.",
                              field="invitation_text")
    if survey.status == "draft":
        if close_after_days is None or not 1 <= close_after_days <= 90:
            raise ValidationError("Close after 1 to 90 days.", field="close_after_days")
        survey.close_after_days = close_after_days
    else:
        if closes_on is None:
            raise ValidationError("Enter the closing date.", field="closes_on")
        closes_at = datetime.combine(closes_on, time(23, 59), tzinfo=UTC)
        if closes_at <= now or closes_at > now + timedelta(days=90):
            raise ValidationError("Choose a closing date from today to 90 days ahead.", field="closes_on")
        survey.closes_at = closes_at
    survey.title = title[:200]
    survey.invitation_text = text
    db.session.flush()
    return survey


def _question(survey: Survey, question_id: int) -> SurveyQuestion:
    for q in survey.questions:
        if q.id == question_id:
            return q
    raise NotFound("No such question in this survey.")


def _checked(kind: str, prompt: str, options_text: str) -> tuple[str, list[str]]:
    if kind not in QUESTION_KINDS:
        raise ValidationError("Choose a question type.", field="kind")
    prompt = (prompt or "").strip()
    if not prompt:
        raise ValidationError("Write the question.", field="prompt")
    return prompt[:500], parse_options(kind, options_text)


def add_question(survey_id: int, kind: str, prompt: str, required: bool = False, help_text: str = "",
                 options_text: str = "") -> SurveyQuestion:
    """Add a question at the end of a survey nobody has answered yet."""
    survey = editable_survey(survey_id)
    prompt, options = _checked(kind, prompt, options_text)
    last = max((q.position for q in survey.questions), default=-1)
    question = SurveyQuestion(position=last + 1, kind=kind, prompt=prompt, required=bool(required),
                              help_text=(help_text or "").strip()[:500], options=options)
    survey.questions.append(question)
    db.session.flush()
    return question


def update_question(survey_id: int, question_id: int, kind: str, prompt: str, required: bool = False,
                    help_text: str = "", options_text: str = "") -> SurveyQuestion:
    """Change one question in place (its code, which the report counts by, stays)."""
    survey = editable_survey(survey_id)
    question = _question(survey, question_id)
    prompt, options = _checked(kind, prompt, options_text)
    question.kind, question.prompt, question.options = kind, prompt, options
    question.required, question.help_text = bool(required), (help_text or "").strip()[:500]
    db.session.flush()
    return question


def remove_question(survey_id: int, question_id: int) -> None:
    """Remove a question from a survey nobody has answered yet."""
    survey = editable_survey(survey_id)
    survey.questions.remove(_question(survey, question_id))
    for position, q in enumerate(sorted(survey.questions, key=lambda q: (q.position, q.id))):
        q.position = position
    db.session.flush()


def delete_survey(survey_id: int) -> str:
    """Delete a survey that was never opened (nobody was invited). Returns its title."""
    survey = get_survey(survey_id)
    invited = db.session.scalar(select(func.count(SurveyInvitation.id))
                                .where(SurveyInvitation.survey_id == survey.id)) or 0
    if survey.status != "draft" or invited:
        raise Conflict("Only a survey that was never opened can be deleted; close this one instead.")
    title = survey.title
    db.session.delete(survey)
    db.session.flush()
    return title
