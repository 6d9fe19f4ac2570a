"""Comparisons of any rating or scale question across events and months, for a date range, as a page and CSV.

A question is picked by its code ("overall", "useful", "confidence_after" ...) or, for a question an
organiser added without a code, by its exact wording. Anonymous surveys still below the minimum of
responses are left out, as everywhere else.

The questions to pick from and each comparison over every date (the page as first opened, for any
question and category) are kept under a change stamp of the tables they read (core/stamps.py); a
comparison for chosen dates is computed on each request, so typed dates cannot fill the process's memory.
"""

from collections import Counter, OrderedDict
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict

from sqlalchemy import and_, func, or_, select

from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import Answer, Survey, SurveyInvitation, SurveyQuestion
from softlanding.core import stamps
from softlanding.core.extensions import db
from softlanding.lib.csvsafe import write_csv

SCALES = ("rating", "scale5", "scale10")
TOP = {"rating": 5, "scale5": 5, "scale10": 10}
TOP_LABEL = {"rating": "Excellent", "scale5": "5 of 5", "scale10": "10 of 10"}
KIND = "survey_comparison"
TABLES = {"event", "survey", "survey_question", "survey_invitation", "survey_response", "answer"}


class Row(TypedDict):
    """One event or one month of a comparison: responses, mean, and the percent giving the top answer."""

    label: str
    key: str
    responses: int
    mean: float | None
    share_top: int | None
    rate: int | None


class Comparison(TypedDict):
    """A comparison of one question: what was compared and the rows per event and per month."""

    question: str
    prompt: str
    kind: str
    top_label: str
    per_event: list[Row]
    per_month: list[Row]


def watch() -> None:
    """Declare the tables comparisons read (once, from the domain's register)."""
    stamps.watch(KIND, TABLES)


def scale_questions() -> list[tuple[str, str]]:
    """[(key, prompt)] of every rating or scale question asked, the coded ones once each (kept: do not change)."""
    return stamps.get_cache().value(KIND, "questions", _scale_questions)


def _scale_questions() -> list[tuple[str, str]]:
    rows = db.session.execute(select(SurveyQuestion.code, SurveyQuestion.prompt, func.min(SurveyQuestion.id))
                              .where(SurveyQuestion.kind.in_(SCALES))
                              .group_by(SurveyQuestion.code, SurveyQuestion.prompt)
                              .order_by(func.min(SurveyQuestion.id))).all()
    seen: OrderedDict[str, str] = OrderedDict()
    for code, prompt, _ in rows:
        seen.setdefault(code or prompt, prompt)
    return list(seen.items())


def _day(value: date) -> datetime:
    return datetime.combine(value, time(0), tzinfo=UTC)


def _summary(counter: Counter[int], top: int) -> tuple[int, float | None, int | None]:
    n = sum(counter.values())
    if not n:
        return 0, None, None
    return n, round(sum(v * c for v, c in counter.items()) / n, 2), round(100 * counter.get(top, 0) / n)


def compare(key: str = "overall", category: str | None = None, start: date | None = None,
            end: date | None = None) -> Comparison:
    """Answers to one question per event (oldest first) and per month of the event (do not change it)."""
    if start is None and end is None:
        return stamps.get_cache().value(KIND, repr((key, category)), lambda: _compare(key, category, None, None))
    return _compare(key, category, start, end)


