"""Journey: a newcomer books a mock-interview slot, sees it in My events, and cancels with a confirmation;
the interviewer is emailed the slot's own time. Every page is axe-clean and fits a 390 px phone."""

from datetime import timedelta

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y
from tests.browser.test_journey_events import _sign_in, _sign_out
from tests.factories import make_event, make_slot, make_user, read_mail


def _fits_phone(page, name, width=390):
    """No sideways scrolling at a phone's width."""
    page.set_viewport_size({"width": width, "height": 800})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{name} is {scroll}px wide at a {width}px viewport"
    page.set_viewport_size({"width": 1100, "height": 900})


def test_book_a_slot_see_it_in_my_events_and_cancel_with_a_confirmation(page, app, mail_dir):
    with app.app_context():
        interviewer = make_user(role="rep", email="slot.interviewer@example.org", full_name="Dr Noor Al-Hassan")
        make_user(email="slot.candidate@example.org", full_name="Dr Chidi Eze")
        event = make_event(category="mock_interview", interview_level="st3", capacity=2, hours=2,
                           title="ST3 interview practice (مقابلة)")
        make_slot(event, interviewer=interviewer, starts_in=timedelta(days=7, minutes=30))
        make_slot(event, interviewer=interviewer, starts_in=timedelta(days=7, minutes=60))
        event_id = event.id
        db.session.commit()
    _sign_in(page, "slot.candidate@example.org")
    page.goto(f"/events/{event_id}")
    expect(page.get_by_text("The hosts will see your name, career stage and email address")).to_be_visible()
    page.get_by_role("button", name="Book this slot").first.click()
    expect(page.get_by_text("Your interview slot is booked.")).to_be_visible()
    check_a11y(page, "slot-booked")
    _fits_phone(page, "event page with a slot")

    page.goto("/events/mine")
    expect(page.locator(".my-bookings")).to_contain_text("Your interview slot:")
    expect(page.locator(".my-bookings")).to_contain_text("with Dr Noor Al-Hassan")
    check_a11y(page, "my-events-slot")
    _fits_phone(page, "my events")

    page.goto(f"/events/{event_id}")
    page.get_by_role("link", name="Cancel my booking").click()
    expect(page.get_by_text("Your interview slot at")).to_be_visible()
    expect(page.get_by_text("removes the event from your calendar")).to_be_visible()
    check_a11y(page, "cancel-booking-with-slot")
    _fits_phone(page, "cancel booking confirmation")
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_text("Your booking is cancelled.")).to_be_visible()
    _sign_out(page)

    with app.app_context():
        subjects = [m["Subject"] for m in read_mail(mail_dir, to="slot.interviewer@example.org", deliver=True)]
    assert any(s.startswith("Interview slot booked") for s in subjects), subjects
    assert any(s.startswith("Interview slot cancelled") for s in subjects), subjects


def test_host_removes_a_slot_after_a_confirmation(page, app):
    with app.app_context():
        host = make_user(role="rep", email="slot.host@example.org")
        other = make_user(role="rep", full_name="Dr Removed Interviewer")
        event = make_event(host=host, category="mock_interview", interview_level="st3", capacity=3, hours=2)
        make_slot(event, interviewer=other, starts_in=timedelta(days=7, minutes=30))
        event_id = event.id
        db.session.commit()
    _sign_in(page, "slot.host@example.org")
    page.goto(f"/events/{event_id}/slots")
    page.get_by_role("link", name="Remove").first.click()
    expect(page.get_by_text("Dr Removed Interviewer is emailed")).to_be_visible()
    check_a11y(page, "remove-slot-confirmation")
    _fits_phone(page, "remove slot confirmation")
    page.get_by_role("button", name="Remove this slot").click()
    expect(page.get_by_text("Slot removed.")).to_be_visible()
    expect(page.get_by_role("link", name="Remove")).to_have_count(0)
