"""Journeys of the events desk: the organisers' table and CSV, a series, messaging attendees, a Zoom
import and an attendee downloading a certificate; axe on every page, and nothing wider than a phone."""

import io
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from pypdf import PdfReader

from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y, sign_out
from tests.browser.conftest import sign_in as _sign_in
from tests.factories import make_booking, make_event, make_user, read_mail

PHONE = {"width": 390, "height": 800}




def _fits_a_phone(browser, live_server, email, path, name):
    """The page at 390 px wide does not scroll sideways and passes axe."""
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    _sign_in(phone, email)
    phone.goto(path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    check_a11y(phone, f"{name}-phone")
    context.close()
    assert width <= PHONE["width"], f"{path} scrolls sideways on a phone ({width}px wide)"


def test_organiser_desk_sorts_filters_and_downloads(page, app, browser, live_server):
    with app.app_context():
        make_user(role="organiser", email="desk.org@example.org")
        host = make_user(role="rep", full_name="Farah Siddiqui")
        busy = make_event(host=host, title="Kaizen portfolio clinic — ملتان", category="eportfolio", capacity=3)
        for _ in range(3):
            make_booking(busy)
        make_booking(busy, status="waitlisted")
        make_event(host=host, title="Quiet draft", status="draft")
        make_event(title="Past induction", category="induction", starts_in=timedelta(days=-20))
        db.session.commit()
    _sign_in(page, "desk.org@example.org")
    page.goto("/events/manage")
    page.get_by_role("link", name="Events desk").click()
    expect(page.get_by_role("heading", name="Events desk")).to_be_visible()
    check_a11y(page, "events-desk")
    page.get_by_role("link", name="Booked").click()
    page.get_by_role("link", name="Booked").click()  # second click: most booked first
    expect(page.locator("tbody tr").first).to_contain_text("Kaizen portfolio clinic")
    expect(page.locator("tbody tr").first).to_contain_text("3")
    page.get_by_label("State").select_option(label="Draft")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Quiet draft")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these as CSV").click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf") and "Quiet draft" in data.decode("utf-8-sig")
    assert "Kaizen" not in data.decode("utf-8-sig")  # the filter applies to the download too
    _fits_a_phone(browser, live_server, "desk.org@example.org", "/events/desk", "events-desk")


def test_rep_makes_a_series_and_messages_the_attendees(page, app, mail_dir, browser, live_server):
    with app.app_context():
        rep = make_user(role="rep", email="series.rep@example.org")
        event = make_event(host=rep, title="Wellbeing circle", category="wellbeing_culture", capacity=20)
        make_booking(event, make_user(email="circle1@example.org"))
        make_booking(event, make_user(email="circle2@example.org"))
        db.session.commit()
        event_id = event.id
    _sign_in(page, "series.rep@example.org")
    page.goto(f"/events/{event_id}")
    page.get_by_role("link", name="Repeat as a series").click()
    check_a11y(page, "event-series")
    page.get_by_label("How often").select_option(label="Fortnightly")
    page.get_by_label("How many more events").fill("0")
    page.get_by_role("button", name="Make the drafts").click()
    expect(page.locator("#count-error")).to_contain_text("Choose between 1 and 23")
    check_a11y(page, "event-series-error")
    page.get_by_label("How many more events").fill("3")
    page.get_by_role("button", name="Make the drafts").click()
    expect(page.get_by_text("3 draft(s) made")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(4)
    expect(page.locator("table tbody")).to_contain_text("Draft")

    page.goto(f"/events/{event_id}")
    page.get_by_role("link", name="Message the attendees").click()
    check_a11y(page, "event-message")
    page.get_by_label("Everyone booked (2)").check()
    page.get_by_label("Subject").fill("Room changed")
    page.get_by_role("button", name="Send the message").click()
    expect(page.locator("#body-error")).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value("Room changed")
    page.get_by_label("Message").fill("We meet in room 2B.\nTea from 18:45 ☕")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("Message sent to 2 people")).to_be_visible()
    expect(page.locator(".list-rows")).to_contain_text("Room changed")
    check_a11y(page, "event-message-sent")
    assert sorted(m["To"] for m in read_mail(mail_dir, subject="Room changed")) == [
        "circle1@example.org", "circle2@example.org"]
    _fits_a_phone(browser, live_server, "series.rep@example.org", f"/events/{event_id}/message", "event-message")
    _fits_a_phone(browser, live_server, "series.rep@example.org", f"/events/{event_id}/series", "event-series")


def test_zoom_import_then_the_attendee_downloads_a_certificate(page, app, tmp_path, browser, live_server):
    with app.app_context():
        rep = make_user(role="rep", email="zoom.rep@example.org", full_name="Dr Zoom Host")
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
        event = make_event(host=rep, title="MRCPCH AKP webinar", starts_at=start, hours=1.5)
        make_booking(event, make_user(email="kwame@example.org", full_name="Kwame Mensah-Ñúñez"))
        make_booking(event, make_user(email="short@example.org", full_name="Short Stay"))
        for _ in range(3):
            make_booking(event)
        db.session.commit()
        event_id = event.id
    report = tmp_path / "participants.csv"
    report.write_text("Name (original name),User Email,Duration (minutes)\n"
                      "Kwame,KWAME@example.org,70\nShort,short@example.org,4\nVisitor,visitor@example.org,80\n",
                      encoding="utf-8-sig")
    _sign_in(page, "zoom.rep@example.org")
    page.goto(f"/events/{event_id}/attendees")
    check_a11y(page, "attendees-tools")
    page.get_by_role("link", name="Import a Zoom or Teams report").click()
    check_a11y(page, "attendance-import")
    page.get_by_label("Participant report (CSV)").set_input_files(str(report))
    page.get_by_role("button", name="Preview the matches").click()
    expect(page.get_by_role("heading", name="Preview: nothing is saved yet")).to_be_visible()
    expect(page.locator("main")).to_contain_text("2 matched (1 reach 30 minutes), 1 not matched")
    check_a11y(page, "attendance-import-preview")
    page.get_by_role("button", name="Save 2 attendance marks").click()
    expect(page.get_by_text("Attendance saved from the report")).to_be_visible()
    expect(page.locator(".totals")).to_contain_text("1 attended, 1 absent, 3 not marked")
    _fits_a_phone(browser, live_server, "zoom.rep@example.org", f"/events/{event_id}/attendees", "attendees")
    sign_out(page)

    _sign_in(page, "kwame@example.org")
    page.goto("/events/mine?when=past")
    check_a11y(page, "my-events-certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my certificate of attendance (PDF)").click()
    text = PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages[0].extract_text()
    assert "Kwame Mensah-Ñúñez" in text and "MRCPCH AKP webinar" in text and "1.5 hours" in text
    code = text.split("Verification code: ")[1].split()[0]
    page.goto(f"/certificates/{code}")
    expect(page.get_by_text("This is a valid certificate")).to_be_visible()
    check_a11y(page, "certificate-check")
    _fits_a_phone(browser, live_server, "kwame@example.org", f"/certificates/{code}", "certificate-check")
    _fits_a_phone(browser, live_server, "kwame@example.org", f"/events/{event_id}/reflection", "reflection")
