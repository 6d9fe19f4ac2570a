"""Journey (organiser half of issue 5 item 14): open the workspace, create codes, code a highlighted span,
group codes under a theme, accept a suggested theme, open the impact report and download the .qdpx; and
(issue 16 item 1) a span highlighted after line breaks, Urdu and an emoji codes exactly what was selected."""

import csv
import io
import re
import zipfile

from playwright.sync_api import expect
from sqlalchemy import select

from softlanding.blueprints.analysis.models import Coding
from softlanding.blueprints.feedback.models import Answer
from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y
from tests.browser.conftest import sign_in as _sign_in
from tests.factories import (
    PASSWORD,
    invite,
    make_analysis_survey,
    make_code,
    make_event,
    make_response,
    make_survey,
    make_user,
)

ANSWERS = {
    "portfolio": "The portfolio walkthrough showed what evidence the ARCP panel wants in Kaizen.",
    "interview": "The mock interview stations and panel questions felt like the real interview.",
    "exam": "The MRCPCH exam revision plan for the theory papers was exactly what I needed.",
}


def _seed(app):
    with app.app_context():
        organiser = make_user(role="organiser", email="org.journey@example.org", full_name="Nkechi Organiser")
        survey = make_analysis_survey(make_event(title="Getting through ARCP", category="webinar", days_ago=30))
        make_response(survey, "I learnt how the portfolio walkthrough helps ARCP.", rating=5)
        for i in range(8):
            for text in ANSWERS.values():
                make_response(survey, f"{text} ({i})", rating=5 - i % 3)
        db.session.commit()
        return organiser.email


def _select_text(page, card, phrase):
    """Highlight `phrase` inside an answer, as a mouse drag would."""
    page.evaluate("""([card, phrase]) => {
        const el = document.querySelector(`#${card} [data-codable]`);
        const node = el.firstChild, start = node.textContent.indexOf(phrase);
        const range = document.createRange();
        range.setStart(node, start); range.setEnd(node, start + phrase.length);
        const selection = window.getSelection();
        selection.removeAllRanges(); selection.addRange(range);
    }""", [card, phrase])


