"""Typed text survives sending another form on the same page: in the pair space, notes typed into the
meeting log are still there after saving the next meeting date (kept in the tab by site.js)."""

from datetime import date, timedelta

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.factories import PASSWORD, make_user
from tests.factories.mentoring import make_mentor, make_pair

NOTES = "We talked about ARCP evidence.\nاگلی بار: پورٹ فولیو 🌱"


def test_unsent_notes_survive_saving_another_form(page, live_server, app):
    with app.app_context():
        mentee = make_user(email="drafts@example.org")
        pair = make_pair(make_mentor(), mentee)
        db.session.commit()
        pair_id = pair.id
    page.goto("/account/login")
    page.get_by_label("Email address").fill("drafts@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/mentoring/pairs/{pair_id}")
    page.get_by_label("Private notes (only the two of you see them)").fill(NOTES)
    page.get_by_label("Next meeting date").fill((date.today() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Save date").click()
    page.wait_for_load_state("load")
    expect(page.locator("#next")).not_to_contain_text("No date set.")
    expect(page.get_by_label("Private notes (only the two of you see them)")).to_have_value(NOTES)
    # Sending the notes' own form clears the kept draft: the next visit starts empty.
    page.get_by_label("Date you met").fill(date.today().isoformat())
    page.get_by_role("button", name="Log meeting").click()
    page.wait_for_load_state("load")
    page.goto(f"/mentoring/pairs/{pair_id}")
    expect(page.get_by_label("Private notes (only the two of you see them)")).to_have_value("")
