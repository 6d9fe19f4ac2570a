"""Keyboard only (no mouse, no clicks): a newcomer signs in and books an event; an organiser codes an
answer in the analysis workspace; a newcomer in an active pair opens the shared space and sends their
mentor a message, which the mentor then reads. Every control reached shows a visible focus indicator."""

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.factories import (
    PASSWORD,
    make_analysis_survey,
    make_code,
    make_event,
    make_pair,
    make_response,
    make_user,
)

FOCUS_SHOWN = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== 'none'; }"""


def _tab_to(page, matches, limit=120):
    """Press Tab until the focused element satisfies `matches` (a JS predicate on the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({matches})(el); }}"):
            assert page.evaluate(FOCUS_SHOWN), "the focused control shows no focus indicator"
            return
    raise AssertionError(f"Tab never reached {matches}")


def _text_is(text):
    return f"el => (el.innerText || el.value || '').trim() === {text!r}"


def _sign_in(page, email):
    page.goto("/account/login")
    _tab_to(page, "el => el.id === 'email'")
    page.keyboard.type(email)
    _tab_to(page, "el => el.id === 'password'")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_keyboard_only_newcomer_books_an_event(page, live_server, app):
    with app.app_context():
        make_user(email="keys.newcomer@example.org", full_name="Keys Newcomer")
        event = make_event(title="ARCP by keyboard")
        db.session.commit()
        event_id = event.id
    _sign_in(page, "keys.newcomer@example.org")
    _tab_to(page, _text_is("Events"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/")
    _tab_to(page, _text_is("ARCP by keyboard"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/events/{event_id}")
    _tab_to(page, _text_is("Book a place"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("You are booked. We have emailed you a calendar file.")).to_be_visible()
    expect(page.locator(".event-side")).to_contain_text("You are booked.")


def test_keyboard_only_organiser_codes_an_answer(page, live_server, app):
    with app.app_context():
        make_user(role="organiser", email="keys.organiser@example.org", full_name="Keys Organiser")
        survey = make_analysis_survey(make_event(title="Portfolio evening", days_ago=10))
        make_response(survey, "The Kaizen walkthrough made the ARCP evidence clear.", rating=5)
        make_code(name="Portfolio evidence")
        db.session.commit()
    _sign_in(page, "keys.organiser@example.org")
    _tab_to(page, _text_is("Feedback analysis"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/analysis/")
    page.wait_for_load_state("load")
    # Codes are a checkbox list: Tab to the code's box, Space ticks it.
    _tab_to(page, "el => el.type === 'checkbox' && el.name === 'code_ids' && el.labels[0].textContent.includes("
                  "'Portfolio evidence')")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked"), "Space did not tick the code"
    _tab_to(page, _text_is("Code whole answer"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("with Portfolio evidence.")).to_be_visible()
    expect(page.locator(".answer-card").first).to_contain_text("Portfolio evidence")


def test_keyboard_only_newcomer_sends_their_mentor_a_message(browser, page, live_server, app):
    with app.app_context():
        mentor = make_user(role="rep", email="keys.mentor@example.org", full_name="Keys Mentor")
        mentee = make_user(email="keys.mentee@example.org", full_name="Keys Mentee")
        pair_id = make_pair(mentor, mentee, status="active", days_ago=3).id
        db.session.commit()
    _sign_in(page, "keys.mentee@example.org")
    _tab_to(page, _text_is("Find a mentor"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/mentoring/")
    _tab_to(page, _text_is("Open your shared space"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/mentoring/pairs/{pair_id}")
    _tab_to(page, _text_is("Messages"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/mentoring/pairs/{pair_id}/messages")
    _tab_to(page, "el => el.tagName === 'TEXTAREA' && el.name === 'body'")
    page.keyboard.type("Thank you for the ARCP tips!")
    page.keyboard.press("Enter")  # in a text area Enter starts a new line; it does not send
    page.keyboard.type("Could we talk on Thursday? شكراً")
    _tab_to(page, _text_is("Send message"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Message sent.")).to_be_visible()

    mentor_context = browser.new_context(base_url=live_server, viewport={"width": 1100, "height": 900})
    mentor_context.set_default_timeout(10000)
    mentor_page = mentor_context.new_page()
    try:
        _sign_in(mentor_page, "keys.mentor@example.org")
        mentor_page.goto(f"/mentoring/pairs/{pair_id}/messages")
        thread = mentor_page.locator(".prewrap", has_text="Thank you for the ARCP tips!")
        expect(thread).to_have_count(1)
        assert thread.inner_text() == "Thank you for the ARCP tips!\nCould we talk on Thursday? شكراً"
    finally:
        mentor_context.close()
