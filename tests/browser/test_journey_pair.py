"""Journey after the match, on a 390 px phone: the mentor accepts; they message; the newcomer proposes a
meeting and the mentor accepts it; after it the newcomer logs it prefilled; the one-month check-in; close.
Every page is axe-checked and none is wider than the phone."""

from datetime import timedelta

from playwright.sync_api import expect

from softlanding.blueprints.mentoring.models import Mentorship
from softlanding.blueprints.mentoring.models_pair import PlannedMeeting
from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y, sign_in, sign_out
from tests.factories import make_mentor, make_pair, make_seeker

PHONE = 390


def fits(page, name):
    """axe-clean, and nothing wider than the phone (no sideways scrolling)."""
    check_a11y(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{name} is {width}px wide on a {PHONE}px phone ({page.url})"


def test_accept_message_meet_log_checkin_close_on_a_phone(browser, live_server, app):
    with app.app_context():
        mentor = make_mentor(full_name="Grace Adeyemi", email="grace@example.org", topics=["arcp_portfolio"])
        mentee = make_seeker(full_name="Amina Siddiqui", email="amina@example.org", topics=["arcp_portfolio"])
        request = make_pair(mentor, mentee, status="requested", message="سلام! I start in Leeds in March 🙂")
        db.session.commit()
        pair_id = request.id
    context = browser.new_context(base_url=live_server, viewport={"width": PHONE, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        # The mentor accepts; the space opens with the ways to talk.
        sign_in(page, "grace@example.org")
        page.goto("/mentoring/mentor")
        fits(page, "pair-mentor-home")
        page.get_by_role("button", name="Accept Amina").click()
        expect(page.get_by_text("Your shared space is open")).to_be_visible()
        fits(page, "pair-space-mentor")
        page.get_by_role("link", name="Messages").click()
        page.get_by_label("Your message").fill("Welcome Amina!\nWhen suits you for a first call?")
        page.get_by_role("button", name="Send message").click()
        expect(page.get_by_text("Message sent.")).to_be_visible()
        fits(page, "pair-messages-mentor")
        sign_out(page)

        # The newcomer sees one new message, replies, and proposes a meeting.
        sign_in(page, "amina@example.org")
        page.goto(f"/mentoring/pairs/{pair_id}")
        page.get_by_role("link", name="Messages (1 new)").click()
        expect(page.get_by_text("When suits you for a first call?")).to_be_visible()
        page.get_by_label("Your message").fill("Thursday evening works — شكراً")
        page.get_by_role("button", name="Send message").click()
        page.goto(f"/mentoring/pairs/{pair_id}")
        day = page.evaluate("new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10)")
        page.get_by_label("Date", exact=True).fill(day)
        page.get_by_label("Start time (your time zone)").fill("18:30")
        page.get_by_label("Length in minutes").fill("45")
        page.get_by_label("How you will meet").select_option(label="Video call")
        page.get_by_label("Video-call link (optional)").fill("not a link")
        page.get_by_role("button", name="Propose this meeting").click()
        expect(page.locator("#link-error")).to_contain_text("https://")
        fits(page, "pair-plan-error")
        page.get_by_label("Video-call link (optional)").fill("https://meet.example.org/grace-amina")
        page.get_by_role("button", name="Propose this meeting").click()
        expect(page.get_by_text("Meeting proposed.")).to_be_visible()
        fits(page, "pair-space-mentee")
        sign_out(page)

        # The mentor accepts the meeting.
        sign_in(page, "grace@example.org")
        page.goto(f"/mentoring/pairs/{pair_id}")
        page.get_by_role("button", name="Accept this meeting").click()
        expect(page.get_by_text("Meeting agreed.")).to_be_visible()
        sign_out(page)

        # The meeting happens; a month later the newcomer logs it prefilled and answers the check-in.
        with app.app_context():
            pair = db.session.get(Mentorship, pair_id)
            pair.started_at -= timedelta(days=31)
            meeting = db.session.scalar(db.select(PlannedMeeting))
            meeting.starts_at = pair.started_at + timedelta(days=2)
            db.session.commit()
        sign_in(page, "amina@example.org")
        page.goto(f"/mentoring/pairs/{pair_id}")
        page.get_by_role("link", name="Log the meeting of").click()
        expect(page.get_by_label("How you met")).to_have_value("video")
        page.get_by_label("Private notes (only the two of you see them)").fill("Talked through ARCP.\nNext: Kaizen.")
        page.get_by_role("button", name="Log meeting").click()
        expect(page.get_by_text("Meeting logged.")).to_be_visible()
        expect(page.get_by_role("link", name="Log the meeting of")).to_have_count(0)
        page.get_by_role("link", name="Answer the check-in: one month in").click()
        fits(page, "pair-checkin")
        page.get_by_role("button", name="Send check-in").click()
        expect(page.locator("#met-error")).to_be_visible()
        page.get_by_label("About once a month").check()
        page.locator("#usefulness-field").get_by_label("4").check()
        page.locator("#confidence-field").get_by_label("3").check()
        page.get_by_label("Anything else (optional)").fill("Very helpful 🙏")
        page.get_by_role("button", name="Send check-in").click()
        expect(page.get_by_text("your check-in is saved")).to_be_visible()

        # The newcomer closes the mentoring; messages stay, read-only.
        page.goto(f"/mentoring/pairs/{pair_id}/close")
        fits(page, "pair-close")
        page.get_by_label("Completed: we reached our goals").check()
        page.get_by_role("button", name="End mentoring").click()
        page.goto(f"/mentoring/pairs/{pair_id}/messages")
        expect(page.get_by_text("read-only")).to_be_visible()
        expect(page.get_by_text("Thursday evening works")).to_be_visible()
        fits(page, "pair-messages-closed")
    finally:
        context.close()
