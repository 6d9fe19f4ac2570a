"""The surveys desk (/surveys/manage): every survey, newest first, paged, with how many were asked and answered.

A page is read in one statement (the page's surveys with their event's title and date, the total, and
each survey's counts) as plain rows of the columns the list shows, and kept under a change stamp
(core/stamps.py) of the tables it reads: every organiser's next view after a new survey, an opening or
closing, an invitation or a response reads it afresh, and the views in between send no query for it.
Nothing kept differs by viewer: dates are kept as stored and shown in each viewer's time zone.
"""

from datetime import datetime
from typing import Any, NamedTuple

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import SURVEY_STATUSES, Survey, SurveyInvitation, SurveyResponse
from softlanding.core import stamps
from softlanding.core.extensions import db

KIND = "surveys_desk"
TABLES = {"survey", "event", "survey_invitation", "survey_response"}
PER_PAGE = 20


class DeskRow(NamedTuple):
    """One survey as the desk lists it."""

    id: int
    title: str
    anonymous: bool
    purpose: str
    status: str
    open_on_event_end: bool
    opens_at: datetime | None
    closes_at: datetime | None
    event_title: str | None  # None: a group survey
    event_starts_at: datetime | None
    invited: int
    answered: int


class DeskPagination(Pagination):
    """A page of the desk from rows already read (the pager's attributes, no query of its own)."""

    def _query_items(self) -> list[Any]:
        return list(self._query_args["rows"])

    def _query_count(self) -> int:
        return int(self._query_args["total"])


def watch() -> None:
    """Declare the tables the desk's pages read (once, from the domain's register)."""
    stamps.watch(KIND, TABLES)


def _read_page(status: str, page: int, per_page: int) -> tuple[tuple[DeskRow, ...], int]:
    """(the page's rows, how many surveys match): one statement, a second only for a page past the end."""
    chosen = (select(Survey.id, Survey.title, Survey.anonymous, Survey.purpose, Survey.status,
                     Survey.open_on_event_end, Survey.opens_at, Survey.closes_at,
                     Event.title.label("event_title"), Event.starts_at.label("event_starts_at"),
                     func.count().over().label("total"))
              .outerjoin(Event, Event.id == Survey.event_id)
              .order_by(Survey.id.desc()).limit(per_page).offset((page - 1) * per_page))
    if status:
        chosen = chosen.where(Survey.status == status)
    shown = chosen.subquery("shown")
    # Counted for the page's surveys only, after the limit.
    invited = (select(func.count(SurveyInvitation.id)).where(SurveyInvitation.survey_id == shown.c.id)
               .scalar_subquery())
    answered = (select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == shown.c.id)
                .scalar_subquery())
    result = db.session.execute(select(*(c for c in shown.c if c.key != "total"), invited, answered, shown.c.total)
                                .order_by(shown.c.id.desc())).all()
    rows = tuple(DeskRow._make(row[:-1]) for row in result)
    if result:
        return rows, int(result[0][-1])
    count = select(func.count(Survey.id))
    if status:
        count = count.where(Survey.status == status)
    return rows, int(db.session.scalar(count) or 0) if page > 1 else 0


def desk_page(page: int, status: str = "", per_page: int = PER_PAGE) -> DeskPagination:
    """One page of the desk, optionally only the surveys of one status (draft, open, closed)."""
    status = status if status in SURVEY_STATUSES else ""
    rows, total = stamps.get_cache().value(KIND, f"{status}|{page}|{per_page}",
                                           lambda: _read_page(status, page, per_page))
    return DeskPagination(page=page, per_page=per_page, error_out=False, rows=rows, total=total)
