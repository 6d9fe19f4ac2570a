"""The events desk: every event in one table with its figures, filtered, sorted, paged and as CSV.

Booked, waitlisted and attended counts are correlated subqueries in the one SELECT, so the table sorts on
them in SQL and a page costs the same number of queries whatever its length. Survey responses and the mean
overall rating come from the feedback domain's public counting function, for the events on the page."""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, lazyload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.events.search import search_clause
from softlanding.blueprints.feedback import comparisons as feedback_comparisons
from softlanding.core import reference
from softlanding.core.extensions import db
from softlanding.lib.csvsafe import local_datetime, write_csv

STATUS_LABELS = {"draft": "Draft", "submitted": "Waiting for review", "published": "Published",
                 "cancelled": "Cancelled"}


def _count(status: str | None = None, attended: bool = False):
    stmt = select(func.count(Booking.id)).where(Booking.event_id == Event.id)
    if attended:
        stmt = stmt.where(Booking.status == "booked", Booking.attended.is_(True))
    else:
        stmt = stmt.where(Booking.status == status)
    return stmt.correlate(Event).scalar_subquery()


BOOKED, WAITLISTED, ATTENDED = _count("booked"), _count("waitlisted"), _count(attended=True)
SORTS: dict[str, Any] = {"starts": Event.starts_at, "title": func.lower(Event.title), "status": Event.status,
                         "category": Event.category, "host": func.lower(User.full_name), "places": Event.capacity,
                         "booked": BOOKED, "waitlisted": WAITLISTED, "attended": ATTENDED}


class DeskRow(NamedTuple):
    """One event with its figures."""

    event: Event
    booked: int
    waitlisted: int
    attended: int
    responses: int
    mean_rating: float | None


def _date(value: str) -> date | None:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if 2000 <= parsed.year <= 2100 else None


def parse_filters(args: Mapping[str, str]) -> dict[str, Any]:
    """Filters and sort from the query string; anything unknown is ignored, never an error."""
    filters: dict[str, Any] = {}
    if args.get("status") in STATUS_LABELS:
        filters["status"] = args["status"]
    if (category := args.get("category", "")) and category in reference.labels("event_category"):
        filters["category"] = category
    for key in ("from", "to"):
        if (day := _date(args.get(key, ""))) is not None:
            filters[key] = day
    for key in ("host", "q"):
        if text := (args.get(key) or "").strip()[:100]:
            filters[key] = text
    filters["sort"] = args.get("sort") if args.get("sort") in SORTS else "starts"
    filters["dir"] = "asc" if args.get("dir") == "asc" else "desc"
    return filters


def _filtered(stmt: Select[Any], filters: Mapping[str, Any], tz: str) -> Select[Any]:
    zone = ZoneInfo(tz)
    stmt = stmt.join(User, User.id == Event.host_id)
    if filters.get("status"):
        stmt = stmt.where(Event.status == filters["status"])
    if filters.get("category"):
        stmt = stmt.where(Event.category == filters["category"])
    if filters.get("from"):
        stmt = stmt.where(Event.starts_at >= datetime.combine(filters["from"], time(0), tzinfo=zone))
    if filters.get("to"):
        stmt = stmt.where(Event.starts_at < datetime.combine(filters["to"] + timedelta(days=1), time(0), tzinfo=zone))
    if filters.get("host"):
        like = "%" + filters["host"].lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(func.lower(User.full_name).like(like, escape="\\"))
    if filters.get("q"):
        stmt = stmt.where(search_clause(filters["q"]))
    return stmt


def desk_query(filters: Mapping[str, Any], tz: str) -> Select[Any]:
    """Events with booked, waitlisted and attended counts, filtered and sorted."""
    stmt = _filtered(select(Event, BOOKED.label("booked"), WAITLISTED.label("waitlisted"),
                            ATTENDED.label("attended")), filters, tz)
    stmt = stmt.options(joinedload(Event.host).joinedload(User.profile), lazyload(Event.cohosts),
                        lazyload(Event.slots), lazyload(Event.resources))
    column = SORTS[filters.get("sort", "starts")]
    order = column.asc() if filters.get("dir") == "asc" else column.desc()
    return stmt.order_by(order.nulls_last(), Event.starts_at.desc(), Event.id.desc())


