"""Booking: one place per person, capacity under concurrent requests, the FIFO waitlist, cancelling."""

from datetime import timedelta

from sqlalchemy import func, select

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events.models import Booking
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_user, read_mail
from tests.support.concurrency import concurrent_posts


def test_twenty_at_once_for_five_places_books_exactly_five(app):
    with app.app_context():
        event = make_event(capacity=5)
        users = [make_user().id for _ in range(20)]
        event_id = event.id
        db.session.commit()
    codes = concurrent_posts(app, [(uid, f"/events/{event_id}/book") for uid in users])
    assert codes == [302] * 20
    with app.app_context():
        counts = dict(db.session.execute(
            select(Booking.status, func.count()).where(Booking.event_id == event_id).group_by(Booking.status)).all())
    assert counts == {"booked": 5, "waitlisted": 15}


def test_one_booking_per_person(login_as, app):
    with app.app_context():
        event_id = make_event(capacity=3).id
        db.session.commit()
    client = login_as("newcomer")
    client.post(f"/events/{event_id}/book")
    again = client.post(f"/events/{event_id}/book", follow_redirects=True)
    assert "already booked" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.event_id == event_id)) == 1


def test_booking_confirmation_email_has_the_calendar_file(login_as, app, mail_dir):
    with app.app_context():
        event_id = make_event(title="ARCP survival guide").id
        db.session.commit()
    client = login_as("newcomer")
    page = client.post(f"/events/{event_id}/book", follow_redirects=True).get_data(as_text=True)
    assert "You are booked" in page
    [message] = read_mail(mail_dir)
    assert "You are booked: ARCP survival guide" in message["Subject"]
    [ics] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    body = ics.get_content()
    body = body.decode() if isinstance(body, bytes) else body
    # An invitation addressed to the person, from a real organiser address, so clients keep one entry.
    assert "METHOD:REQUEST" in body and "ARCP survival guide" in body
    assert f"mailto:{message['To']}" in body.replace("\r\n ", "") and "ATTENDEE" in body
    assert "ORGANIZER" in body and "no-reply" not in body
    assert "meet.example.org" not in body  # no join link in calendar files


def test_waitlist_is_first_come_first_served_and_promotes_on_cancel(ctx, mail_dir):
    event = make_event(capacity=1)
    first, second, third = make_user(), make_user(), make_user()
    from datetime import UTC, datetime

    t0 = datetime.now(UTC)
    bookings.book(first, event.id, now=t0)
    assert bookings.book(second, event.id, now=t0 + timedelta(seconds=1)).status == "waitlisted"
    assert bookings.book(third, event.id, now=t0 + timedelta(seconds=2)).status == "waitlisted"
    bookings.cancel_booking(first, event.id, now=t0 + timedelta(seconds=3))
    status = {b.user_id: b.status for b in db.session.scalars(select(Booking))}
    assert status == {first.id: "cancelled", second.id: "booked", third.id: "waitlisted"}
    from softlanding.core.mailer import deliver_pending

    deliver_pending()
    db.session.commit()
    subjects = [m["Subject"] for m in read_mail(mail_dir) if m["To"] == second.email]
    assert any("You are on the waitlist" in s for s in subjects)
    assert any("A place came free" in s for s in subjects)


def test_cancel_until_start_only(ctx):
    event = make_event(starts_in=timedelta(minutes=-5))
    user = make_user()
    make_booking(event, user)
    import pytest

    from softlanding.core.errors import ValidationError

    with pytest.raises(ValidationError, match="started"):
        bookings.cancel_booking(user, event.id)
    with pytest.raises(ValidationError, match="started"):
        bookings.book(make_user(), event.id)


def test_cannot_book_drafts_or_cancelled_events(login_as, app):
    with app.app_context():
        draft = make_event(status="draft").id
        cancelled = make_event(status="cancelled").id
        db.session.commit()
    client = login_as("newcomer")
    assert client.post(f"/events/{draft}/book").status_code == 404
    page = client.post(f"/events/{cancelled}/book", follow_redirects=True).get_data(as_text=True)
    assert "not open for booking" in page


def test_my_events_lists_upcoming_and_past(login_as, app):
    with app.app_context():
        user = make_user()
        make_booking(make_event(title="Coming up soon"), user)
        make_booking(make_event(title="Long ago", starts_in=timedelta(days=-30)), user, attended=True)
        make_booking(make_event(title="Gave up"), user, status="cancelled")
        db.session.commit()
    client = login_as(user)
    upcoming = client.get("/events/mine").get_data(as_text=True)
    assert "Coming up soon" in upcoming and "Long ago" not in upcoming and "Gave up" not in upcoming
    past = client.get("/events/mine?when=past").get_data(as_text=True)
    assert "Long ago" in past and "attended" in past and "Coming up soon" not in past


def test_booking_and_cancelling_read_the_event_row_not_its_hosts_slots_or_resources(login_as, app):
    from tests.factories import count_queries

    with app.app_context():
        event = make_event(capacity=3)
        make_booking(event)
        event_id = event.id
        db.session.commit()
    client = login_as("newcomer")
    client.get(f"/events/{event_id}")
    for path in (f"/events/{event_id}/book", f"/events/{event_id}/cancel-booking"):
        counter = count_queries(app)
        with counter:
            assert client.post(path).status_code == 302
        read = " ".join(counter.statements)
        assert "FROM event_host" not in read and "FROM event_resource" not in read
        assert "interview_slot.event_id IN (" not in read  # the relationship's load (release() asks for one slot)
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "2 of 3 left" in page and "Book a place" in page


def test_the_booking_that_fills_the_last_place_is_booked_and_the_next_waits(login_as, app):
    with app.app_context():
        event = make_event(capacity=2)
        make_booking(event)
        event_id = event.id
        db.session.commit()
    first, second = login_as("newcomer"), login_as("newcomer")
    assert "You are booked" in first.post(f"/events/{event_id}/book", follow_redirects=True).get_data(as_text=True)
    page = second.post(f"/events/{event_id}/book", follow_redirects=True).get_data(as_text=True)
    assert "you are on the waitlist" in page and "You are number 1 on the waitlist." in page
