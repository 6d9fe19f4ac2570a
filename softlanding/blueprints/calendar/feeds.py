"""Calendar files and feeds: events as iCalendar, feed validators, personal feed tokens.

The renderer (softlanding/calendar) sees plain data only; this module picks the events, turns rows
into that data and computes cheap validators so a feed that has not changed is never rebuilt.
Join links are never put in any calendar output (see personal_feed_bytes for why).
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import case, func, or_, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.calendar.models import CalendarFeedToken
from softlanding.blueprints.events.access import can_manage, hosted_clause, is_public, public_clause
from softlanding.blueprints.events.models import Booking, Event
from softlanding.core import reference
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound
from softlanding.core.extensions import db
from softlanding.lib.ical import CalendarEvent, render_event, render_feed
from softlanding.lib.sanitize import html_to_text

FEED_PAST = timedelta(weeks=8)  # feeds hold upcoming events and those of the last 8 weeks
FORMAT_VERSION = "1"  # part of every ETag: bump when the output's shape changes
EVENT_PATH = "/events/{id}"  # the events area's page (endpoint events.detail)
IN_PERSON = ("in_person", "hybrid")
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

# Only the columns the calendar shows: feeds of thousands of events skip the ORM's relationships.
COLUMNS = (Event.id, Event.title, Event.description_html, Event.starts_at, Event.ends_at,
           Event.timezone, Event.format, Event.venue, Event.sequence, Event.status,
           Event.cancel_reason, Event.updated_at)


@dataclass(frozen=True)
class FeedState:
    """What a conditional request is answered from, without building the calendar."""

    etag: str
    last_modified: datetime | None
    weak: bool = False


def _config(name):
    return current_app.config[name]


def event_url(event_id: int) -> str:
    """The event page's public address, from BASE_URL (never the request's host)."""
    return _config("BASE_URL").rstrip("/") + EVENT_PATH.format(id=event_id)


def event_uid(event_id: int) -> str:
    """The UID of an event, the same for its whole life."""
    return f"event-{event_id}@{_config('CALENDAR_UID_DOMAIN')}"


def _description(row):
    parts = []
    if row.status == "cancelled":
        reason = (row.cancel_reason or "").strip()
        parts.append(f"CANCELLED: {reason}" if reason else "CANCELLED")
    text = html_to_text(row.description_html)
    if text:
        parts.append(text)
    if row.format in ("online", "hybrid"):
        parts.append("Online: booked attendees find the joining link on the event page.")
    parts.append(f"Event page: {event_url(row.id)}")
    return "\n\n".join(parts)


def calendar_item(row: Any, dtstamp: datetime | None = None) -> CalendarEvent:
    """Plain calendar data for an Event (or a row with the same columns); never the join link."""
    return CalendarEvent(
        uid=event_uid(row.id), summary=row.title, starts_at=row.starts_at, ends_at=row.ends_at,
        tzid=row.timezone or _config("DEFAULT_TIMEZONE"), sequence=row.sequence or 0,
        status="cancelled" if row.status == "cancelled" else "confirmed",
        last_modified=row.updated_at, dtstamp=dtstamp or row.updated_at,
        description_text=_description(row), url=event_url(row.id),
        location=row.venue if row.format in IN_PERSON else "",
    )


def event_calendar_bytes(event: Event, method: str = "PUBLISH", now: datetime | None = None) -> bytes:
    """One event as an .ics file (one VEVENT, METHOD:PUBLISH or METHOD:CANCEL, no calendar name)."""
    organizer = (_config("PLATFORM_NAME"), _config("MAIL_FROM"))
    return render_event(calendar_item(event, dtstamp=now or utcnow()), method=method,
                        organizer=organizer)


def downloadable_event(event_id: int, viewer: Any) -> Event:
    """The event for its .ics download: public ones for all, drafts only for hosts and organisers."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound("No such event.")
    if not (is_public(event) or can_manage(viewer, event)):
        raise NotFound("No such event.")
    return event


def event_state(event: Event) -> FeedState:
    """Validator for one event's download (weak: its DTSTAMP is the time of the download)."""
    digest = _digest(FORMAT_VERSION, "event", event.id, event.sequence, event.status,
                     event.updated_at.isoformat(), _config("BASE_URL"), _config("CALENDAR_UID_DOMAIN"))
    return FeedState(etag=digest, last_modified=event.updated_at, weak=True)


def category_label(category: str | None) -> str:
    """The label of a feed's category; an unknown code is a 404, not an empty calendar."""
    labels = reference.labels("event_category")
    if category not in labels:
        raise NotFound("No such category.")
    return labels[category]


def _window(stmt, now):
    return stmt.where(Event.ends_at >= now - FEED_PAST)


