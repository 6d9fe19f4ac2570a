"""Interview slots hold places: a slot is a booking, slots lie inside the event, slots never outnumber places."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import slots as event_slots
from softlanding.blueprints.events.models import Booking, InterviewSlot
from softlanding.core.errors import Conflict, ValidationError
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_slot, make_user, read_mail
from tests.support.concurrency import concurrent_posts

LONDON = ZoneInfo("Europe/London")


def _mock_event(capacity=2, **fields):
    """A published mock-interview event from 10:00 to 13:00 London time in ten days, and that start (naive)."""
    start = (datetime.now(LONDON) + timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0,
                                                                tzinfo=None)
    event = make_event(category="mock_interview", interview_level="st3", capacity=capacity, hours=3,
                       starts_at=start.replace(tzinfo=LONDON).astimezone(UTC), **fields)
    return event, start


def _booked(event_id):
    return db.session.scalar(select(func.count(Booking.id)).where(
        Booking.event_id == event_id, Booking.status == "booked"))


def test_ten_at_once_for_three_slots_on_a_two_place_event_book_two(app):
    with app.app_context():
        event = make_event(category="mock_interview", capacity=2)
        slot_ids = [make_slot(event, starts_in=timedelta(days=7, minutes=30 * i)).id for i in range(3)]
        users = [make_user().id for _ in range(10)]
        event_id = event.id
        db.session.commit()
    codes = concurrent_posts(app, [(uid, f"/events/slots/{slot_ids[i % 3]}/book") for i, uid in enumerate(users)])
    assert codes == [302] * 10
    with app.app_context():
        holders = db.session.scalars(select(InterviewSlot.booked_by_id).where(
            InterviewSlot.event_id == event_id, InterviewSlot.booked_by_id.is_not(None))).all()
        booked = db.session.scalars(select(Booking.user_id).where(
            Booking.event_id == event_id, Booking.status == "booked")).all()
    assert len(holders) == 2 and sorted(holders) == sorted(booked)


def test_a_slot_takes_a_place_and_a_full_event_offers_none(ctx, mail_dir):
    event, _ = _mock_event(capacity=2)
    first, second, late = make_slot(event), make_slot(event, starts_in=timedelta(days=7, hours=1)), \
        make_slot(event, starts_in=timedelta(days=7, hours=2))
    alice, bob, carol = make_user(), make_user(), make_user()
    event_slots.book_slot(alice, first.id)
    assert bookings.booking_for(alice, event.id).status == "booked"
    bookings.book(bob, event.id)  # a place without a slot yet
    with pytest.raises(Conflict, match="full"):
        event_slots.book_slot(carol, late.id)
    assert late.booked_by_id is None and bookings.booking_for(carol, event.id) is None
    event_slots.book_slot(bob, second.id)  # Bob already holds a place: his slot needs no new one
    assert _booked(event.id) == 2
    db.session.commit()
    assert read_mail(mail_dir, subject="You are booked", to=alice.email, deliver=True)


def test_cancelling_a_slot_keeps_the_place_and_cancelling_the_booking_frees_the_slot(ctx):
    event, _ = _mock_event(capacity=1)
    slot, other = make_slot(event), make_slot(event, starts_in=timedelta(days=7, hours=1))
    user = make_user()
    event_slots.book_slot(user, slot.id)
    event_slots.cancel_slot(user, slot.id)
    assert slot.booked_by_id is None and bookings.booking_for(user, event.id).status == "booked"
    event_slots.book_slot(user, other.id)  # the kept place lets them choose again on a full event
    bookings.cancel_booking(user, event.id)
    db.session.refresh(other)
    assert other.booked_by_id is None and _booked(event.id) == 0


def test_promoted_from_the_waitlist_they_are_told_to_choose_a_slot_and_can(ctx, mail_dir):
    event, _ = _mock_event(capacity=1)
    slot = make_slot(event)
    holder, waiting = make_user(), make_user()
    event_slots.book_slot(holder, slot.id)
    assert bookings.book(waiting, event.id).status == "waitlisted"
    bookings.cancel_booking(holder, event.id)
    assert bookings.booking_for(waiting, event.id).status == "booked"
    event_slots.book_slot(waiting, slot.id)
    db.session.commit()
    [promoted] = read_mail(mail_dir, subject="A place came free", to=waiting.email, deliver=True)
    body = promoted.get_body(("plain",)).get_content()
    assert "choose a one-to-one interview slot" in body and "1 is free, the first at" in body


def test_slots_must_lie_inside_the_event(ctx):
    event, start = _mock_event(capacity=10)
    host = event.host
    with pytest.raises(ValidationError, match="within the event") as before:
        event_slots.add_slots(host, event, host.id, start - timedelta(minutes=30), 30, 1)
    assert before.value.field == "starts_at"
    with pytest.raises(ValidationError, match="within the event"):
        event_slots.add_slots(host, event, host.id, start + timedelta(hours=3), 30, 1)
    with pytest.raises(ValidationError, match="after the event ends") as after:
        event_slots.add_slots(host, event, host.id, start + timedelta(hours=2), 30, 3)
    assert after.value.field == "count"
    assert len(event_slots.add_slots(host, event, host.id, start, 30, 6)) == 6  # 10:00 to 13:00 exactly


def test_more_slots_than_places_is_refused_with_the_numbers(ctx):
    event, start = _mock_event(capacity=3)
    host = event.host
    event_slots.add_slots(host, event, host.id, start, 30, 2)
    with pytest.raises(ValidationError, match="3 places and 2 slots already, so you can add at most 1") as error:
        event_slots.add_slots(host, event, host.id, start + timedelta(hours=1), 30, 2)
    assert error.value.field == "count"
    event_slots.add_slots(host, event, host.id, start + timedelta(hours=1), 30, 1)
    assert len(event.slots) == 3


def test_slot_form_explains_times_and_places_next_to_the_field(login_as, app):
    with app.app_context():
        rep = make_user(role="rep")
        event, start = _mock_event(capacity=1, host=rep)
        event_id, rep_id = event.id, rep.id
        db.session.commit()
    client = login_as(rep)
    form = {"interviewer_id": str(rep_id), "length_minutes": "30", "count": "1",
            "starts_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}
    page = client.post(f"/events/{event_id}/slots", data=form).get_data(as_text=True)
    assert 'id="starts_at-error"' in page and "within the event" in page
    page = client.post(f"/events/{event_id}/slots", data={**form, "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                                                          "count": "2"}).get_data(as_text=True)
    assert 'id="count-error"' in page and "at most 1 more" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(InterviewSlot.id)).where(InterviewSlot.event_id == event_id)) == 0


def test_a_full_event_shows_no_slot_button_to_those_without_a_place(login_as, app):
    with app.app_context():
        event, _ = _mock_event(capacity=1)
        make_slot(event)
        make_slot(event, starts_in=timedelta(days=7, hours=1))
        holder = make_user()
        make_booking(event, holder)
        event_id = event.id
        db.session.commit()
    outsider = login_as("newcomer").get(f"/events/{event_id}").get_data(as_text=True)
    assert "Book this slot" not in outsider and "Join the waitlist" in outsider
    assert "can then choose a slot" in outsider
    assert "Book this slot" in login_as(holder).get(f"/events/{event_id}").get_data(as_text=True)
    response = login_as("newcomer").post(f"/events/slots/{make_slot_id(app, event_id)}/book", follow_redirects=True)
    assert "The event is full, so no slot can be booked" in response.get_data(as_text=True)


def make_slot_id(app, event_id):
    """The id of a free slot on the event."""
    with app.app_context():
        return db.session.scalar(select(InterviewSlot.id).where(
            InterviewSlot.event_id == event_id, InterviewSlot.booked_by_id.is_(None)).limit(1))
