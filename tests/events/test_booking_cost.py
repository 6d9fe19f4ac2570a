"""What one booking POST costs the database: a fixed number of statements, however many people booked."""

import pytest
from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.models import Booking
from softlanding.blueprints.notifications.notify import set_email_enabled
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from tests.factories import count_queries, make_booking, make_event, read_mail

# The account (with its roles and profile), the event locked, one read of its places, the member's own row
# and their email choices, then the booking, the in-app notice and the email written: 6 (8 before).
BOOKING_STATEMENTS = 6


@pytest.fixture
def counted(app, monkeypatch, mail_dir):
    """Mail left in the outbox while counting (the tests deliver each request's mail inline, which
    production's web process never does), then delivered, so no other test meets it pending."""
    monkeypatch.setitem(app.config, "MAIL_DELIVER_INLINE", False)
    yield
    with app.app_context():
        read_mail(mail_dir, deliver=True)


def _statements_of_one_booking(app, login_as, others, capacity=None, choice=None, waiting=0):
    with app.app_context():
        event = make_event(capacity=capacity)
        for n in range(others + waiting):
            make_booking(event, status="booked" if n < others else "waitlisted")
        event_id = event.id
        db.session.commit()
    client = login_as("newcomer")
    if choice is not None:
        with app.app_context():
            set_email_enabled(db.session.get(User, client.user_id), choice[0], choice[1])
            db.session.commit()
    with count_queries(app) as counter:
        response = client.post(f"/events/{event_id}/book")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{event_id}")
    with app.app_context():
        status = db.session.scalar(select(Booking.status).where(Booking.event_id == event_id,
                                                                 Booking.user_id == client.user_id))
        mails = db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.user_id == client.user_id)).all()
    # SQLite's BEGIN IMMEDIATE is sent as a statement of its own; PostgreSQL's BEGIN is not counted.
    return len([s for s in counter.statements if not s.startswith("BEGIN")]), status, mails


@pytest.mark.parametrize("others", [0, 1, 30])
def test_a_booking_runs_the_same_few_statements_however_many_booked_before(app, login_as, counted, others):
    count, status, mails = _statements_of_one_booking(app, login_as, others)
    assert status == "booked" and len(mails) == 1 and mails[0].startswith("You are booked")
    assert count == BOOKING_STATEMENTS


def test_joining_the_waitlist_costs_the_same_and_tells_the_place_in_the_queue(app, login_as, counted):
    count, status, mails = _statements_of_one_booking(app, login_as, 2, capacity=2, waiting=2)
    assert status == "waitlisted" and len(mails) == 1 and mails[0].startswith("You are on the waitlist")
    assert count == BOOKING_STATEMENTS
    with app.app_context():
        text = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.subject == mails[0])
                                 .order_by(OutboxMessage.id.desc()))
    assert "You are number 3 on the waitlist." in text


@pytest.mark.parametrize(("kind", "enabled", "emailed"), [("event_booked", False, False), ("event_booked", True, True),
                                                          ("event_waitlisted", False, True)])
def test_the_stored_email_choice_is_read_with_the_places_and_still_obeyed(app, login_as, counted, kind, enabled,
                                                                         emailed):
    count, status, mails = _statements_of_one_booking(app, login_as, 2, choice=(kind, enabled))
    assert status == "booked" and bool(mails) is emailed
    # No email means one statement fewer (nothing is written to the outbox).
    assert count == BOOKING_STATEMENTS - (0 if emailed else 1)