def _ratings(event_ids: list[int]) -> dict[int, tuple[int, float | None]]:
    """{event_id: (rated responses, mean overall rating)} from the feedback domain."""
    if not event_ids:
        return {}
    totals: dict[int, list[int]] = {}
    for event_id, _title, _category, _starts, rating, n in feedback_comparisons.overall_counts(event_ids):
        entry = totals.setdefault(event_id, [0, 0])
        entry[0] += n
        entry[1] += rating * n
    # As the survey results do: no mean from fewer responses than an anonymous survey needs before it
    # shows anything, so a mean never reveals one person's rating.
    least = current_app.config.get("ANONYMOUS_MIN_AUDIENCE", 8)
    return {k: (n, round(s / n, 2) if n >= least else None) for k, (n, s) in totals.items()}


def _rows(results) -> list[DeskRow]:
    results = list(results)
    ratings = _ratings([r[0].id for r in results])
    return [DeskRow(r[0], r[1], r[2], r[3], *ratings.get(r[0].id, (0, None))) for r in results]


class Paging:
    """What the pager needs (the rows are tuples with counts, which db.paginate would reduce to events)."""

    def __init__(self, page: int, per_page: int, total: int):
        self.total = total
        self.pages = max(1, -(-total // per_page))
        self.page = min(max(1, page), self.pages)
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num, self.next_num = self.page - 1, self.page + 1


class DeskPage(NamedTuple):
    """A page of the desk."""

    pagination: Paging
    rows: list[DeskRow]


def desk_page(filters: Mapping[str, Any], tz: str, page: int, per_page: int) -> DeskPage:
    """One page of the desk table: a count, the rows, the ratings of the page's events."""
    stmt = desk_query(filters, tz)
    total = db.session.scalar(_filtered(select(func.count(Event.id)), filters, tz)) or 0
    paging = Paging(page, per_page, total)
    return DeskPage(paging, _rows(db.session.execute(stmt.limit(per_page).offset((paging.page - 1) * per_page))))


def desk_csv(filters: Mapping[str, Any], tz: str) -> str:
    """The whole filtered table as CSV: labels, local times with the zone in the header.

    Plain columns, not Event objects: building thousands of ORM rows (JSON columns and all) cost more than
    the query itself."""
    categories = reference.labels("event_category")
    stmt = _filtered(select(Event.id, Event.title, Event.status, Event.category, Event.starts_at, Event.ends_at,
                            User.full_name, Event.capacity, BOOKED, WAITLISTED, ATTENDED), filters, tz)
    column = SORTS[filters.get("sort", "starts")]
    order = column.asc() if filters.get("dir") == "asc" else column.desc()
    results = db.session.execute(stmt.order_by(order.nulls_last(), Event.starts_at.desc(), Event.id.desc())).all()
    ratings = _ratings([r[0] for r in results])
    rows = []
    for event_id, title, status, category, starts, ends, host, capacity, booked, waitlisted, attended in results:
        responses, mean = ratings.get(event_id, (0, None))
        rows.append([title, STATUS_LABELS.get(status, status), categories.get(category, category),
                     local_datetime(starts, tz), local_datetime(ends, tz), host,
                     "" if capacity is None else capacity, booked, waitlisted, attended,
                     responses, "" if mean is None else mean])
    return write_csv(rows, header=["Event", "State", "Category", f"Starts ({tz})", f"Ends ({tz})", "Host",
                                   "Places", "Booked", "Waitlisted", "Attended", "Survey responses",
                                   "Mean rating (1 to 5)"])
