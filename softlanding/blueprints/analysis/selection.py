"""Which texts a workspace filter selects: the SELECTs of survey answers, mentoring comments and transcript turns.

The workspace pages them, exports and suggestions read them in bulk; none of these knows who wrote a text.
"""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased, contains_eager

from softlanding.blueprints.analysis import blind
from softlanding.blueprints.analysis.models import Coding, Transcript, Turn
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import Answer, Survey, SurveyQuestion, SurveyResponse
from softlanding.blueprints.mentoring.models import ClosingFeedback
from softlanding.blueprints.mentoring.models_pair import PairCheckin

FREE_TEXT = ("short_text", "long_text")


def day_start(value):
    """Midnight UTC at the start of a date."""
    return datetime.combine(value, time.min, tzinfo=UTC)


def rating_subquery(response_id_column):
    """The response's overall rating: its "overall" rating question, else its first rating question."""
    ra, rq = aliased(Answer), aliased(SurveyQuestion)
    return (select(ra.number_value).join(rq, rq.id == ra.question_id)
            .where(ra.response_id == response_id_column, rq.kind == "rating")
            .order_by(case((rq.code == "overall", 0), else_=1), rq.position)
            .limit(1).scalar_subquery())


def answers_statement(filters, columns=None):
    """SELECT of free-text Answers (with response, survey, event and question joined) for the filters.

    With `columns` (e.g. Answer.id, Answer.text_value) it selects just those, for bulk work.
    """
    stmt = (select(*(columns or [Answer])).select_from(Answer).join(Answer.response).join(SurveyResponse.survey)
            .join(Answer.question).outerjoin(Survey.event)
            .where(SurveyQuestion.kind.in_(FREE_TEXT), Answer.text_value.is_not(None), Answer.text_value != "",
                   anonymity.shown_surveys()))  # an anonymous survey's texts wait for enough responses
    if not columns:
        # The joined rows only: the event's, survey's and response's own lists (slots, hosts, questions,
        # answers) are never shown here and would cost a query each per page.
        survey = contains_eager(Answer.response).contains_eager(SurveyResponse.survey)
        stmt = stmt.options(survey.contains_eager(Survey.event).lazyload("*"), survey.lazyload("*"),
                            contains_eager(Answer.response).lazyload("*"), contains_eager(Answer.question))
    if filters.event_id:
        stmt = stmt.where(Survey.event_id == filters.event_id)
    if filters.category:
        stmt = stmt.where(Event.category == filters.category)
    if filters.question:
        stmt = stmt.where(SurveyQuestion.prompt == filters.question)
    if filters.date_from:
        stmt = stmt.where(SurveyResponse.submitted_on >= day_start(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(SurveyResponse.submitted_on < day_start(filters.date_to + timedelta(days=1)))
    if filters.rating:
        stmt = stmt.where(rating_subquery(SurveyResponse.id) == filters.rating)
    # Career stage and region exist only on responses that were not anonymous.
    if filters.career_stage:
        stmt = stmt.where(Survey.anonymous.is_(False), SurveyResponse.career_stage == filters.career_stage)
    if filters.region:
        stmt = stmt.where(Survey.anonymous.is_(False), SurveyResponse.region == filters.region)
    if filters.q:
        stmt = stmt.where(Answer.text_value.ilike(f"%{_escape_like(filters.q)}%", escape="\\"))
    if filters.code_id:
        stmt = stmt.where(Answer.id.in_(select(Coding.answer_id).where(Coding.code_id == filters.code_id,
                                                                      blind.team_codings())))
    if filters.code_id and filters.also_code_id:
        stmt = stmt.where(Answer.id.in_(select(Coding.answer_id).where(Coding.code_id == filters.also_code_id,
                                                                      blind.team_codings())))
    if filters.uncoded:
        stmt = stmt.where(~Answer.id.in_(select(Coding.answer_id).where(Coding.answer_id.is_not(None),
                                                                       blind.team_codings())))
    return stmt.order_by(*ANSWER_ORDER)


# Newest day first (an index on submitted_on gives the days in order, so a page reads only its rows).
# Anonymous responses keep only their day and their ids follow submission order, so within a day they
# go by their stored random key instead (answers of one response stay together); named ones newest first.
ANSWER_ORDER = (SurveyResponse.submitted_on.desc(),
                case((Survey.anonymous, func.coalesce(SurveyResponse.order_key, "")), else_=""),
                case((Survey.anonymous, 0), else_=-Answer.id), Answer.id)


def _escape_like(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _comment_statement(model, rating_column, coding_column, filters):
    """SELECT of one kind of mentoring comment (`model.comment`, timed by `model.created_at`) for the
    filters that apply to it: dates, rating, words, the codes it carries, or none yet."""
    stmt = select(model).where(model.comment.is_not(None), model.comment != "")
    if filters.date_from:
        stmt = stmt.where(model.created_at >= day_start(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(model.created_at < day_start(filters.date_to + timedelta(days=1)))
    if filters.rating:
        stmt = stmt.where(rating_column == filters.rating)
    if filters.q:
        stmt = stmt.where(model.comment.ilike(f"%{_escape_like(filters.q)}%", escape="\\"))
    for code_id in (filters.code_id, filters.also_code_id if filters.code_id else None):
        if code_id:
            stmt = stmt.where(model.id.in_(select(coding_column).where(Coding.code_id == code_id)))
    if filters.uncoded:
        stmt = stmt.where(~model.id.in_(select(coding_column).where(coding_column.is_not(None))))
    return stmt.order_by(model.created_at.desc(), model.id.desc())


def closing_statement(filters):
    """SELECT of mentoring closing comments for the filters that apply to them."""
    return _comment_statement(ClosingFeedback, ClosingFeedback.rating, Coding.closing_feedback_id, filters)


def checkin_statement(filters):
    """SELECT of mentoring check-in comments for the filters that apply (rating: how useful it was, 1-5)."""
    return _comment_statement(PairCheckin, PairCheckin.usefulness, Coding.checkin_id, filters)


def turn_statement(filters):
    """SELECT of transcript turns (with their transcript) for the filters that apply to them."""
    stmt = (select(Turn).join(Turn.transcript).outerjoin(Event, Event.id == Transcript.event_id)
            .options(contains_eager(Turn.transcript)))
    if filters.event_id:
        stmt = stmt.where(Transcript.event_id == filters.event_id)
    if filters.category:
        stmt = stmt.where(Event.category == filters.category)
    if filters.date_from:
        stmt = stmt.where(Transcript.held_on >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Transcript.held_on <= filters.date_to)
    if filters.q:
        stmt = stmt.where(Turn.text.ilike(f"%{_escape_like(filters.q)}%", escape="\\"))
    for code_id in (filters.code_id, filters.also_code_id if filters.code_id else None):
        if code_id:
            stmt = stmt.where(Turn.id.in_(select(Coding.turn_id).where(Coding.code_id == code_id)))
    if filters.uncoded:
        stmt = stmt.where(~Turn.id.in_(select(Coding.turn_id).where(Coding.turn_id.is_not(None))))
    return stmt.order_by(Transcript.held_on.desc(), Transcript.id.desc(), Turn.position)
