"""Journey: a newcomer books, finds the confirmation with its .ics in the mail folder, turns off reminder
emails in settings, and follows the in-app notifications (the reminder arrives in the app, not by email)."""

from datetime import timedelta

from playwright.sync_api import expect

from softlanding.core.extensions import db
from softlanding.core.jobs import run_all
from tests.browser.conftest import check_a11y
from tests.factories import PASSWORD, make_event, make_user, read_mail


def test_newcomer_books_finds_ics_turns_off_reminders_and_reads_notifications(page, live_app, live_server, mail_dir):
    with live_app.app_context():
        make_user(email="folake.ade@example.org", full_name="Folake Adebayo")
        event = make_event(title="Your first ARCP: what panels look for", starts_in=timedelta(days=3))
        db.session.commit()
        event_id, starts_at = event.id, event.starts_at

    page.goto("/account/login")
    page.get_by_label("Email address").fill("folake.ade@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()  # nothing unread yet
    check_a11y(page, "notifications-home")

    page.goto("/events/")
    page.get_by_role("link", name="Your first ARCP: what panels look for").first.click()
    expect(page.get_by_role("heading", name="Your first ARCP: what panels look for")).to_be_visible()
    check_a11y(page, "notifications-event")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You are booked.", exact=True)).to_be_visible()
    check_a11y(page, "notifications-event-booked")

    # The confirmation is in the development mail folder, with the event's calendar file.
    [confirmation] = [m for m in read_mail(mail_dir) if m["Subject"].startswith("You are booked")]
    assert confirmation["To"] == "folake.ade@example.org"
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/events/{event_id}" in confirmation.get_body(("plain",)).get_content()
    [ics] = [part for part in confirmation.iter_attachments() if part.get_filename().endswith(".ics")]
    calendar = ics.get_content() if isinstance(ics.get_content(), str) else ics.get_content().decode()
    assert "METHOD:REQUEST" in calendar and f"event-{event_id}@" in calendar.replace("\r\n ", "")

    # The header counts the unread notification.
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()

    page.get_by_role("link", name="Settings").click()
    check_a11y(page, "notifications-settings")
    reminders = page.get_by_label("Reminders before an event")
    expect(reminders).to_be_checked()
    expect(page.get_by_label("Password reset")).to_be_disabled()
    reminders.uncheck()
    page.get_by_role("button", name="Save email choices").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(page.get_by_label("Reminders before an event")).not_to_be_checked()
    expect(page.get_by_label("Booking confirmations")).to_be_checked()
    check_a11y(page, "notifications-settings-saved")

    # A day before the start the job runner reminds her: in the app only, as she chose.
    with live_app.app_context():
        run_all(starts_at - timedelta(hours=23))
    assert not [m for m in read_mail(mail_dir) if m["Subject"].startswith("Reminder")]

    page.goto("/")
    page.get_by_role("link", name="Notifications 2 unread").click()
    check_a11y(page, "notifications-list")
    items = page.locator(".notification")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Reminder: Your first ARCP: what panels look for")
    page.get_by_role("button", name="You are booked: Your first ARCP: what panels look for").click()
    expect(page).to_have_url(f"{live_server}/events/{event_id}")
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    check_a11y(page, "notifications-opened")


def test_unsubscribe_link_from_email_and_admin_outbox_pages(page, live_app, live_server, mail_dir):
    from softlanding.blueprints.accounts.users import request_password_reset
    from softlanding.core.mailer import deliver_pending
    from softlanding.core.models import OutboxMessage
    from tests.factories import make_booking
    from tests.factories.notifications import queue_message

    with live_app.app_context():
        member = make_user(email="kwame.mensah@example.org", role="organiser")
        make_user(email="root.admin@example.org", role="admin")
        make_booking(make_event(title="Mock interview evening"), member)
        queue_message(member, "Your weekly digest (2026-W48)")
        db.session.commit()
        deliver_pending()
        request_password_reset("kwame.mensah@example.org")
        db.session.flush()
        failed = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.kind == "reset_password"))
        failed.status, failed.attempts, failed.last_error = "failed", 6, "SMTPServerDisconnected: gone"
        db.session.commit()
        failed_id = failed.id

    [digest] = [m for m in read_mail(mail_dir) if "weekly digest" in m["Subject"]]
    link = digest["List-Unsubscribe"].strip("<>")
    page.goto(link)  # signed out, as from a mail client
    expect(page.get_by_role("heading", name="Stop these emails?")).to_be_visible()
    check_a11y(page, "unsubscribe-confirm")
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", name="Unsubscribed")).to_be_visible()
    expect(page.get_by_text("Weekly organiser digest")).to_be_visible()
    check_a11y(page, "unsubscribe-done")

    page.goto("/account/login")
    page.get_by_label("Email address").fill("root.admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Outbox", exact=True).click()
    check_a11y(page, "outbox-pending")
    page.get_by_role("link", name="Failed (1)").click()
    expect(page.get_by_text("SMTPServerDisconnected: gone")).to_be_visible()
    check_a11y(page, "outbox-failed")
    page.get_by_role("link", name="Reset your password").click()
    expect(page.get_by_text("its text is never shown here")).to_be_visible()
    check_a11y(page, "outbox-detail-sensitive")
    page.get_by_role("button", name="Retry now").click()
    expect(page.get_by_text("The message is queued again.")).to_be_visible()
    with live_app.app_context():
        assert db.session.get(OutboxMessage, failed_id).status == "sent"  # delivered inline in development
