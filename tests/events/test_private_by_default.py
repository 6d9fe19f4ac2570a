"""Private by default: the join link waits for JOIN_LINK_VISIBLE_HOURS; hosts see what profiles allow."""

import csv
import io
from datetime import UTC, datetime, timedelta

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events.notices import send_reminders
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_user, read_mail


def test_reminders_carry_the_join_link_only_once_the_page_shows_it(app, mail_dir):
    old = app.config["JOIN_LINK_VISIBLE_HOURS"], app.config["EVENT_REMINDER_HOURS"]
    app.config["JOIN_LINK_VISIBLE_HOURS"], app.config["EVENT_REMINDER_HOURS"] = 2, (48, 1)
    try:
        with app.app_context():
            now = datetime.now(UTC)
            event = make_event(title="Private link clinic", starts_in=timedelta(hours=40),
                               join_link="https://meet.example.org/private-clinic")
            person = make_user()
            make_booking(event, person)
            assert send_reminders(now) == 1  # the 48-hour reminder: the page does not show the link yet
            assert send_reminders(now + timedelta(hours=39, minutes=30)) == 1  # within the hour: it does
            db.session.commit()
            early, late = [m.get_body(("plain",)).get_content()
                           for m in read_mail(mail_dir, to=person.email, deliver=True)]
    finally:
        app.config["JOIN_LINK_VISIBLE_HOURS"], app.config["EVENT_REMINDER_HOURS"] = old
    assert "meet.example.org" not in early and "from 2 hours before the start" in early
    assert "https://meet.example.org/private-clinic" in late


def _roster_people(app):
    with app.app_context():
        host = make_user(role="rep")
        event = make_event(host=host, title="Visibility roster")
        people = {
            "members": make_user(full_name="Open Member", visibility="members"),
            "limited": make_user(full_name="Limited Member", visibility="limited"),
            "organisers": make_user(full_name="Private Member", visibility="organisers"),
        }
        for person in people.values():
            bookings.book(person, event.id)
        emails = {k: p.email for k, p in people.items()}
        event_id = event.id
        db.session.commit()
    return host, event_id, emails


def test_a_host_sees_only_what_each_profile_allows_organisers_see_all(login_as, app):
    host, event_id, emails = _roster_people(app)
    as_host = login_as(host)
    rows = {r[0]: r for r in csv.reader(io.StringIO(
        as_host.get(f"/events/{event_id}/attendees.csv").get_data(as_text=True).lstrip("\ufeff")))}
    assert rows["Open Member"][1] == emails["members"] and rows["Open Member"][2]
    assert rows["Limited Member"][1] == "" and rows["Limited Member"][2]  # career stage, no email
    assert rows["Private Member"][1] == "" and rows["Private Member"][2] == ""  # the name only
    page = as_host.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    assert "Private Member" in page and emails["organisers"] not in page
    as_organiser = login_as("organiser")
    body = as_organiser.get(f"/events/{event_id}/attendees.csv").get_data(as_text=True)
    assert all(email in body for email in emails.values())


def test_the_booking_card_says_what_the_hosts_will_see(login_as, app):
    with app.app_context():
        event_id = make_event().id
        db.session.commit()
    limited = login_as("newcomer", visibility="limited")
    assert "The hosts will see your name and career stage" in limited.get(f"/events/{event_id}").get_data(as_text=True)
    private = login_as("newcomer", visibility="organisers")
    assert "The hosts will see your name only" in private.get(f"/events/{event_id}").get_data(as_text=True)


def test_my_events_shows_the_waitlist_number_and_the_interview_slot(login_as, app):
    from softlanding.blueprints.events import slots as event_slots
    from tests.factories import make_slot

    with app.app_context():
        person = make_user()
        full = make_event(capacity=1, title="Full webinar")
        make_booking(full)
        make_booking(full, status="waitlisted")
        bookings.book(person, full.id)
        mock = make_event(category="mock_interview", capacity=3, hours=2, title="Mock day")
        interviewer = make_user(role="rep", full_name="Dr Slot Interviewer")
        slot = make_slot(mock, interviewer=interviewer, starts_in=timedelta(days=7, minutes=30))
        event_slots.book_slot(person, slot.id)
        db.session.commit()
    page = login_as(person).get("/events/mine").get_data(as_text=True)
    assert "On the waitlist: number 2" in page
    assert "Your interview slot:" in page and "with Dr Slot Interviewer" in page