def _digest(*parts):
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _state(scope, name, now, extra_times=()):
    """Count, id and sequence sums and the newest change of the events in `scope` (one query, two if any
    row is stamped in the future).

    Never from future timestamps: a row whose updated_at is ahead of the clock (a skewed host, an import)
    would otherwise stay the newest change and hide every later one. Such rows are left out of the newest
    change and Last-Modified, and go into the ETag one by one instead.
    """
    visible = public_clause()
    cutoff = now - FEED_PAST
    stmt = scope(select(
        func.count(case((visible & (Event.ends_at >= cutoff), Event.id))),
        func.sum(case((visible & (Event.ends_at >= cutoff), Event.id))),
        func.sum(case((visible & (Event.ends_at >= cutoff), Event.sequence))),
        # Every event in or near the window, whatever its status, so un-publishing one counts as a change.
        func.max(case(((Event.ends_at >= cutoff) & (Event.updated_at <= now), Event.updated_at))),
        # The newest event that has left the window: the feed changed when it left.
        func.max(case((visible & (Event.ends_at < cutoff), Event.ends_at))),
        func.count(case(((Event.ends_at >= cutoff) & (Event.updated_at > now), Event.id))),
    ))
    count, id_sum, seq_sum, newest, left, ahead = db.session.execute(stmt).one()
    future: list[Any] = []
    if ahead:
        future = [tuple(row) for row in db.session.execute(scope(
            select(Event.id, Event.updated_at, Event.sequence, Event.status)
            .where(Event.ends_at >= cutoff, Event.updated_at > now).order_by(Event.id)))]
    future += sorted(t.isoformat() for t in extra_times if t and t > now)
    times = [t for t in (newest, left + FEED_PAST if left else None, *extra_times) if t and t <= now]
    last_modified = max(times) if times else None
    etag = _digest(FORMAT_VERSION, name, count, id_sum, seq_sum, last_modified and last_modified.isoformat(),
                   future, _config("BASE_URL"), _config("CALENDAR_UID_DOMAIN"))
    return FeedState(etag=etag, last_modified=last_modified)


def _rows(scope, now):
    stmt = scope(_window(select(*COLUMNS).where(public_clause()), now))
    return db.session.execute(stmt.order_by(Event.starts_at, Event.id)).all()


def _public_scope(category):
    def scope(stmt):
        return stmt.where(Event.category == category) if category else stmt
    return scope


def public_feed_name(category: str | None = None) -> str:
    """The calendar name shown in calendar apps for the public feed (or one category's)."""
    name = f"{_config('PLATFORM_NAME')} events"
    return f"{name}: {category_label(category)}" if category else name


def public_feed_state(category: str | None = None, now: datetime | None = None) -> FeedState:
    """The public feed's validator, from one aggregate query."""
    return _state(_public_scope(category), public_feed_name(category), now or utcnow())


def public_feed_bytes(category: str | None = None, now: datetime | None = None) -> bytes:
    """The public feed: published and cancelled events, upcoming and of the last 8 weeks."""
    now = now or utcnow()
    rows = _rows(_public_scope(category), now)
    return render_feed([calendar_item(r) for r in rows], name=public_feed_name(category),
                       description="Webinars, workshops and mock interviews for IMG paediatricians.")


# Personal feeds ---------------------------------------------------------------------------------

def _personal_scope(user_id):
    booked = select(Booking.event_id).where(Booking.user_id == user_id, Booking.status == "booked")

    def scope(stmt):
        return stmt.where(or_(Event.id.in_(booked), hosted_clause(user_id)))
    return scope


def personal_feed_name() -> str:
    """The calendar name of a personal feed."""
    return f"{_config('PLATFORM_NAME')}: my events"


def personal_feed_state(user: User, now: datetime | None = None) -> FeedState:
    """The personal feed's validator: its events' changes and the person's booking changes."""
    times = db.session.execute(select(
        func.max(Booking.created_at), func.max(Booking.promoted_at), func.max(Booking.cancelled_at),
    ).where(Booking.user_id == user.id)).one()
    return _state(_personal_scope(user.id), f"personal-{user.id}", now or utcnow(), extra_times=times)


def personal_feed_bytes(user: User, now: datetime | None = None) -> bytes:
    """Events the person is booked on (not waitlisted) or hosts, upcoming and of the last 8 weeks.

    No join link even here: the address works without signing in and calendar apps sync it to
    other devices and share it, while the event page shows the link to the signed-in attendee only
    from a set time before the start.
    """
    rows = _rows(_personal_scope(user.id), now or utcnow())
    return render_feed([calendar_item(r) for r in rows], name=personal_feed_name(),
                       description="The Soft Landing events you are booked on or host.")


def feed_token(user: User) -> str | None:
    """The person's current feed token, or None before they ask for an address."""
    return db.session.scalar(select(CalendarFeedToken.token).where(CalendarFeedToken.user_id == user.id))


def reset_feed_token(user: User) -> str:
    """Give the person a new unguessable feed address; the old one stops working at once."""
    row = db.session.scalar(select(CalendarFeedToken).where(CalendarFeedToken.user_id == user.id))
    if row is None:
        row = CalendarFeedToken(user_id=user.id)
        db.session.add(row)
    row.token = secrets.token_urlsafe(32)
    row.created_at = utcnow()
    db.session.flush()
    return row.token


def user_for_feed_token(token: str) -> User:
    """The owner of a feed token; unknown or malformed tokens are a 404."""
    if not token or not _TOKEN_RE.match(token):
        raise NotFound("No such calendar.")
    row = db.session.scalar(select(CalendarFeedToken).where(CalendarFeedToken.token == token))
    if row is None or not row.user.is_active:
        raise NotFound("No such calendar.")
    return row.user
