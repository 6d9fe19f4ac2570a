"""Journeys: a member downloads their data and deletes their account; an admin suspends and reinstates
a member and finds both in the audit log. Every page is checked with axe."""

import io
import json
import zipfile
from datetime import timedelta

from playwright.sync_api import expect

from softlanding.blueprints.accounts.models import User
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.registry import get_registry
from tests.browser.conftest import check_a11y
from tests.factories import PASSWORD, make_booking, make_event, make_user


def _sign_in(page, email, password=PASSWORD):
    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_member_downloads_their_data_then_deletes_their_account(page, live_app, live_server):
    with live_app.app_context():
        user = make_user(email="zainab.trust@example.org", full_name="Zainab Hussain", bio="Peshawar → Bristol 🌷")
        make_booking(make_event(title="Portfolio clinic", starts_in=timedelta(days=4)), user)
        db.session.commit()
        user_id = user.id
    _sign_in(page, "zainab.trust@example.org")
    page.goto("/profile/settings")
    check_a11y(page, "trust-settings")
    page.get_by_role("button", name="Download my data").click()
    expect(page.get_by_text("We are making your data file")).to_be_visible()
    with live_app.app_context():
        get_registry().jobs["data_exports"](utcnow())  # the job runner's turn
        db.session.commit()
    page.reload()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data (zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    assert json.loads(archive.read("profile.json"))["bio"] == "Peshawar → Bristol 🌷"
    assert json.loads(archive.read("bookings.json"))[0]["event"] == "Portfolio clinic"
    assert "README.txt" in archive.namelist()

    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Delete my account")).to_be_visible()
    expect(page.get_by_text("waiting list move up")).to_be_visible()
    check_a11y(page, "trust-delete")
    page.get_by_label("Your password").fill("not my password at all")
    page.get_by_role("button", name="Delete the account for good").click()
    expect(page.locator("#password-error")).to_contain_text("That is not your password")
    check_a11y(page, "trust-delete-error")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete the account for good").click()
    expect(page.get_by_text("Your account is deleted")).to_be_visible()
    page.goto("/profile/")
    assert "/account/login" in page.url
    with live_app.app_context():
        assert db.session.get(User, user_id).full_name == "A former member"


def test_admin_suspends_and_reinstates_a_member_and_finds_both_in_the_audit_log(page, live_app, live_server):
    with live_app.app_context():
        make_user(role="admin", email="admin.trust@example.org", full_name="Ada Admin")
        member = make_user(email="rep.trust@example.org", full_name="Tunde Bello")
        db.session.commit()
        member_id = member.id
    _sign_in(page, "admin.trust@example.org")
    page.goto("/admin/users?q=tunde")
    check_a11y(page, "trust-admin-users")
    page.get_by_role("link", name="Tunde Bello", exact=True).click()
    check_a11y(page, "trust-member")
    page.get_by_role("button", name="Suspend this member").click()
    expect(page.locator("#reason-error")).to_contain_text("Give the reason")
    check_a11y(page, "trust-member-error")
    page.get_by_label("Reason (the member is told it)").fill("Reported messages under review")
    page.get_by_role("button", name="Suspend this member").click()
    expect(page.get_by_text("is suspended and signed out everywhere")).to_be_visible()
    expect(page.get_by_text("Reason given: Reported messages under review")).to_be_visible()
    page.get_by_role("button", name="Reinstate Tunde Bello").click()
    expect(page.get_by_text("can sign in again")).to_be_visible()

    page.goto("/admin/audit")
    page.get_by_label("Person (member number)").fill(str(member_id))
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text="Suspended")).to_have_count(1)
    expect(rows.filter(has_text="Reinstated")).to_have_count(1)
    check_a11y(page, "trust-audit")
    page.get_by_label("Action").select_option(label="Suspended")
    page.get_by_role("button", name="Filter").click()
    expect(rows.filter(has_text="Reinstated")).to_have_count(0)
    expect(rows.filter(has_text="Suspended")).to_have_count(1)


def test_privacy_notice_fits_a_phone_and_is_accessible(phone_page):
    phone_page.goto("/privacy")
    expect(phone_page.get_by_role("heading", name="Privacy notice")).to_be_visible()
    check_a11y(phone_page, "privacy-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the privacy notice scrolls sideways on a phone ({width}px wide)"
    phone_page.goto("/account/register")
    expect(phone_page.get_by_text("all signed-in members")).to_be_visible()
    check_a11y(phone_page, "register-phone")
