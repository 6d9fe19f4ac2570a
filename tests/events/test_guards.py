"""Started events stay as they happened; past events read as past; organisers restore a cancelled event."""

from datetime import timedelta

import pytest

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import lifecycle as events
from softlanding.blueprints.events.models import Event
from softlanding.core.errors import PermissionDenied, ValidationError
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_user, read_mail


def test_a_started_event_cannot_be_cancelled_or_rescheduled(ctx):
    event = make_event(starts_in=timedelta(minutes=-10))
    host = event.host
    with pytest.raises(ValidationError, match="has started"):
        events.cancel(host, event, "Host unwell")
    with pytest.raises(ValidationError, match="has started"):
        events.reschedule(host, event, {**events.form_values(event), "reason": "Moved"})
    assert event.status == "published"


def test_started_event_offers_no_cancel_or_reschedule_and_refuses_the_urls(login_as, app):
    with app.app_context():
        rep = make_user(role="rep")
        event_id = make_event(host=rep, starts_in=timedelta(minutes=-10)).id
        db.session.commit()
    host = login_as(rep)
    page = host.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Cancel the event" not in page and "Reschedule" not in page
    for url in (f"/events/{event_id}/cancel", f"/events/{event_id}/reschedule"):
        refused = host.get(url, follow_redirects=True).get_data(as_text=True)
        assert "has started, so it can no longer be cancelled or rescheduled" in refused
    host.post(f"/events/{event_id}/cancel", data={"reason": "Too late"})
    with app.app_context():
        assert db.session.get(Event, event_id).status == "published"


def test_a_past_event_reads_as_past_not_as_started(login_as, app):
    with app.app_context():
        past = make_event(days_ago=10)
        running = make_event(starts_in=timedelta(minutes=-10))
        past_id, running_id, day = past.id, running.id, past.starts_at.strftime("%B %Y")
        db.session.commit()
    client = login_as("newcomer")
    page = client.get(f"/events/{past_id}").get_data(as_text=True)
    assert "This event took place on" in page and day in page and "has started" not in page
    assert "This event has started" in client.get(f"/events/{running_id}").get_data(as_text=True)


def test_restoring_keeps_places_and_waitlist_and_tells_everyone(ctx, mail_dir):
    event = make_event(capacity=2, title="Back-on webinar")
    host, organiser = event.host, make_user(role="organiser")
    first, leaver, waiting, later = make_user(), make_user(), make_user(), make_user()
    for person in (first, leaver):
        bookings.book(person, event.id)
    bookings.book(waiting, event.id)
    bookings.book(later, event.id)
    events.cancel(host, event, "Speaker ill")
    bookings.cancel_booking(leaver, event.id)  # gives up the place while the event is off
    with pytest.raises(PermissionDenied):
        events.restore(host, event)
    events.restore(organiser, event)
    status = {b.user_id: b.status for b in bookings.roster(event)}
    assert event.status == "published" and event.cancel_reason == ""
    assert status == {first.id: "booked", waiting.id: "booked", leaver.id: "cancelled", later.id: "waitlisted"}
    assert bookings.waitlist_position(bookings.booking_for(later, event.id)) == 1
    db.session.commit()
    read_mail(mail_dir, deliver=True)
    [back] = read_mail(mail_dir, subject="Back on: Back-on webinar", to=first.email)
    assert "your place is kept" in back.get_body(("plain",)).get_content()
    assert [p for p in back.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert "keep your place on the waitlist" in read_mail(
        mail_dir, subject="Back on", to=later.email)[0].get_body(("plain",)).get_content()
    assert read_mail(mail_dir, subject="A place came free", to=waiting.email)
    assert not read_mail(mail_dir, subject="Back on", to=leaver.email)


def test_restore_only_before_the_start_and_unpublished_events_go_back_to_draft(ctx):
    organiser = make_user(role="organiser")
    started = make_event(status="cancelled", starts_in=timedelta(minutes=-5))
    with pytest.raises(ValidationError, match="start has passed"):
        events.restore(organiser, started)
    with pytest.raises(ValidationError, match="Only a cancelled"):
        events.restore(organiser, make_event())
    draft = make_event(status="draft")
    events.cancel(draft.host, draft, "Not needed")
    events.restore(organiser, draft)
    assert draft.status == "draft"


def test_organiser_restores_through_a_confirmation_page(login_as, app, mail_dir):
    with app.app_context():
        event = make_event(status="cancelled", title="Restored by form")
        attendee = make_user()
        make_booking(event, attendee)
        event_id, email, host = event.id, attendee.email, event.host
        db.session.commit()
    assert "Restore this event" not in login_as(host).get(f"/events/{event_id}").get_data(as_text=True)
    organiser = login_as("organiser")
    assert "Restore this event" in organiser.get(f"/events/{event_id}").get_data(as_text=True)
    confirm = organiser.get(f"/events/{event_id}/restore").get_data(as_text=True)
    assert "Bookings and the waitlist are kept" in confirm
    done = organiser.post(f"/events/{event_id}/restore", follow_redirects=True).get_data(as_text=True)
    assert "The event is back on" in done and "This event is cancelled" not in done
    assert read_mail(mail_dir, subject="Back on: Restored by form", to=email)
    assert organiser.post(f"/events/{event_id}/restore").status_code == 409
