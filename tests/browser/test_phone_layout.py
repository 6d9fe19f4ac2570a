"""Phone first, without JavaScript: the header menu folds behind "Menu", listing filters behind
"Filter", the booking panel sits near the top of an event page, header tap targets are at least 24 px."""

from datetime import timedelta

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.factories import PASSWORD, make_event, make_user
from tests.factories.events import make_slot

PHONE = {"width": 390, "height": 844}


def _phone(browser, live_server, js=False):
    context = browser.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=js)
    context.set_default_timeout(10000)
    return context, context.new_page()


def test_header_menu_and_filters_fold_on_a_phone_without_script(browser, live_server, app):
    with app.app_context():
        make_user(email="phone@example.org")
        make_event(title="First event on the list")
        db.session.commit()
    context, page = _phone(browser, live_server)
    page.goto("/account/login")
    page.get_by_label("Email address").fill("phone@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/events/")
    header = page.locator(".site-header").bounding_box()
    assert header and header["height"] < 90  # not 300 px of every screen
    menu = page.locator("details.nav-small")
    expect(menu.get_by_role("link", name="My events")).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="My events")).to_be_visible()
    for link in menu.locator("a, button").all():
        box = link.bounding_box()
        assert box and box["height"] >= 24 and box["width"] >= 24, link.inner_text()
    menu.locator("summary").click()
    # The filters wait behind "Filter"; the first event is on the first screen.
    expect(page.get_by_label("Category")).to_be_hidden()
    card = page.get_by_role("link", name="First event on the list").bounding_box()
    assert card and card["y"] < PHONE["height"]
    page.locator("details.filter-panel summary").click()
    expect(page.get_by_label("Category")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_wide_screen_shows_the_bar_and_filters_without_disclosures(page, live_server, app):
    page.goto("/events/")
    expect(page.locator("nav.nav-wide").get_by_role("link", name="Events")).to_be_visible()
    expect(page.get_by_label("Category")).to_be_visible()
    expect(page.locator("details.filter-panel summary")).to_be_hidden()


def test_booking_panel_is_near_the_top_of_a_mock_interview_page(browser, live_server, app):
    with app.app_context():
        make_user(email="slots@example.org")
        mock = make_event(title="Mock interview evening", category="mock_interview", interview_level="st3")
        for i in range(12):
            make_slot(mock, starts_in=timedelta(days=7, minutes=30 * i))
        db.session.commit()
        mock_id = mock.id
    context, page = _phone(browser, live_server)
    page.goto("/account/login")
    page.get_by_label("Email address").fill("slots@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/events/{mock_id}")
    place = page.get_by_role("heading", name="Your place").bounding_box()
    assert place and place["y"] < PHONE["height"]  # first screen, not four screens down
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_copy_button_copies_the_calendar_address(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1100, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.goto("/events/")
    address = page.locator("#public-feed-address").inner_text().strip()
    page.get_by_role("button", name="Copy address").click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    context.close()