def test_organiser_codes_feedback_and_exports(page, live_server, live_app, app):
    email = _seed(app)
    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Feedback analysis").click()
    expect(page.get_by_role("heading", name="25 answers")).to_be_visible()
    check_a11y(page, "analysis-workspace-empty-codebook")

    # Create a theme and two codes in the codebook.
    page.get_by_role("navigation", name="Feedback analysis").get_by_role("link", name="Codebook").click()
    page.get_by_label("Name").fill("Preparing for ARCP")
    page.get_by_label("This is a theme").check()
    page.get_by_label("Colour").select_option(label="Blue")
    page.get_by_role("button", name="Save code").click()
    expect(page.get_by_text("Theme “Preparing for ARCP” added.")).to_be_visible()
    for name, definition in (("Portfolio evidence", "What goes into Kaizen for ARCP."),
                             ("Exam revision", "Planning for the MRCPCH papers.")):
        page.get_by_label("Name").fill(name)
        page.get_by_label("Definition").fill(definition)
        page.get_by_role("button", name="Save code").click()
        expect(page.get_by_text(f"Code “{name}” added.")).to_be_visible()
    check_a11y(page, "analysis-codebook")

    # Code a highlighted span of the first answer.
    page.get_by_role("navigation", name="Feedback analysis").get_by_role("link", name="Workspace").click()
    page.get_by_label("Search the text").fill("learnt how")
    page.get_by_role("button", name="Filter").click()
    # Wait for the filtered page itself (and its script), not the page the click left.
    page.wait_for_url(re.compile(r"[?&]q=learnt"))
    page.wait_for_load_state("load")
    expect(page.locator(".answer-card")).to_have_count(1)
    card = page.locator(".answer-card").first
    card_id = card.get_attribute("id")
    _select_text(page, card_id, "portfolio walkthrough")
    expect(card.locator(".selection-status")).to_contain_text("portfolio walkthrough")
    expect(card.get_by_role("button", name="Code the selected text")).to_be_visible()
    card.get_by_role("group", name="Codes for answer 1").get_by_label("Portfolio evidence").check()
    card.get_by_role("button", name="Code the selected text").click()
    expect(page.get_by_text("Coded the selected text with Portfolio evidence.")).to_be_visible()
    expect(page.locator(f"#{card_id} q.extract")).to_have_text("portfolio walkthrough")
    check_a11y(page, "analysis-workspace-coded")

    # Group the code under the theme.
    page.get_by_role("navigation", name="Feedback analysis").get_by_role("link", name="Codebook").click()
    page.get_by_role("link", name="Edit or rename Portfolio evidence").click()
    page.get_by_label("Theme", exact=True).select_option(label="Preparing for ARCP")
    page.get_by_role("button", name="Save changes").click()
    theme_section = page.locator("section.theme-block", has=page.get_by_role("heading", name="Theme: Preparing for ARCP"))
    expect(theme_section).to_contain_text("Portfolio evidence")
    check_a11y(page, "analysis-codebook-grouped")

    # Ask for suggested themes and accept one after reviewing its answers.
    page.get_by_role("navigation", name="Feedback analysis").get_by_role("link", name="Suggested themes").click()
    page.get_by_label("Number of themes").select_option("3")
    page.get_by_role("button", name="Suggest themes").click()
    expect(page.get_by_text("Top terms:").first).to_be_visible()
    check_a11y(page, "analysis-suggestions")
    page.get_by_role("link", name="Accept and review answers").first.click()
    strong = page.get_by_role("group", name=re.compile(r"^Strong matches"))
    expect(strong).to_be_visible()
    check_a11y(page, "analysis-suggestion-review")
    page.get_by_label("Code name").fill("Interview practice")
    # Tick none, then tick two strong matches and untick one again: one answer will be coded.
    page.get_by_role("button", name="Tick none").click()
    expect(page.locator("input[name=items]:checked")).to_have_count(0)
    boxes = page.get_by_role("group", name=re.compile(r"^Strong matches")).get_by_role("checkbox")
    boxes.nth(0).check()
    boxes.nth(1).check()
    boxes.nth(1).uncheck()
    page.get_by_role("button", name="Continue: check how many answers will be coded").click()
    expect(page.get_by_role("heading", name="Create “Interview practice” and code 1 answer?")).to_be_visible()
    check_a11y(page, "analysis-suggestion-confirm")
    page.get_by_role("button", name="Yes: create the code and code 1 answer").click()
    expect(page.get_by_text("Code “Interview practice” created and applied to 1 answer.")).to_be_visible()
    expect(page.locator("table q.extract").first).to_be_visible()
    check_a11y(page, "analysis-code-extracts")

    # The impact report (built by the surveys area) lists the coded themes for the period.
    page.get_by_role("navigation", name="Feedback analysis").get_by_role("link", name="Impact report").click()
    expect(page.get_by_role("heading", name="Impact report", level=1)).to_be_visible()
    with live_app.test_request_context():
        page.goto(live_app.url_for("feedback.report", start="2026-01-01", end="2026-06-30"))
    themes = page.get_by_role("table", name="What helped")  # the answers coded were to "What went well?"
    expect(themes).to_contain_text("Interview practice")
    expect(themes).to_contain_text("Preparing for ARCP")
    check_a11y(page, "impact-report")

    # Download the REFI-QDA project.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Feedback analysis").click()
    page.get_by_role("navigation", name="Feedback analysis").get_by_role("link", name="Exports").click()
    check_a11y(page, "analysis-exports")
    with page.expect_download() as info:
        page.get_by_role("link", name="Whole project with answers and codings (REFI-QDA .qdpx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".qdpx")
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    project = archive.read("project.qde").decode()
    assert "Interview practice" in project and "Portfolio evidence" in project
    assert any(name.startswith("sources/") for name in archive.namelist())


# Two line breaks, Urdu (right to left) and emoji (two UTF-16 units each) before the selected phrase.
MULTILINE = "Thank you 😊 for the session.\nThe Kaizen demo helped 👍🏽 a lot.\nبہت شکریہ 🙏 from Lahore"
PHRASE = "شکریہ 🙏 from"




def test_a_span_after_line_breaks_urdu_and_emoji_codes_exactly_the_selection(page, live_server, app):
    with app.app_context():
        make_user(role="organiser", email="org.spans@example.org")
        attendee = make_user(email="spans.attendee@example.org")
        survey = make_survey(make_event(title="Kaizen clinic", days_ago=1), open_now=True)
        invite(survey, attendee)
        make_code("Gratitude")
        db.session.commit()
        survey_id = survey.id
    # The attendee types the answer over three lines; the browser posts its line breaks as CR LF.
    _sign_in(page, "spans.attendee@example.org")
    page.goto(f"/surveys/{survey_id}")
    page.get_by_role("group", name="Overall, how would you rate this event?").get_by_label("Excellent").check()
    page.get_by_role("group", name="How useful was it to you?").get_by_label("4").check()
    page.get_by_label("What went well?").fill(MULTILINE)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are saved.")).to_be_visible()
    page.context.clear_cookies()

    _sign_in(page, "org.spans@example.org")
    page.goto("/analysis/?q=Lahore")
    page.wait_for_load_state("load")
    card = page.locator(".answer-card").first
    card_id = card.get_attribute("id")
    _select_text(page, card_id, PHRASE)
    expect(card.locator(".selection-status")).to_have_text(f"Selected: \u201c{PHRASE}\u201d")
    card.get_by_role("group", name="Codes for answer 1").get_by_label("Gratitude").check()
    card.get_by_role("button", name="Code the selected text").click()
    expect(page.get_by_text("Coded the selected text with Gratitude.")).to_be_visible()
    expect(page.locator(f"#{card_id} q.extract")).to_have_text(PHRASE)
    expect(page.locator(f"#{card_id} mark.coded")).to_have_text(PHRASE)
    with app.app_context():
        coding = db.session.scalar(select(Coding))
        assert db.session.get(Answer, coding.answer_id).text_value == MULTILINE  # LF, as the page shows it
        assert MULTILINE[coding.start_offset:coding.end_offset] == PHRASE
    page.get_by_role("navigation", name="Feedback analysis").get_by_role("link", name="Exports").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Quote table: theme, code, quote, event, date, rating (CSV)").click()
    quotes = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read(), newline="")))
    assert [row["quote"] for row in quotes] == [PHRASE]

    # The same answer coded from the keyboard: open the keyboard copy, move the caret, select with Shift.
    page.goto("/analysis/?q=Lahore")
    page.wait_for_load_state("load")
    card = page.locator(".answer-card").first
    card.get_by_role("button", name="Select part with the keyboard in answer 1").click()
    area = card.get_by_role("textbox", name=re.compile("select the words to code"))
    expect(area).to_be_focused()
    page.keyboard.press("Control+Home")
    before, chosen = "Thank you ", "😊 for the"
    for _ in before:
        page.keyboard.press("ArrowRight")
    for _ in range(len(chosen)):  # the emoji is one code point and one caret step
        page.keyboard.press("Shift+ArrowRight")
    expect(card.locator(".selection-status")).to_have_text(f"Selected: \u201c{chosen}\u201d")
    check_a11y(page, "analysis-keyboard-selection")
    card.get_by_role("group", name="Codes for answer 1").get_by_label("Gratitude").press("Space")
    card.get_by_role("button", name="Code the selected text").press("Enter")
    expect(page.get_by_text("Coded the selected text with Gratitude.")).to_be_visible()
    with app.app_context():
        spans = [MULTILINE[c.start_offset:c.end_offset] for c in db.session.scalars(select(Coding).order_by(Coding.id))]
        assert spans == [PHRASE, chosen]
    expect(page.locator(f"#{card_id} mark.coded.overlap")).to_have_count(0)
    expect(page.locator(f"#{card_id} mark.coded")).to_have_count(2)
