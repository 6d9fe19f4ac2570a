"""The demo's mock-interview events obey the rules real ones do: slots inside the event, never more slots
than places, only people holding a place hold a slot; one small event is full with people waiting."""

import random
from datetime import timedelta

from sqlalchemy import select

from softlanding.blueprints.events.demo import seed_events
from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.profiles.demo import seed_community
from softlanding.core.extensions import db


def test_demo_slots_lie_inside_their_events_and_take_places(ctx):
    demo = {"password": "demo password for tests", "rng": random.Random(2026)}
    seed_community(demo)
    seed_events(demo)
    events = [e for e in demo["events"] if e.category == "mock_interview" and e.slots]
    assert len(events) >= 4
    for event in events:
        booked = set(db.session.scalars(select(Booking.user_id).where(
            Booking.event_id == event.id, Booking.status == "booked")))
        for slot in event.slots:
            assert event.starts_at <= slot.starts_at
            assert slot.starts_at + timedelta(minutes=slot.length_minutes) <= event.ends_at
            assert slot.booked_by_id is None or slot.booked_by_id in booked
        assert event.capacity is None or len(event.slots) <= event.capacity
    small = [e for e in events if e.capacity == 2]
    assert small
    waiting = db.session.scalars(select(Booking).where(Booking.event_id == small[0].id,
                                                       Booking.status == "waitlisted")).all()
    assert waiting and isinstance(small[0], Event)
