"""The people on an event: messages through the outbox, totals, manual promotion, removal with a reason,
and everyone marked attended at once with the exceptions after."""

from datetime import timedelta

from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.events.models_desk import EventMessage
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_slot, make_user, read_mail


def test_message_reaches_each_person_in_the_chosen_group_and_is_recorded(app, login_as, mail_dir):
    with app.app_context():
        host = make_user(role="rep", full_name="Dr Host")
        event = make_event(host=host, title="Kaizen workshop", capacity=2)
        booked = [make_booking(event, make_user(email=f"b{i}@example.org")) for i in range(2)]
        make_booking(event, make_user(email="wait@example.org"), status="waitlisted")
        make_booking(event, make_user(email="gone@example.org"), status="cancelled")
        db.session.commit()
        event_id = event.id
        assert booked
    client = login_as(host)
    form = client.get(f"/events/{event_id}/message").get_data(as_text=True)
    assert "Everyone booked (2)" in form and "Everyone on the waitlist (1)" in form
    empty = client.post(f"/events/{event_id}/message", data={"audience": "booked", "subject": "", "body": "x"})
    assert "Enter a subject." in empty.get_data(as_text=True) and 'value="booked"' in empty.get_data(as_text=True)
    nobody = client.post(f"/events/{event_id}/message",
                         data={"audience": "attended", "subject": "Slides", "body": "Here"}).get_data(as_text=True)
    assert "Nobody is in that group yet" in nobody
    body = "The slides are here: https://example.org/slides\nRoom changed to 2B — شكرا 🌙"
    sent = client.post(f"/events/{event_id}/message",
                       data={"audience": "booked", "subject": "Slides and room", "body": body})
    assert sent.status_code == 302
    mails = read_mail(mail_dir, subject="Slides and room")
    assert sorted(m["To"] for m in mails) == ["b0@example.org", "b1@example.org"]
    text = mails[0].get_body(("plain",)).get_content()
    assert "Room changed to 2B — شكرا 🌙" in text and "Dr Host" in text
    page = client.get(f"/events/{event_id}/message").get_data(as_text=True)
    assert "Slides and room" in page and "to 2 (booked)" in page
    with app.app_context():
        record = db.session.scalars(db.select(EventMessage)).one()
        assert (record.recipients, record.audience) == (2, "booked")
    assert login_as("newcomer").get(f"/events/{event_id}/message").status_code == 403


def test_totals_manual_promotion_and_removal_with_a_reason(app, login_as, mail_dir):
    with app.app_context():
        host = make_user(role="rep")
        event = make_event(host=host, title="Mock interviews", category="mock_interview", capacity=1)
        keeper = make_booking(event, make_user(email="keeper@example.org"))
        waiting = make_booking(event, make_user(email="waiting@example.org"), status="waitlisted")
        second = make_booking(event, make_user(email="second@example.org"), status="waitlisted")
        slot = make_slot(event, booked_by=keeper.user)
        db.session.commit()
        ids = event.id, keeper.id, waiting.id, second.id, slot.id
    event_id, keeper_id, waiting_id, second_id, slot_id = ids
    client = login_as(host)
    page = client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    assert "<strong>1</strong> booked of 1 places" in page and "<strong>2</strong> on the waitlist" in page
    assert client.post(f"/events/{event_id}/attendees/{waiting_id}/promote").status_code == 302
    with app.app_context():
        assert db.session.get(Booking, waiting_id).status == "booked"
        assert db.session.get(Event, event_id).capacity == 2  # full, so the host's promotion adds a place
    assert read_mail(mail_dir, to="waiting@example.org")
    confirm = client.get(f"/events/{event_id}/attendees/{keeper_id}/remove").get_data(as_text=True)
    assert "frees any interview slot" in confirm and "emailed the reason" in confirm
    missing = client.post(f"/events/{event_id}/attendees/{keeper_id}/remove", data={"reason": "  "})
    assert "Give a reason" in missing.get_data(as_text=True)
    done = client.post(f"/events/{event_id}/attendees/{keeper_id}/remove", data={"reason": "Booked twice by mistake"})
    assert done.status_code == 302
    with app.app_context():
        from softlanding.blueprints.events.models import InterviewSlot
        assert db.session.get(Booking, keeper_id).status == "cancelled"
        assert db.session.get(InterviewSlot, slot_id).booked_by_id is None
        assert db.session.get(Booking, second_id).status == "booked"  # the next person waiting moved up
    removed = read_mail(mail_dir, to="keeper@example.org", subject="withdrawn")
    assert removed and "Booked twice by mistake" in removed[0].get_body(("plain",)).get_content()
    assert client.post(f"/events/{event_id}/attendees/999999/promote").status_code == 302
    assert client.get(f"/events/{event_id}/attendees/999999/remove").status_code == 404


def test_mark_everyone_attended_then_the_exceptions(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        event = make_event(host=host, starts_in=timedelta(hours=-2))
        rows = [make_booking(event) for _ in range(5)]
        make_booking(event, status="waitlisted")
        db.session.commit()
        event_id, ids = event.id, [b.id for b in rows]
    client = login_as(host)
    assert "Mark all 5 not yet marked as attended" in client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    client.post(f"/events/{event_id}/attendance/all")
    client.post(f"/events/{event_id}/attendees", data={f"attended-{ids[0]}": "no"})
    with app.app_context():
        marks = [db.session.get(Booking, i).attended for i in ids]
        assert marks == [False, True, True, True, True]
        waiting = db.session.scalars(db.select(Booking).where(Booking.status == "waitlisted")).one()
        assert waiting.attended is None
    page = client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    assert "<strong>4</strong> attended, <strong>1</strong> absent, <strong>0</strong> not marked" in page


def test_mark_all_is_refused_before_the_start(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        event = make_event(host=host)
        booking = make_booking(event)
        db.session.commit()
        event_id, booking_id = event.id, booking.id
    response = login_as(host).post(f"/events/{event_id}/attendance/all", follow_redirects=True)
    assert "once the event has started" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Booking, booking_id).attended is None
