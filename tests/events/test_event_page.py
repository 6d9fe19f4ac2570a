"""The event page reads the event, its places and the viewer's booking in one query; its co-hosts and slots
only when it has any. What it shows stays live: places, the viewer's booking, the join link."""

from datetime import timedelta

from softlanding.blueprints.events.models import Booking, Event
from softlanding.core.extensions import db
from tests.factories import add_cohost, count_queries, make_booking, make_event, make_slot, make_user


def test_a_plain_event_page_costs_one_query_besides_the_viewers_account(app, client, login_as):
    with app.app_context():
        event_id = make_event(title="Plain page", capacity=10).id
        db.session.commit()
    member = login_as("newcomer")
    client.get(f"/events/{event_id}")  # a worker that has served the page before
    member.get(f"/events/{event_id}")
    anonymous = count_queries(app, client, f"/events/{event_id}", warm=True)
    signed_in = count_queries(app, member, f"/events/{event_id}", warm=True)
    assert anonymous <= 2  # the event with its places taken (and, on SQLite, the BEGIN); it was 5
    assert signed_in <= anonymous + 1  # and the viewer's account, their booking a column of the same query


def test_co_hosts_and_slots_are_shown_when_there_are_any(app, login_as):
    with app.app_context():
        host = make_user(role="rep", full_name="Main Host", display_name="")
        cohost = make_user(role="rep", full_name="Co Host Legal", display_name="Dr Co")
        interviewer = make_user(role="rep", full_name="Ivy Interviewer", display_name="")
        event = make_event(host=host, title="Mock panel", category="mock_interview", interview_level="st3",
                           capacity=5, starts_in=timedelta(days=7))
        add_cohost(event, cohost)
        make_slot(event, interviewer, starts_in=timedelta(days=7, minutes=10))
        event_id, cohost_id = event.id, cohost.id
        db.session.commit()
    page = login_as("newcomer").get(f"/events/{event_id}").get_data(as_text=True)
    assert "Main Host, Dr Co" in page and "Co Host Legal" not in page
    assert "One-to-one interview slots" in page and "Ivy Interviewer" in page and "Book this slot" in page
    with app.app_context():
        cohost_user = db.session.get(type(host), cohost_id)
    # The co-host manages the event from its page (can_manage reads the co-hosts the page loaded).
    assert "Attendees" in login_as(cohost_user).get(f"/events/{event_id}").get_data(as_text=True)


def test_a_draft_is_hidden_from_members_and_shown_to_its_co_host(app, login_as):
    with app.app_context():
        cohost = make_user(role="rep")
        event = make_event(title="Still a draft", status="draft")
        add_cohost(event, cohost)
        event_id = event.id
        db.session.commit()
    assert login_as("newcomer").get(f"/events/{event_id}").status_code == 404
    assert login_as(cohost).get(f"/events/{event_id}").status_code == 200


def test_places_and_the_viewers_booking_are_read_on_every_request(app, login_as):
    with app.app_context():
        event = make_event(title="Two places", capacity=2)
        make_booking(event)
        member = make_user()
        event_id, member_id = event.id, member.id
        db.session.commit()
    viewer = login_as(member)
    page = viewer.get(f"/events/{event_id}").get_data(as_text=True)
    assert "1 of 2 left" in page and "Book a place" in page
    with app.app_context():
        make_booking(db.session.get(Event, event_id), member_id)
        db.session.commit()
    page = viewer.get(f"/events/{event_id}").get_data(as_text=True)
    assert "0 of 2 left" in page and "You are booked." in page
    with app.app_context():
        booking = db.session.query(Booking).filter_by(event_id=event_id, user_id=member_id).one()
        booking.status = "cancelled"
        db.session.commit()
    page = viewer.get(f"/events/{event_id}").get_data(as_text=True)
    assert "1 of 2 left" in page and "You are booked." not in page and "Book a place" in page
