"""Figures of the workspace that need a pass over every free-text answer (progress per question, and so
the unfiltered total) or over every event (the filter form's events), kept between requests for as long as nothing they count has changed.

At network scale that pass is most of the page (20,000 answers and 10,000 codings: 15-30 ms on
PostgreSQL), while telling whether anything changed is one statement of index lookups and small counts
(the stamp). The stamp changes with every response, answer, survey or question added or removed, every
change of a survey's anonymity or event, every event added, removed or edited, and every coding added
or removed (a question's prompt cannot change once it has answers, nor can an answer); a viewer with an open blind
sample sees figures without the sample's codings, so their figures are never shared or kept.
The cache lives in the app (one per worker process); a stale entry is never served, because every
request reads the stamp from the database, which all workers share.
"""

from collections.abc import Callable
from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import FromClause, Select, case, func, literal, select, true

from softlanding.blueprints.analysis import blind
from softlanding.blueprints.analysis.models import Coding, Sample
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import Answer, Survey, SurveyQuestion, SurveyResponse
from softlanding.core.extensions import db

KEY = "analysis_figures"


def _stamp() -> tuple | None:
    """What the figures depend on, read in one statement; None when this viewer's figures are their own."""
    viewer = blind.viewer_id()
    open_samples = (select(func.count(Sample.id)).where(Sample.coder_id == viewer, Sample.completed_at.is_(None))
                    .scalar_subquery() if viewer is not None else literal(0))
    # One pass over each table (a subquery of its aggregates each), joined as one row.
    tables: list[Select[Any]] = [
        select(func.max(Answer.id)),
        select(func.count(SurveyResponse.id), func.max(SurveyResponse.id)),
        select(func.count(Survey.id), func.sum(case((Survey.anonymous, Survey.id), else_=0)),
               func.sum(func.coalesce(Survey.event_id, 0))),
        # The filter form lists events (title, date, category): any edit of an event touches updated_at.
        select(func.count(Event.id), func.max(Event.updated_at)),
        select(func.count(SurveyQuestion.id), func.max(SurveyQuestion.id)),
        # A coding's answer and sample are what the figures count: a reused id (SQLite) or a coding
        # taken into or out of the team's codings shows here even when count and max stay the same.
        select(func.count(Coding.id), func.max(Coding.id), func.sum(func.coalesce(Coding.answer_id, 0)),
               func.sum(func.coalesce(Coding.sample_id, 0))),
    ]
    subqueries = [t.subquery() for t in tables]
    joined: FromClause = subqueries[0]
    for sub in subqueries[1:]:
        joined = joined.join(sub, true())
    columns = [c for sub in subqueries for c in sub.c]
    row = db.session.execute(select(*columns, open_samples).select_from(joined)).one()
    if row[-1]:
        return None  # their blind sample hides some codings from their figures
    return tuple(row[:-1])


def stamp() -> tuple | None:
    """The stamp for this request (read once per request; outside a request, read every time)."""
    if not has_request_context():
        return _stamp()
    if "analysis_figures_stamp" not in g:
        g.analysis_figures_stamp = _stamp()
    return g.analysis_figures_stamp


def cached(name: str, compute: Callable[[], Any]) -> Any:
    """compute(), or its value from an earlier request when the stamp is unchanged."""
    current = stamp()
    if current is None:  # this viewer's own figures: worked out once per request, never kept
        if not has_request_context():
            return compute()
        mine = g.setdefault("analysis_figures_own", {})
        if name not in mine:
            mine[name] = compute()
        return mine[name]
    store = current_app.extensions.setdefault(KEY, {})
    if store.get("stamp") != current:
        store.clear()
        store["stamp"] = current
    if name not in store:
        store[name] = compute()
    return store[name]
