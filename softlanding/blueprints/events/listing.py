"""Finding events: the public listing with URL filters, 'My events', and the hosts' own list."""

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, String, cast, select
from sqlalchemy.orm import joinedload, lazyload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.access import hosted_clause, public_clause
from softlanding.blueprints.events.booking import counts_for, statuses_for
from softlanding.blueprints.events.models import EVENT_FORMATS, Booking, Event
from softlanding.blueprints.events.search import search_clause
from softlanding.core import reference
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


def listing_query(filters: Mapping[str, str], tz: str, now: datetime | None = None) -> Select[tuple[Event]]:
    """The SELECT for published (and publicly cancelled) events matching the filters."""
    now = now or utcnow()
    stmt = select(Event).where(public_clause())
    if filters.get("category"):
        stmt = stmt.where(Event.category == filters["category"])
    if filters.get("exam"):
        stmt = stmt.where(Event.exam_component == filters["exam"])
    if filters.get("level"):
        stmt = stmt.where(Event.interview_level == filters["level"])
    if filters.get("format"):
        stmt = stmt.where(Event.format == filters["format"])
    if filters.get("stage"):
        # JSON list of codes stored as text on both databases; codes are checked against the list.
        stmt = stmt.where(cast(Event.career_stages, String).like(f'%"{filters["stage"]}"%'))
    if filters.get("month"):
        start, end = _month_range(filters["month"], tz)
        stmt = stmt.where(Event.starts_at >= start, Event.starts_at < end)
    if filters.get("q"):
        stmt = stmt.where(search_clause(filters["q"]))
    if filters.get("when") == "past":
        stmt = stmt.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        stmt = stmt.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    # Cards show the host's name only: load it with the event, leave the other relations alone.
    return stmt.options(joinedload(Event.host).joinedload(User.profile), lazyload(Event.cohosts),
                        lazyload(Event.slots), lazyload(Event.resources))


class EventPage(NamedTuple):
    """A page of events with, per event id on the page, places booked and the viewer's booking status."""

    pagination: Pagination
    counts: dict[int, int]
    statuses: dict[int, str]


def list_events(filters: Mapping[str, str], viewer: Any, tz: str, page: int, per_page: int,
                now: datetime | None = None) -> EventPage:
    """A page of events plus {event_id: places booked} and {event_id: viewer's status}."""
    pagination = db.paginate(listing_query(filters, tz, now), page=page, per_page=per_page, error_out=False)
    ids = [e.id for e in pagination.items]
    return EventPage(pagination, counts_for(ids), statuses_for(viewer, ids))


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


def hosted_events(user: User, page: int = 1, per_page: int = 20, review: bool = False) -> Pagination:
    """Events this person hosts or co-hosts (any status); with review=True, those awaiting review."""
    stmt = select(Event).options(joinedload(Event.host).joinedload(User.profile), lazyload(Event.slots),
                                 lazyload(Event.resources))
    if review:
        stmt = stmt.where(Event.status == "submitted").order_by(Event.starts_at)
    else:
        stmt = stmt.where(hosted_clause(user.id)).order_by(Event.starts_at.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def month_choices(tz: str, now: datetime | None = None, ahead: int = 12, behind: int = 12) -> list[tuple[str, str]]:
    """(YYYY-MM, 'Month YYYY') around now, for the month filter."""
    now = (now or utcnow()).astimezone(ZoneInfo(tz))
    first = datetime(now.year, now.month, 1)
    months = []
    for offset in range(-behind, ahead + 1):
        index = first.year * 12 + first.month - 1 + offset
        d = datetime(index // 12, index % 12 + 1, 1)
        months.append((d.strftime("%Y-%m"), d.strftime("%B %Y")))
    return months

