"""Themes for the impact report (feedback domain): coded answers counted per theme and question, and the
coded answers of one theme an organiser may pin a quote from. A theme is a parent code; a code not
grouped under a theme counts as its own theme (as in review.top_themes).
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from softlanding.blueprints.analysis.models import Code, Coding
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import Answer, Survey, SurveyQuestion, SurveyResponse
from softlanding.core.extensions import db


class ThemeCount(NamedTuple):
    """How many answers to questions with `question_code` were coded with a theme."""

    theme_id: int
    theme: str
    question_code: str
    answers: int


class ThemeAnswer(NamedTuple):
    """One answer coded with a theme: its id, the coded extract, its survey and event title."""

    answer_id: int
    extract: str
    survey_id: int
    source: str


def _range(start: date, end: date):
    return (datetime.combine(start, time(0), tzinfo=UTC), datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC))


def _base(start: date, end: date, category: str | None):
    parent = aliased(Code)
    theme_id = func.coalesce(parent.id, Code.id)
    lo, hi = _range(start, end)
    return parent, theme_id, lo, hi


def theme_counts(start: date, end: date, category: str | None = None) -> list[ThemeCount]:
    """Answers coded per (theme, question code) for responses from `start` to `end`, in one query."""
    parent, theme_id, lo, hi = _base(start, end, category)
    theme_name = func.coalesce(parent.name, Code.name)
    stmt = (select(theme_id, theme_name, SurveyQuestion.code, func.count(func.distinct(Coding.answer_id)))
            .select_from(Coding).join(Code, Code.id == Coding.code_id).outerjoin(parent, parent.id == Code.parent_id)
            .join(Answer, Answer.id == Coding.answer_id).join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
            .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
            .join(Survey, Survey.id == SurveyResponse.survey_id).outerjoin(Event, Event.id == Survey.event_id)
            .where(SurveyResponse.submitted_on >= lo, SurveyResponse.submitted_on < hi)
            .group_by(theme_id, theme_name, SurveyQuestion.code))
    if category:
        stmt = stmt.where(Event.category == category)
    return [ThemeCount(int(t), name or "", code or "", n) for t, name, code, n in db.session.execute(stmt)]


def theme_name(theme_id: int) -> str | None:
    """The name of a theme (a code), or None."""
    return db.session.scalar(select(Code.name).where(Code.id == theme_id))


def theme_answers(theme_id: int, start: date, end: date, limit: int = 200) -> list[ThemeAnswer]:
    """Answers coded with the theme (or a code under it) from `start` to `end`, with their coded extract."""
    lo, hi = _range(start, end)
    stmt = (select(Answer.id, Answer.text_value, Coding.start_offset, Coding.end_offset, Survey.id,
                   func.coalesce(Event.title, Survey.title))
            .select_from(Coding).join(Code, Code.id == Coding.code_id)
            .join(Answer, Answer.id == Coding.answer_id).join(SurveyResponse, SurveyResponse.id == Answer.response_id)
            .join(Survey, Survey.id == SurveyResponse.survey_id).outerjoin(Event, Event.id == Survey.event_id)
            .where((Code.id == theme_id) | (Code.parent_id == theme_id),
                   SurveyResponse.submitted_on >= lo, SurveyResponse.submitted_on < hi)
            .order_by(Answer.text_value, Answer.id).limit(limit))
    seen: dict[int, ThemeAnswer] = {}
    for answer_id, text, s, e, survey_id, source in db.session.execute(stmt):
        if answer_id not in seen:
            extract = (text or "")[s:e] if s is not None and e is not None else (text or "")
            seen[answer_id] = ThemeAnswer(answer_id, extract, survey_id, source or "")
    return list(seen.values())


def answer_extract(theme_id: int, answer_ids: list[int]) -> dict[int, ThemeAnswer]:
    """{answer_id: ThemeAnswer} for answers coded with the theme (pinned quotes), in one query."""
    if not answer_ids:
        return {}
    stmt = (select(Answer.id, Answer.text_value, Coding.start_offset, Coding.end_offset, Survey.id,
                   func.coalesce(Event.title, Survey.title))
            .select_from(Coding).join(Code, Code.id == Coding.code_id)
            .join(Answer, Answer.id == Coding.answer_id).join(SurveyResponse, SurveyResponse.id == Answer.response_id)
            .join(Survey, Survey.id == SurveyResponse.survey_id).outerjoin(Event, Event.id == Survey.event_id)
            .where((Code.id == theme_id) | (Code.parent_id == theme_id), Answer.id.in_(answer_ids)))
    found: dict[int, ThemeAnswer] = {}
    for answer_id, text, s, e, survey_id, source in db.session.execute(stmt):
        extract = (text or "")[s:e] if s is not None and e is not None else (text or "")
        found.setdefault(answer_id, ThemeAnswer(answer_id, extract, survey_id, source or ""))
    return found
