"""Journey: a newcomer makes a private calendar address in settings, a calendar app reads it, and
resetting the address stops the old one."""

import urllib.error
import urllib.request

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y
from tests.factories import PASSWORD, make_booking, make_event, make_user
from tests.support.calendar_parsers import by_uid


def _fetch(url):
    """GET without the browser's cookies, as a calendar app would."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_personal_calendar_address_subscribe_and_reset(page, app, live_server):
    with app.app_context():
        user = make_user(email="nadia@example.org", full_name="Nadia Rahman")
        event = make_event(title="MRCPCH Clinical: the communication station")
        make_booking(event, user)
        event_uid = f"event-{event.id}@softlanding.example.org"
        db.session.commit()

    page.goto("/account/login")
    page.get_by_label("Email address").fill("nadia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/profile/settings")
    expect(page.get_by_role("heading", name="Calendar feed")).to_be_visible()
    check_a11y(page, "settings-calendar-none")
    page.get_by_role("button", name="Create my calendar address").click()
    expect(page.get_by_text("Your calendar address is ready")).to_be_visible()
    check_a11y(page, "settings-calendar-address")

    address = page.get_by_label("Your private calendar address").input_value()
    assert address.startswith(live_server + "/calendar/") and address.endswith(".ics")
    webcal = page.get_by_role("link", name="Subscribe in your calendar app (Apple Calendar, Outlook)")
    expect(webcal).to_have_attribute("href", address.replace("http://", "webcal://"))
    status, data = _fetch(address)
    assert status == 200 and event_uid in by_uid(data)

    page.get_by_role("button", name="Make a new calendar address").click()
    expect(page.get_by_text("The old one no longer works")).to_be_visible()
    new_address = page.get_by_label("Your private calendar address").input_value()
    assert new_address != address
    assert _fetch(address)[0] == 404
    assert _fetch(new_address)[0] == 200
