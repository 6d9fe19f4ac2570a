"""Hosting: interview slots (one each, never double-booked), attendance, CSV export, follow-up links."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import slots as event_slots
from softlanding.blueprints.events.models import Booking, InterviewSlot
from softlanding.core.errors import Conflict, ValidationError
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_slot, make_user
from tests.support.concurrency import concurrent_posts


def test_twenty_newcomers_race_for_one_slot_exactly_one_wins(app):
    with app.app_context():
        event = make_event(category="mock_interview", interview_level="st3")
        slot_id = make_slot(event).id
        users = [make_user().id for _ in range(20)]
        db.session.commit()
    codes = concurrent_posts(app, [(uid, f"/events/slots/{slot_id}/book") for uid in users])
    assert codes == [302] * 20
    with app.app_context():
        slot = db.session.get(InterviewSlot, slot_id)
        assert slot.booked_by_id in users
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.status == "booked")) == 1


def test_one_newcomer_cannot_take_two_slots_even_at_once(app):
    with app.app_context():
        event = make_event(category="mock_interview")
        slot_ids = [make_slot(event, starts_in=timedelta(days=7, hours=i)).id for i in range(10)]
        user_id = make_user().id
        event_id = event.id
        db.session.commit()
    concurrent_posts(app, [(user_id, f"/events/slots/{sid}/book") for sid in slot_ids])
    with app.app_context():
        taken = db.session.scalar(select(func.count(InterviewSlot.id)).where(
            InterviewSlot.event_id == event_id, InterviewSlot.booked_by_id == user_id))
    assert taken == 1


def test_slot_rules_and_interviewer_schedule(ctx, login_as):
    host = make_user(role="rep")
    interviewer = make_user(role="rep", full_name="Imran Interviewer")
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    # Slots lie inside the event, so the event runs from the first slot's time (London) for three hours.
    start = (datetime.now(ZoneInfo("Europe/London")) + timedelta(days=10)).replace(
        hour=10, minute=0, second=0, microsecond=0, tzinfo=None)
    event = make_event(host=host, category="mock_interview", hours=3,
                       starts_at=start.replace(tzinfo=ZoneInfo("Europe/London")).astimezone(UTC))
    slots = event_slots.add_slots(host, event, interviewer.id, start, 30, 3)
    assert [s.starts_at for s in slots][1] - slots[0].starts_at == timedelta(minutes=30)
    with pytest.raises(ValidationError, match="overlap"):
        event_slots.add_slots(host, event, interviewer.id, start + timedelta(minutes=15), 30, 1)
    newcomer = make_user(full_name="Nadia Newcomer")
    event_slots.book_slot(newcomer, slots[0].id)
    with pytest.raises(Conflict):
        event_slots.book_slot(newcomer, slots[1].id)
    with pytest.raises(Conflict):
        event_slots.book_slot(make_user(), slots[0].id)
    db.session.commit()
    page = login_as(interviewer).get("/events/mine").get_data(as_text=True)
    assert "Interviews I am giving" in page and "Nadia Newcomer" in page and "Not booked yet" in page


def test_attendance_only_after_start_and_only_by_hosts(ctx):
    host = make_user(role="rep")
    future = make_event(host=host)
    b = make_booking(future)
    with pytest.raises(ValidationError, match="started"):
        bookings.mark_attendance(host, future, {b.id: True})
    past = make_event(host=host, starts_in=timedelta(days=-1))
    came, missed = make_booking(past), make_booking(past)
    from softlanding.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        bookings.mark_attendance(make_user(role="rep"), past, {came.id: True})
    assert bookings.mark_attendance(host, past, {came.id: True, missed.id: False}) == 2
    assert (came.attended, missed.attended) == (True, False)


def test_attendance_form_and_csv_export_neutralise_formulas(login_as, app):
    with app.app_context():
        host = make_user(role="rep")
        past = make_event(host=host, starts_in=timedelta(days=-1))
        evil = make_user(full_name="=HYPERLINK(\"http://evil\")")
        b_evil = make_booking(past, evil)
        b_other = make_booking(past, make_user(full_name="@SUM(A1)"))
        ids = past.id, b_evil.id, b_other.id
        db.session.commit()
    client = login_as(host)
    event_id, evil_id, other_id = ids
    page = client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    assert "Save attendance" in page
    client.post(f"/events/{event_id}/attendees", data={f"attended-{evil_id}": "yes", f"attended-{other_id}": "no"})
    response = client.get(f"/events/{event_id}/attendees.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    names = {r[0]: r for r in rows[1:]}
    assert "'=HYPERLINK(\"http://evil\")" in names and "'@SUM(A1)" in names
    assert names["'=HYPERLINK(\"http://evil\")"][-1] == "Attended"
    assert names["'@SUM(A1)"][-1] == "Absent"


def test_recording_and_resources_shown_to_attendees_or_all_members(login_as, app):
    with app.app_context():
        host = make_user(role="rep")
        past = make_event(host=host, starts_in=timedelta(days=-1))
        attendee = make_user()
        make_booking(past, attendee)
        event_id = past.id
        db.session.commit()
    host_client = login_as(host)
    host_client.post(f"/events/{event_id}/follow-up", data={"rec-recording_url": "https://video.example.org/r1",
                                                            "rec-submit": "Save"})
    bad = host_client.post(f"/events/{event_id}/follow-up",
                           data={"res-label": "Slides", "res-url": "javascript:alert(1)", "res-submit": "Add link"})
    assert "starting with https://" in bad.get_data(as_text=True)
    host_client.post(f"/events/{event_id}/follow-up",
                     data={"res-label": "Slides", "res-url": "https://example.org/slides.pdf", "res-submit": "Add"})
    assert "video.example.org/r1" in login_as(attendee).get(f"/events/{event_id}").get_data(as_text=True)
    other = login_as("newcomer")
    assert "slides.pdf" not in other.get(f"/events/{event_id}").get_data(as_text=True)
    host_client.post(f"/events/{event_id}/follow-up", data={"rec-recording_url": "https://video.example.org/r1",
                                                            "rec-resources_public": "y", "rec-submit": "Save"})
    page = other.get(f"/events/{event_id}").get_data(as_text=True)
    assert "slides.pdf" in page and "video.example.org/r1" in page
    assert "slides.pdf" not in app.test_client().get(f"/events/{event_id}").get_data(as_text=True)
