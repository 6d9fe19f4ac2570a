"""Journeys: a rep proposes an event, an organiser publishes it, newcomers book, wait and move up."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y
from tests.browser.conftest import sign_in as _sign_in
from tests.browser.conftest import sign_out as _sign_out
from tests.factories import make_user


def test_propose_publish_book_waitlist_and_promotion(page, app, mail_dir):
    with app.app_context():
        make_user(role="rep", email="rep.journey@example.org", full_name="Rashid Rep")
        make_user(role="organiser", email="org.journey@example.org")
        make_user(email="amina@example.org", full_name="Amina First")
        make_user(email="bola@example.org", full_name="Bola Second")
        db.session.commit()
    start = (datetime.now() + timedelta(days=21)).replace(hour=18, minute=30, second=0, microsecond=0)

    # A rep drafts the event; a mistake is explained next to the field and nothing typed is lost.
    _sign_in(page, "rep.journey@example.org")
    page.get_by_role("link", name="Events", exact=True).click()
    check_a11y(page, "events-listing-rep")
    page.get_by_role("link", name="Propose an event").click()
    check_a11y(page, "event-new")
    page.get_by_label("Title").fill("MRCPCH Clinical: history-taking stations")
    page.get_by_label("Category").select_option(label="MRCPCH exam preparation")
    page.get_by_label("MRCPCH exam component").select_option(label="MRCPCH Clinical")
    page.get_by_label("Description").fill("<p>Practise the <strong>history-taking</strong> stations.</p>"
                                          "<script>alert('x')</script>")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Online join link").fill("https://meet.example.org/clinical")
    page.get_by_label("Places").fill("1")
    page.get_by_label("ST1–ST4 (core paediatrics)").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#ends_at-error")).to_contain_text("after the start")
    expect(page.get_by_label("Title")).to_have_value("MRCPCH Clinical: history-taking stations")
    expect(page.get_by_label("ST1–ST4 (core paediatrics)")).to_be_checked()
    check_a11y(page, "event-new-error")
    page.get_by_label("Ends").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    expect(page.locator(".event-description strong")).to_have_text("history-taking")
    expect(page.locator(".event-description")).not_to_contain_text("alert")
    check_a11y(page, "event-draft")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted. An organiser will review it.")).to_be_visible()
    event_url = page.url
    _sign_out(page)

    # Until it is published nobody else can see it.
    page.goto(event_url)
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()

    # An organiser publishes it from the review list.
    _sign_in(page, "org.journey@example.org")
    page.goto("/events/manage")
    check_a11y(page, "events-manage-organiser")
    page.get_by_role("link", name="MRCPCH Clinical: history-taking stations").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published. Members can now book.")).to_be_visible()
    _sign_out(page)

    # A newcomer filters the listing (the filters are in the URL), books, and finds it under My events.
    _sign_in(page, "amina@example.org")
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_label("Category").select_option(label="MRCPCH exam preparation")
    page.get_by_label("Exam component").select_option(label="MRCPCH Clinical")
    page.get_by_label("Career stage").select_option(label="ST1–ST4 (core paediatrics)")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"category=mrcpch.*exam=clinical.*stage=st1_4"))
    card = page.locator(".event-card", has_text="history-taking")
    expect(card).to_contain_text("1 place left")
    expect(card).to_contain_text("BST" if start.month in range(4, 11) else "G")
    check_a11y(page, "events-listing-filtered")
    card.get_by_role("link").click()
    check_a11y(page, "event-page-newcomer")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You are booked. We have emailed you a calendar file.")).to_be_visible()
    expect(page.get_by_role("link", name="Join the event")).to_have_count(0)  # too early for the link
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download .ics file").click()
    ics = open(download_info.value.path(), encoding="utf-8").read()
    assert "BEGIN:VEVENT" in ics and "history-taking" in ics and "meet.example.org" not in ics
    page.get_by_role("link", name="My events").first.click()
    expect(page.locator(".my-bookings")).to_contain_text("MRCPCH Clinical: history-taking stations")
    check_a11y(page, "my-events")
    _sign_out(page)

    # A second newcomer finds it full and joins the waitlist.
    _sign_in(page, "bola@example.org")
    page.goto(event_url)
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.get_by_text("You are number 1 on the waitlist.")).to_be_visible()
    check_a11y(page, "event-page-waitlisted")
    _sign_out(page)

    # The first newcomer cancels; the second is promoted and told by email.
    _sign_in(page, "amina@example.org")
    page.goto(event_url)
    page.get_by_role("link", name="Cancel my booking").click()
    # The confirmation says the place goes to the one person waiting and a cancellation is emailed.
    expect(page.get_by_text("first of the 1 person on the waitlist")).to_be_visible()
    check_a11y(page, "cancel-booking-confirmation")
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_text("Your booking is cancelled.")).to_be_visible()
    _sign_out(page)
    _sign_in(page, "bola@example.org")
    page.goto(event_url)
    expect(page.get_by_text("You are booked.")).to_be_visible()
    page.goto("/events/mine")
    expect(page.locator(".my-bookings")).to_contain_text("Booked")
    from tests.factories import read_mail

    subjects = [m["Subject"] for m in read_mail(mail_dir) if m["To"] == "bola@example.org"]
    assert any("A place came free" in s for s in subjects), subjects


def test_host_takes_attendance_shares_a_recording_and_runs_interview_slots(page, app):
    from tests.factories import make_booking, make_event

    with app.app_context():
        host = make_user(role="rep", email="host.journey@example.org", full_name="Hana Host")
        past = make_event(host=host, title="Portfolio clinic", starts_in=timedelta(days=-1))
        make_booking(past, make_user(full_name="Chidi Came"))
        make_booking(past, make_user(full_name="Mona Missed"))
        # Slots lie inside the event: it runs from half an hour before the first slot, for three hours.
        first = (datetime.now(ZoneInfo("Europe/London")) + timedelta(days=9)).replace(
            hour=10, minute=0, second=0, microsecond=0, tzinfo=None)
        mock = make_event(host=host, title="Mock interviews: ST3 entry", category="mock_interview",
                          interview_level="st3", capacity=None, hours=3,
                          starts_at=(first.replace(tzinfo=ZoneInfo("Europe/London")) - timedelta(minutes=30))
                          .astimezone(UTC))
        make_user(email="kofi@example.org", full_name="Kofi Candidate")
        ids = past.id, mock.id
        db.session.commit()
    past_id, mock_id = ids

    _sign_in(page, "host.journey@example.org")
    page.goto(f"/events/{past_id}")
    expect(page.get_by_text("This event took place on")).to_be_visible()
    expect(page.get_by_role("link", name="Cancel the event")).to_have_count(0)  # a past event stays as it was
    page.get_by_role("link", name="Attendees and attendance").click()
    check_a11y(page, "event-attendees")
    page.get_by_role("group", name="Attendance of Chidi Came").get_by_label("Attended").check()
    page.get_by_role("group", name="Attendance of Mona Missed").get_by_label("Absent").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved (2 changed).")).to_be_visible()
    page.goto(f"/events/{past_id}")
    page.get_by_role("link", name="Recording and resources").click()
    page.get_by_label("Recording link").fill("ftp://old.example.org/video")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#rec-recording_url-error")).to_contain_text("https://")
    check_a11y(page, "event-follow-up-error")
    page.get_by_label("Recording link").fill("https://video.example.org/portfolio")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    page.goto(f"/events/{mock_id}")
    page.get_by_role("link", name="Interview slots").click()
    page.get_by_label("Interviewer").select_option(label="Hana Host")
    page.get_by_label("First slot starts").fill(first.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Number of slots").fill("3")
    page.get_by_role("button", name="Add slots").click()
    expect(page.get_by_text("3 slot(s) added.")).to_be_visible()
    check_a11y(page, "event-slots")
    page.goto(f"/events/{mock_id}/reschedule")
    check_a11y(page, "event-reschedule")
    page.goto(f"/events/{mock_id}/cancel")
    check_a11y(page, "event-cancel")
    _sign_out(page)

    _sign_in(page, "kofi@example.org")
    page.goto(f"/events/{mock_id}")
    page.get_by_role("button", name="Book this slot").first.click()
    expect(page.get_by_text("Your interview slot is booked.")).to_be_visible()
    expect(page.get_by_role("button", name="Book this slot")).to_have_count(0)  # one slot per person
    check_a11y(page, "event-slot-booked")
    _sign_out(page)

    _sign_in(page, "host.journey@example.org")
    page.goto("/events/mine")
    expect(page.get_by_role("table", name="My interview schedule")).to_contain_text("Kofi Candidate")
    check_a11y(page, "my-events-interviewer")
