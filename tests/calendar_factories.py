"""Event rows for the calendar tests, made directly through the models (no events services)."""

import itertools
from datetime import UTC, datetime, timedelta

from softlanding.blueprints.events.models import Booking, Event, EventHost
from softlanding.core.extensions import db
from softlanding.core.models import RefOption

from .factories import make_user

_seq = itertools.count(1)


def ensure_category(code="arcp", label="ARCP"):
    """Make sure a category exists in the reference list (the events area ships the real list)."""
    found = db.session.scalar(db.select(RefOption).where(RefOption.kind == "event_category",
                                                         RefOption.code == code))
    if found is None:
        db.session.add(RefOption(kind="event_category", code=code, label=label, group="", position=99))
        db.session.flush()
    return code


def make_event(host=None, status="published", starts_at=None, hours=1, category="arcp", **fields):
    """An event (published by default) starting in a week unless `starts_at` is given.

    `host` may be a user or a user id (e.g. `client.user_id` from login_as)."""
    n = next(_seq)
    host_id = host if isinstance(host, int) else (host or make_user(role="rep")).id
    starts_at = starts_at or datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    ensure_category(category)
    values = dict(title=f"Webinar {n}", category=category, description_html="<p>About the event.</p>",
                  starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours),
                  timezone="Europe/London", format="online", venue="",
                  join_link="https://meet.example.org/secret-room-42", status=status, host_id=host_id)
    if status in ("published", "cancelled"):
        values["published_at"] = datetime.now(UTC)
    values.update(fields)
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def _id(user):
    return user if isinstance(user, int) else user.id


def add_cohost(event, user):
    """Make `user` (a user or an id) a co-host of `event`."""
    db.session.add(EventHost(event_id=event.id, user_id=_id(user)))
    db.session.flush()


def book(event, user, status="booked"):
    """A booking (or waitlist place) for `user` (a user or an id) on `event`."""
    booking = Booking(event_id=event.id, user_id=_id(user), status=status)
    db.session.add(booking)
    db.session.flush()
    return booking


def commit_ids(*objects):
    """Commit and return the objects' ids, read first: touching an expired row after the commit
    would open a new (write-locking, on SQLite) transaction while requests run."""
    ids = [obj.id for obj in objects]
    db.session.commit()
    return ids if len(ids) != 1 else ids[0]
