"""Events, co-hosts, bookings and interview slots as real rows, made through the models (no events services)."""

import itertools
from datetime import UTC, datetime, timedelta

from softlanding.blueprints.events.models import Booking, Event, EventHost, InterviewSlot
from softlanding.core.extensions import db
from softlanding.core.models import RefOption

from .accounts import make_user

_seq = itertools.count(1)
JOIN_LINK = "https://meet.example.org/secret-room-42"


def _id(user):
    """A user's id, given the user or the id itself (e.g. `client.user_id` from login_as)."""
    return user if isinstance(user, int) else user.id


def ensure_category(code="arcp", label=None):
    """Make sure a category exists in the reference list (the events area ships the real list)."""
    found = db.session.scalar(db.select(RefOption).where(RefOption.kind == "event_category",
                                                         RefOption.code == code))
    if found is None:
        db.session.add(RefOption(kind="event_category", code=code, label=label or code.replace("_", " ").title(),
                                 group="", position=99))
        db.session.flush()
    return code


def make_event(host=None, status="published", *, title=None, category="arcp", starts_at=None, starts_in=None,
               days_ago=None, hours=1.5, cohost=None, mwres=None, **fields):
    """An event (published by default), any model field overridable through `fields`.

    When it starts: `starts_at` (a datetime), else `starts_in` from now (a timedelta, negative: in the
    past), else so that it ended half an hour before `days_ago` days ago (negative: in the future), else a
    week from now. It lasts `hours`. `host` and `cohost` may be users or user ids (a new rep hosts if no
    host is given). Published and cancelled events get `published_at` unless it is given."""
    n = next(_seq)
    host_id = _id(host) if host is not None else make_user(role="rep").id
    now = datetime.now(UTC).replace(microsecond=0)
    if starts_at is None:
        if starts_in is None:
            starts_in = -timedelta(days=days_ago, hours=2) if days_ago is not None else timedelta(days=7)
        starts_at = (datetime.now(UTC) + starts_in).replace(microsecond=0)
    ensure_category(category)
    values = {"title": title or f"Webinar {n}", "category": category, "description_html": "<p>About the event.</p>",
              "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=hours), "timezone": "Europe/London",
              "format": "online", "venue": "", "join_link": JOIN_LINK, "status": status, "host_id": host_id,
              "mwres_indicators": list(mwres or [])}
    if status in ("published", "cancelled"):
        values["published_at"] = now
    values.update(fields)
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    if cohost is not None:
        add_cohost(event, cohost)
    return event


def add_cohost(event, user):
    """Make `user` (a user or an id) a co-host of `event`."""
    db.session.add(EventHost(event_id=event.id, user_id=_id(user)))
    db.session.flush()


def make_booking(event, user=None, status="booked", **fields):
    """A booking (or waitlist place) for `user` (a user or an id; a new newcomer if not given) on `event`;
    other Booking fields (e.g. attended=True) through `fields`."""
    user_id = _id(user) if user is not None else make_user().id
    booking = Booking(event_id=event.id, user_id=user_id, status=status, **fields)
    db.session.add(booking)
    db.session.flush()
    return booking


def make_slot(event, interviewer=None, starts_in=timedelta(days=7), booked_by=None, minutes=30):
    """An interview slot on `event`."""
    interviewer = interviewer or make_user(role="rep")
    slot = InterviewSlot(event_id=event.id, interviewer_id=interviewer.id,
                         starts_at=(datetime.now(UTC) + starts_in).replace(microsecond=0),
                         length_minutes=minutes, booked_by_id=booked_by.id if booked_by else None)
    db.session.add(slot)
    db.session.flush()
    return slot


def commit_ids(*objects):
    """Commit and return the objects' ids, read first: touching an expired row after the commit
    would open a new (write-locking, on SQLite) transaction while requests run."""
    ids = [obj.id for obj in objects]
    db.session.commit()
    return ids if len(ids) != 1 else ids[0]
