"""Finding events: the public listing with URL filters and 'My events' (the hosts' own list is manage.py's)."""

import functools
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.orm import joinedload, lazyload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.access import public_clause
from softlanding.blueprints.events.models import EVENT_FORMATS, Booking, Event
from softlanding.blueprints.events.search import Term, _is_postgresql, host_names, search_terms, terms_clause
from softlanding.core import reference, stamps
from softlanding.core.converters import sane_year
from softlanding.core.db import utcnow
from softlanding.core.extensions import db

FILTER_LISTS = {"category": "event_category", "exam": "mrcpch_component", "level": "interview_level",
                "stage": "career_stage"}
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_filters(args: Mapping[str, str]) -> dict[str, str]:
    """The listing's filters from the query string; unknown values are ignored, never an error."""
    filters: dict[str, str] = {}
    for key, kind in FILTER_LISTS.items():
        value = args.get(key, "")
        if value and value in reference.labels(kind):
            filters[key] = value
    if args.get("format") in EVENT_FORMATS:
        filters["format"] = args["format"]
    month = _MONTH.match(args.get("month", ""))
    if month and sane_year(int(month.group(1))):
        filters["month"] = args["month"]
    q = (args.get("q") or "").strip()[:100]
    if q:
        filters["q"] = q
    filters["when"] = "past" if args.get("when") == "past" else "upcoming"
    return filters


def _month_range(month, tz):
    year, mon = int(month[:4]), int(month[5:])
    zone = ZoneInfo(tz)
    start = datetime(year, mon, 1, tzinfo=zone)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=zone)
    return start, end


def _public_where(filters: Mapping[str, str], tz: str, now: datetime | BindParameter[datetime], timed: bool = True,
                  terms: tuple[Term, ...] | None = None) -> list[ColumnElement[bool]]:
    """The WHERE terms for published (and publicly cancelled) events matching the filters (and, when
    `timed`, upcoming or past as of `now`, a time or a bound parameter); `terms` are the search's words
    as search_terms() resolved them (resolved here when not given)."""
    where: list[ColumnElement[bool]] = [public_clause()]
    if filters.get("category"):
        where.append(Event.category == filters["category"])
    if filters.get("exam"):
        where.append(Event.exam_component == filters["exam"])
    if filters.get("level"):
        where.append(Event.interview_level == filters["level"])
    if filters.get("format"):
        where.append(Event.format == filters["format"])
    if filters.get("stage"):
        # JSON list of codes stored as text on both databases; codes are checked against the list.
        where.append(cast(Event.career_stages, String).like(f'%"{filters["stage"]}"%'))
    if filters.get("month"):
        start, end = _month_range(filters["month"], tz)
        where += [Event.starts_at >= start, Event.starts_at < end]
    if filters.get("q"):
        clause = terms_clause(search_terms(filters["q"], filters) if terms is None else terms, _is_postgresql())
        if clause is not None:
            where.append(clause)
    if timed:
        where.append(Event.ends_at < now if filters.get("when") == "past" else Event.ends_at >= now)
    return where


def _order(filters: Mapping[str, str]) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    if filters.get("when") == "past":
        return Event.starts_at.desc(), Event.id.desc()
    return Event.starts_at.asc(), Event.id.asc()


def _all_on_first_page(pagination: Pagination) -> bool:
    """A first page with room to spare holds the whole list: its length is the total, no count needed."""
    return pagination.page == 1 and len(pagination.items) < pagination.per_page


class CardPagination(Pagination):
    """A page of listing cards: the page's ids are found on the (partial, covering) index first and only
    those rows are read and their places counted, so a deep page costs what the first one does."""

    def _query_items(self) -> list[Any]:
        args = self._query_args
        stmt = _card_statement(args["filters"], args["tz"], args["terms"], args["viewer_id"] is not None,
                               self.per_page)
        params = {"listing_now": args["now"] or utcnow(), "listing_offset": self._query_offset,
                  "listing_viewer": args["viewer_id"]}
        rows = db.session.execute(stmt, params).all()
        names = host_names({row.host_id for row in rows})
        return [Card._make((*row[:-3], names[row.host_id], row.booked, row.mine)) for row in rows]

    def _query_count(self) -> int:
        if _all_on_first_page(self):
            return len(self.items)
        args = self._query_args
        if args["now"] is not None:  # a listing as of another time (tests, previews): counted, never kept
            return _count(args["filters"], args["tz"], args["now"])[0]
        key = repr((sorted(args["filters"].items()), args["tz"]))
        total, _ = stamps.get_cache().value(COUNT_KIND, key, lambda: _count(args["filters"], args["tz"], utcnow()),
                                            max_age=_seconds_valid)
        return total


# The pager's total is kept per filter set until an event, a host's name or a list changes, or until the
# soonest end among the matching events not yet over: then an event moves from upcoming to past.
COUNT_KIND = "event_listing_count"
COUNT_TABLES = {"event", "event_host", "user", "profile", "ref_option"}


def _count(filters: Mapping[str, str], tz: str, now: datetime) -> tuple[int, datetime | None]:
    """(events matching the filters as of `now`, the soonest end among matching events not over at `now`).

    A count of its own, not a window over the page's query: SQLite would then sort every matching row.
    """
    where = _public_where(filters, tz, now, timed=False)
    shown = Event.ends_at < now if filters.get("when") == "past" else Event.ends_at >= now
    stmt = select(func.count(case((shown, 1))),
                  func.min(case((Event.ends_at >= now, Event.ends_at)), type_=Event.ends_at.type)).where(*where)
    total, next_end = db.session.execute(stmt).one()
    return int(total), next_end