def _compare(key: str, category: str | None, start: date | None, end: date | None) -> Comparison:
    picked = or_(SurveyQuestion.code == key, and_(SurveyQuestion.code == "", SurveyQuestion.prompt == key))
    n = func.count(Answer.id)
    stmt = (select(Event.id, Event.title, Event.starts_at, SurveyQuestion.kind, Answer.number_value, n)
            .select_from(Answer).join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
            .join(Survey, Survey.id == SurveyQuestion.survey_id).join(Event, Event.id == Survey.event_id)
            .where(picked, SurveyQuestion.kind.in_(SCALES), Answer.number_value.is_not(None),
                   anonymity.shown_surveys())
            .group_by(Event.id, Event.title, Event.starts_at, SurveyQuestion.kind, Answer.number_value))
    if start:
        stmt = stmt.where(Event.starts_at >= _day(start))
    if end:
        stmt = stmt.where(Event.starts_at < _day(end + timedelta(days=1)))
    if category:
        stmt = stmt.where(Event.category == category)
    rows = sorted(db.session.execute(stmt).all(), key=lambda r: (r[2], r[0]))
    kinds = Counter(r[3] for r in rows)
    kind = kinds.most_common(1)[0][0] if kinds else "rating"
    events: OrderedDict[int, tuple[str, datetime, Counter[int]]] = OrderedDict()
    months: OrderedDict[str, Counter[int]] = OrderedDict()
    for event_id, title, starts_at, row_kind, value, count in rows:
        if row_kind != kind:
            continue  # one scale at a time: a 0-10 and a 1-5 mean do not add up
        events.setdefault(event_id, (title, starts_at, Counter()))[2][value] += count
        months.setdefault(starts_at.strftime("%Y-%m"), Counter())[value] += count
    invited = _invited(list(events))
    per_event: list[Row] = []
    for event_id, (title, starts_at, counter) in events.items():
        responses, mean, top = _summary(counter, TOP[kind])
        inv = invited.get(event_id, 0)
        per_event.append({"label": title, "key": starts_at.date().isoformat(), "responses": responses,
                          "mean": mean, "share_top": top, "rate": round(100 * responses / inv) if inv else None})
    per_month: list[Row] = []
    for month, counter in months.items():
        responses, mean, top = _summary(counter, TOP[kind])
        per_month.append({"label": date.fromisoformat(month + "-01").strftime("%b %Y"), "key": month,
                          "responses": responses, "mean": mean, "share_top": top, "rate": None})
    prompt = dict(scale_questions()).get(key, key)
    return {"question": key, "prompt": prompt, "kind": kind, "top_label": TOP_LABEL[kind],
            "per_event": per_event, "per_month": per_month}


def _invited(event_ids: list[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = db.session.execute(select(Survey.event_id, func.count(SurveyInvitation.id)).join(Survey)
                              .where(Survey.event_id.in_(event_ids)).group_by(Survey.event_id))
    return {event_id: n for event_id, n in rows if event_id is not None}


def overall_counts(event_ids: list[int]) -> list[tuple[int, str, str, datetime, int, int]]:
    """[(event_id, title, category, starts_at, rating, n)]: "overall" rating answers of these events'
    surveys, counted in SQL (the events desk's mean rating and response columns)."""
    n = func.count(Answer.id)
    stmt = (select(Event.id, Event.title, Event.category, Event.starts_at, Answer.number_value, n)
            .select_from(Answer).join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
            .join(Survey, Survey.id == SurveyQuestion.survey_id).join(Event, Event.id == Survey.event_id)
            .where(SurveyQuestion.code == "overall", SurveyQuestion.kind == "rating",
                   Answer.number_value.is_not(None), Event.id.in_(event_ids))
            .group_by(Event.id, Event.title, Event.category, Event.starts_at, Answer.number_value))
    return [tuple(row) for row in db.session.execute(stmt).all()]


def compare_csv(result: Comparison) -> str:
    """The comparison as CSV: one row per event, then one per month."""
    top = f"percent {result['top_label']}"
    rows: list[tuple[object, ...]] = []
    for row in result["per_event"]:
        rows.append(("event", row["label"], row["key"], row["responses"], row["rate"], row["mean"], row["share_top"]))
    for row in result["per_month"]:
        rows.append(("month", row["label"], row["key"], row["responses"], "", row["mean"], row["share_top"]))
    return write_csv(rows, header=("level", "event or month", "date", "responses", "response rate (%)",
                                   f"mean: {result['prompt']}", top))
