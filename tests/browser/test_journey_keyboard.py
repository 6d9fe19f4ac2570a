"""Keyboard only (no mouse, no clicks): a newcomer signs in and books an event; an organiser codes an
answer in the analysis workspace. Every control reached shows a visible focus indicator.

(The third journey of the issue, sending a mentoring message, waits for the pair-space messages.)"""

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.factories import PASSWORD, make_analysis_survey, make_code, make_event, make_response, make_user

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
    # The codes are checkboxes (a list box was replaced for long codebooks): Space ticks the first one.
    _tab_to(page, "el => el.type === 'checkbox' && el.name === 'code_ids'")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    _tab_to(page, _text_is("Code whole answer"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("with Portfolio evidence.")).to_be_visible()
    expect(page.locator(".answer-card").first).to_contain_text("Portfolio evidence")
