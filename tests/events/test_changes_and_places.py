"""Changing an event: places never below bookings or slots, slots that must fit, no edits once started."""

from datetime import timedelta

import pytest

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import lifecycle as events
from softlanding.blueprints.events import slots as event_slots
from softlanding.blueprints.events.models import Event
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_slot, make_user


def test_places_cannot_drop_below_people_booked(ctx):
    event = make_event(capacity=5)
    for _ in range(3):
        make_booking(event)
    organiser = make_user(role="organiser")
    with pytest.raises(ValidationError, match="3 people are booked, so the event needs at least 3") as error:
        events.update_event(organiser, event, {**events.form_values(event), "capacity": 2})
    assert error.value.field == "capacity" and event.capacity == 5
    events.update_event(organiser, event, {**events.form_values(event), "capacity": 3})
    assert event.capacity == 3


def test_places_cannot_drop_below_interview_slots(ctx):
    event = make_event(category="mock_interview", capacity=4, hours=3)
    for i in range(3):
        make_slot(event, starts_in=timedelta(days=7, minutes=30 * i))
    db.session.refresh(event)
    with pytest.raises(ValidationError, match="offers 3 interview slots") as error:
        events.update_event(make_user(role="organiser"), event, {**events.form_values(event), "capacity": 2})
    assert error.value.field == "capacity"


def test_slots_that_would_not_fit_a_shorter_event_refuse_the_reschedule(ctx):
    event = make_event(category="mock_interview", capacity=4, hours=2)
    slot = make_slot(event, starts_in=timedelta(days=7, minutes=90))  # 11:30 to 12:00 of 10:00 to 12:00
    db.session.refresh(event)
    before = (event.starts_at, event.ends_at, slot.starts_at)
    values = events.form_values(event)
    values["ends_at"] -= timedelta(hours=1)
    with pytest.raises(ValidationError, match="slots move with the start and would run until") as error:
        events.reschedule(event.host, event, {**values, "reason": "Shorter"})
    assert error.value.field == "ends_at"
    assert (event.starts_at, event.ends_at, slot.starts_at) == before  # nothing half-changed


def test_a_started_event_cannot_be_edited_and_offers_no_edit_link(login_as, app):
    with app.app_context():
        organiser = make_user(role="organiser")
        event = make_event(starts_in=timedelta(minutes=-10), title="Running now")
        event_id = event.id
        with pytest.raises(ValidationError, match="has started"):
            events.update_event(organiser, event, {**events.form_values(event), "title": "Renamed"})
        db.session.commit()
    client = login_as(organiser)
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Edit details" not in page
    refused = client.get(f"/events/{event_id}/edit", follow_redirects=True).get_data(as_text=True)
    assert "has started, so it can no longer be cancelled or rescheduled" in refused
    client.post(f"/events/{event_id}/edit", data={"title": "Renamed"})
    with app.app_context():
        assert db.session.get(Event, event_id).title == "Running now"


def test_cancel_then_book_again_and_cancel_then_rejoin_the_waitlist(ctx):
    event = make_event(capacity=1)
    first, second = make_user(), make_user()
    bookings.book(first, event.id)
    bookings.cancel_booking(first, event.id)
    assert bookings.book(first, event.id).status == "booked"  # the same row, booked again
    assert bookings.book(second, event.id).status == "waitlisted"
    bookings.cancel_booking(second, event.id)
    again = bookings.book(second, event.id)
    assert again.status == "waitlisted" and bookings.waitlist_position(again) == 1
    assert bookings.booked_count(event.id) == 1


def test_the_cancel_booking_page_says_what_happens_before_anything_does(login_as, app):
    with app.app_context():
        event = make_event(category="mock_interview", capacity=1, hours=2, title="Confirm me")
        interviewer = make_user(role="rep", full_name="Dr Interviewer Confirm")
        slot = make_slot(event, interviewer=interviewer, starts_in=timedelta(days=7, minutes=30))
        person = make_user()
        bookings.book(person, event.id)
        event_slots.book_slot(person, slot.id)
        make_booking(event, status="waitlisted")
        event_id, person_id = event.id, person.id
        db.session.commit()
    client = login_as(person)
    page = client.get(f"/events/{event_id}/cancel-booking").get_data(as_text=True)
    assert "first of the 1 person on the waitlist" in page
    assert "Dr Interviewer Confirm" in page and "removes the event from your calendar" in page
    with app.app_context():
        assert _status(person_id, event_id) == "booked"  # the GET changed nothing
    client.post(f"/events/{event_id}/cancel-booking")
    with app.app_context():
        assert _status(person_id, event_id) == "cancelled"


def _status(user_id, event_id):
    from sqlalchemy import select

    from softlanding.blueprints.events.models import Booking
    return db.session.scalar(select(Booking.status).where(Booking.user_id == user_id, Booking.event_id == event_id))


def test_the_cancel_event_page_says_how_many_people_are_told(login_as, app):
    with app.app_context():
        host = make_user(role="rep")
        event = make_event(host=host, capacity=2, category="mock_interview", hours=2)
        for status in ("booked", "booked", "waitlisted"):
            make_booking(event, status=status)
        make_slot(event, starts_in=timedelta(days=7, minutes=30))
        event_id = event.id
        db.session.commit()
    page = login_as(host).get(f"/events/{event_id}/cancel").get_data(as_text=True)
    assert "emails the reason to 2 people booked" in page and "and 1 on the waitlist" in page
    assert "1 co-host or interviewer" in page
