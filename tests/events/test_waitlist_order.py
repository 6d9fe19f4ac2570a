"""The waitlist under concurrent requests: each person told a different place, and promoted in that order."""

import re

from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events.models import Booking
from softlanding.core.extensions import db
from tests.factories import make_event, make_user, read_mail
from tests.support.concurrency import concurrent_posts


def _told_positions(mail_dir):
    """{email: the waitlist number their email gave}."""
    told = {}
    for message in read_mail(mail_dir, subject="You are on the waitlist", deliver=True):
        body = message.get_body(("plain",)).get_content()
        [number] = re.findall(r"You are number (\d+) on the waitlist", body)
        told[message["To"]] = int(number)
    return told


def test_twenty_four_at_once_for_five_places_each_told_a_different_place_promoted_in_order(app, mail_dir):
    with app.app_context():
        event_id = make_event(capacity=5).id
        users = [make_user().id for _ in range(24)]
        db.session.commit()
    codes = concurrent_posts(app, [(uid, f"/events/{event_id}/book") for uid in users])
    assert codes == [302] * 24
    with app.app_context():
        status = dict(db.session.execute(select(Booking.user_id, Booking.status)
                                         .where(Booking.event_id == event_id)).tuples().all())
        booked = [uid for uid, s in status.items() if s == "booked"]
        assert sorted(status.values()).count("booked") == 5 and len(status) == 24
        told = _told_positions(mail_dir)
        emails = {u.id: u.email for u in db.session.scalars(select(User).where(User.id.in_(users)))}
        waiting = {emails[uid] for uid, s in status.items() if s == "waitlisted"}
        assert set(told) == waiting and len(waiting) == 19
        assert sorted(told.values()) == list(range(1, 20)), f"positions told: {sorted(told.values())}"
        # Free places one at a time: whoever was told "number k" must be the k-th to get a place.
        leavers = list(booked)
        promoted_order = []
        while len(promoted_order) < 19:
            before = _waiting(event_id)
            bookings.cancel_booking(db.session.get(User, leavers.pop(0)), event_id)
            db.session.commit()
            [moved] = before - _waiting(event_id)
            promoted_order.append(emails[moved])
            leavers.append(moved)
        assert promoted_order == sorted(told, key=told.get)


def _waiting(event_id):
    """The user ids on the waitlist now."""
    return set(db.session.scalars(select(Booking.user_id).where(
        Booking.event_id == event_id, Booking.status == "waitlisted")))
