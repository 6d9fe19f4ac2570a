"""Answering surveys: check and store one response per invited person; a member's own surveys and answers."""

from datetime import UTC, datetime, time
from typing import Any, NamedTuple

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.access import hosted_clause
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import (
    RATING_LABELS,
    Answer,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from softlanding.blueprints.feedback.surveys import get_survey
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db

TEXT_LIMITS = {"short_text": 300, "long_text": 5000}
RATING_CHOICES = [(5 - i, label) for i, label in enumerate(RATING_LABELS)]  # (5, "Excellent") .. (1, "Very poor")


class InvalidAnswers(ValidationError):
    """Some answers are missing or not allowed: `errors` maps question id to a message."""

    def __init__(self, errors):
        super().__init__("Please check the answers marked below.")
        self.errors = errors


def is_open(survey: Survey, now: datetime | None = None) -> bool:
    """Whether answers are accepted now (open, and its closing time has not passed)."""
    now = now or utcnow()
    return survey.status == "open" and (survey.closes_at is None or survey.closes_at > now)


def invitation_for(survey_id: int, user: User) -> SurveyInvitation | None:
    """This member's invitation to a survey, or None."""
    return db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey_id,
                                                            SurveyInvitation.user_id == user.id))


def survey_for_respondent(survey_id: int, user: User) -> tuple[Survey, SurveyInvitation]:
    """(survey, invitation) for someone asked to answer; PermissionDenied for anyone else."""
    survey = get_survey(survey_id)
    invitation = invitation_for(survey_id, user)
    if invitation is None or survey.status == "draft":
        raise PermissionDenied("This survey was not sent to you.")
    return survey, invitation


def _clean_text(value):
    # PostgreSQL refuses NUL characters in text; nothing a person types needs them.
    return (value or "").replace("\x00", "").strip()


def parse_answers(questions, form):
    """({question_id: value}, {question_id: error}) from a submitted form (a MultiDict)."""
    values, errors = {}, {}
    for q in questions:
        name = f"q{q.id}"
        if q.kind == "multiple":
            raw = [v for v in form.getlist(name) if v in q.options]
            if len(raw) != len(form.getlist(name)):
                errors[q.id] = "Choose from the options given."
            value = raw or None
        elif q.kind in TEXT_LIMITS:
            value = _clean_text(form.get(name)) or None
            if value and len(value) > TEXT_LIMITS[q.kind]:
                errors[q.id] = f"Keep this under {TEXT_LIMITS[q.kind]} characters."
        elif q.kind == "single":
            value = form.get(name) or None
            if value is not None and value not in q.options:
                errors[q.id] = "Choose one of the options given."
        else:
            value = _number(q.kind, form.get(name))
            if value == "bad":
                errors[q.id] = "Choose one of the options given."
        if value is None and q.required and q.id not in errors:
            errors[q.id] = "Please answer this question."
        if q.id not in errors and value is not None:
            values[q.id] = value
    return values, errors


def _number(kind, raw):
    if raw in (None, ""):
        return None
    allowed = {"rating": range(1, 6), "scale5": range(1, 6), "scale10": range(0, 11), "yes_no": range(0, 2)}[kind]
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return "bad"
    return number if number in allowed else "bad"


def submit_response(survey_id: int, user: User, form: Any, now: datetime | None = None) -> SurveyResponse:
    """Store one person's answers once. Anonymous surveys keep no link from the answers to the person."""
    now = now or utcnow()
    survey, invitation = survey_for_respondent(survey_id, user)
    if not is_open(survey, now):
        raise Conflict("This survey is closed; answers are no longer accepted.")
    if invitation.has_responded:
        raise Conflict("You have already answered this survey. Thank you.")
    values, errors = parse_answers(survey.questions, form)
    if errors:
        raise InvalidAnswers(errors)
    # The claim: only one request can turn has_responded from false to true (a double submit,
    # two tabs). On PostgreSQL a second UPDATE waits for the first to commit and then matches nothing.
    claimed = rows_changed(db.session.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.id == invitation.id, SurveyInvitation.has_responded.is_(False))
        .values(has_responded=True).execution_options(synchronize_session=False)))
    if claimed != 1:
        raise Conflict("You have already answered this survey. Thank you.")
    day = datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)
    response = SurveyResponse(survey_id=survey.id, submitted_on=day,
                              respondent_key=anonymity.respondent_key(survey, user.id))
    if not survey.anonymous:
        response.user_id = user.id
        profile = user.profile
        response.career_stage = profile.career_stage if profile else None
        response.region = profile.region if profile else None
    for q in survey.questions:
        if q.id not in values:
            continue
        value = values[q.id]
        answer = Answer(question_id=q.id)
        if q.kind in ("single", "multiple"):
            answer.choices = value if isinstance(value, list) else [value]
        elif q.kind in TEXT_LIMITS:
            answer.text_value = value
        else:
            answer.number_value = value
        response.answers.append(answer)
    db.session.add(response)
    db.session.flush()
    return response


def my_invitations(user: User, page: int, per_page: int = 20) -> Pagination:
    """The member's surveys (newest first), with each survey and its event loaded."""
    stmt = (select(SurveyInvitation).join(Survey)
            .where(SurveyInvitation.user_id == user.id, Survey.status != "draft")
            .options(selectinload(SurveyInvitation.survey).selectinload(Survey.event))
            .order_by(Survey.opens_at.desc(), Survey.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def hosted_surveys(user: User, limit: int = 50) -> list[Survey]:
    """Surveys of events this member hosts or co-hosts (results without identities)."""
    stmt = (select(Survey).join(Event, Event.id == Survey.event_id)
            .where(Survey.status != "draft", hosted_clause(user.id))
            .order_by(Survey.opens_at.desc()).limit(limit))
    return list(db.session.scalars(stmt).unique())


class OwnAnswers(NamedTuple):
    """A respondent's view of their own answers: none are kept for them in an anonymous survey."""

    survey: Survey
    response: SurveyResponse | None
    anonymous: bool


def own_answers(survey_id: int, user: User) -> OwnAnswers:
    """(survey, response or None, anonymous): a respondent's own answers; never for anonymous surveys."""
    survey, invitation = survey_for_respondent(survey_id, user)
    if survey.anonymous:
        return OwnAnswers(survey, None, True)
    response = db.session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id,
                                                              SurveyResponse.user_id == user.id))
    if response is None and not invitation.has_responded:
        raise NotFound("You have not answered this survey.")
    return OwnAnswers(survey, response, False)


def answer_display(question: SurveyQuestion, answer: Answer | None) -> str:
    """An answer as text for its respondent (ratings by label)."""
    if answer is None:
        return ""
    if answer.text_value is not None:
        return answer.text_value
    if answer.choices is not None:
        return ", ".join(answer.choices)
    if question.kind == "rating":
        labels: dict[int | None, str] = dict(RATING_CHOICES)
        return labels.get(answer.number_value, "")
    if question.kind == "yes_no":
        return "Yes" if answer.number_value else "No"
    return str(answer.number_value)


def choice_pairs(question: SurveyQuestion) -> list[tuple[Any, str]]:
    """[(value, label)] for the radio buttons or tick boxes of a question."""
    if question.kind == "rating":
        return RATING_CHOICES
    if question.kind == "scale5":
        return [(v, str(v)) for v in range(1, 6)]
    if question.kind == "scale10":
        return [(v, str(v)) for v in range(0, 11)]
    if question.kind == "yes_no":
        return [(1, "Yes"), (0, "No")]
    return [(option, option) for option in question.options or []]
