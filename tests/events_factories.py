"""Factories for the events tests: events and bookings as real rows."""

import itertools
from datetime import UTC, datetime, timedelta

from softlanding.blueprints.events.models import Booking, Event, InterviewSlot
from softlanding.core.extensions import db

from .factories import make_user

_seq = itertools.count(1)


def make_event(host=None, status="published", starts_in=timedelta(days=7), hours=1.5, **fields):
    """An event starting `starts_in` from now (negative: in the past)."""
    host = host or make_user(role="rep")
    start = (datetime.now(UTC) + starts_in).replace(microsecond=0)
    values = {"title": f"Webinar {next(_seq)}", "category": "arcp", "description_html": "<p>About ARCP.</p>",
              "starts_at": start, "ends_at": start + timedelta(hours=hours), "timezone": "Europe/London",
              "format": "online", "join_link": "https://meet.example.org/abc", "status": status}
    values.update(fields)
    if status in ("published", "cancelled") and "published_at" not in values:
        values["published_at"] = datetime.now(UTC)
    event = Event(host_id=host.id, **values)
    db.session.add(event)
    db.session.flush()
    return event


def make_booking(event, user=None, status="booked", **fields):
    """A booking row for `user` (a new newcomer if not given)."""
    user = user or make_user()
    booking = Booking(event_id=event.id, user_id=user.id, status=status, **fields)
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