def _seconds_valid(kept: tuple[int, datetime | None]) -> float:
    next_end = kept[1]
    return 3600.0 if next_end is None else max(0.0, (next_end - utcnow()).total_seconds())


# Built statements of the card query, one per filter set (values included), search terms and page size:
# building one costs more than running it (SQLAlchemy's constructs and their cache key, ~0.7 ms a page),
# and the listing asks the same few again and again. The time, the page's offset and the viewer are bound
# parameters, so a kept statement holds no value that changes between requests and nothing of a person.
_STATEMENTS: dict[tuple[Any, ...], Select[Any]] = {}
_STATEMENTS_KEPT = 256


def _card_statement(filters: Mapping[str, str], tz: str, terms: tuple[Term, ...], signed_in: bool,
                    per_page: int) -> Select[Any]:
    """The card query for this filter set, built once per process."""
    key = (_is_postgresql(), tuple(sorted(filters.items())), tz, terms, signed_in, per_page)
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        if len(_STATEMENTS) >= _STATEMENTS_KEPT:
            _STATEMENTS.clear()
        stmt = _STATEMENTS[key] = _build_card_statement(filters, tz, terms, signed_in, per_page)
    return stmt


def _build_card_statement(filters: Mapping[str, str], tz: str, terms: tuple[Term, ...], signed_in: bool,
                          per_page: int) -> Select[Any]:
    now = bindparam("listing_now", type_=Event.ends_at.type)
    where = _public_where(filters, tz, now, terms=terms)
    page_ids = (select(Event.id).where(*where).order_by(*_order(filters))
                .limit(per_page).offset(bindparam("listing_offset", type_=Integer)).subquery())
    booked = (select(func.count(Booking.id)).where(Booking.event_id == Event.id, Booking.status == "booked")
              .correlate(Event).scalar_subquery())
    # At most one row: (event_id, user_id) is unique; a cancelled booking shows as no booking.
    mine = (select(Booking.status).where(Booking.event_id == Event.id,
                                         Booking.user_id == bindparam("listing_viewer", type_=Integer),
                                         Booking.status != "cancelled").correlate(Event).scalar_subquery()
            if signed_in else literal(None, String))
    # No join to the host's account and profile for their name: the hosts' names are kept (host_names),
    # and the two joins cost PostgreSQL more to plan and run than the rest of the query (0.5 of 0.9 ms).
    return (select(*CARD_COLUMNS, Event.host_id, booked.label("booked"), mine.label("mine"))
            .join(page_ids, page_ids.c.id == Event.id).order_by(*_order(filters)))


# What a card shows, and nothing else (no description, join link or relations).
CARD_COLUMNS = (Event.id, Event.title, Event.category, Event.exam_component, Event.interview_level,
                Event.starts_at, Event.format, Event.venue, Event.capacity, Event.status)


class Card(NamedTuple):
    """One listing card: the card's columns, the host's name as members see it, the places taken and the
    viewer's live booking status (None when none, or signed out)."""

    id: int
    title: str
    category: str
    exam_component: str | None
    interview_level: str | None
    starts_at: datetime
    format: str
    venue: str
    capacity: int | None
    status: str
    host_name: str
    booked: int
    mine: str | None


def list_events(filters: Mapping[str, str], viewer: Any, tz: str, page: int, per_page: int,
                now: datetime | None = None) -> CardPagination:
    """A page of listing cards (Card: the card's columns, host_name, booked places and mine, the viewer's
    live booking status or None), in two queries whatever the page size (the page, and the pager's count
    when it is not kept); the hosts' names come from their kept list."""
    viewer_id = viewer.id if viewer is not None and getattr(viewer, "is_authenticated", False) else None
    terms = search_terms(filters["q"], filters) if filters.get("q") else ()
    return CardPagination(page=page, per_page=per_page, error_out=False, filters=filters, viewer_id=viewer_id,
                          terms=terms, tz=tz, now=now)


def my_bookings(user: User, now: datetime | None = None, past: bool = False, page: int = 1,
                per_page: int = 20) -> Pagination:
    """A page of the user's live bookings: upcoming soonest first, or past latest first."""
    now = now or utcnow()
    stmt = (select(Booking).join(Event, Event.id == Booking.event_id)
            .options(joinedload(Booking.event).joinedload(Event.host).joinedload(User.profile),
                     lazyload(Booking.user))
            .where(Booking.user_id == user.id, Booking.status != "cancelled"))
    if past:
        stmt = stmt.where(Event.ends_at < now).order_by(Event.starts_at.desc())
    else:
        stmt = stmt.where(Event.ends_at >= now).order_by(Event.starts_at)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """{filter: [(code, label), ...]}: the active options of each filter's list in their order (the
    reference lists are kept under their change stamp, so this reads nothing on most requests)."""
    return {key: reference.choices(kind) for key, kind in FILTER_LISTS.items()}


def month_choices(tz: str, now: datetime | None = None, ahead: int = 12, behind: int = 12) -> tuple[tuple[str, str], ...]:
    """(YYYY-MM, 'Month YYYY') around now, for the month filter."""
    now = (now or utcnow()).astimezone(ZoneInfo(tz))
    return _months(now.year, now.month, ahead, behind)


@functools.lru_cache(maxsize=64)
def _months(year: int, month: int, ahead: int, behind: int) -> tuple[tuple[str, str], ...]:
    # The same 25 months for every request of a month: made once (50 strftime calls a page otherwise).
    months = []
    for offset in range(-behind, ahead + 1):
        index = year * 12 + month - 1 + offset
        d = datetime(index // 12, index % 12 + 1, 1)
        months.append((d.strftime("%Y-%m"), d.strftime("%B %Y")))
    return tuple(months)
