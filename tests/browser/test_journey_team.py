"""Journey (issue 16 item 4): an organiser draws a blind sample for a colleague, who codes it without seeing
the team's codes and marks it done; the comparison shows the agreement figures and a disagreement is
resolved with a note."""

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y
from tests.factories import (
    PASSWORD,
    make_analysis_survey,
    make_code,
    make_coding,
    make_event,
    make_response,
    make_user,
    text_answer,
)


def _sign_in(page, email):
    page.context.clear_cookies()
    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_blind_second_coding_and_resolving_a_disagreement(page, live_server, app):
    with app.app_context():
        make_user(role="organiser", email="first.coder@example.org", full_name="Amina First")
        make_user(role="organiser", email="second.coder@example.org", full_name="Bola Second", display_name="Bola")
        survey = make_analysis_survey(make_event(title="Team journey webinar", days_ago=30))
        arcp = make_code("ARCP evidence")
        make_code("Exam nerves")
        for i in range(4):
            answer = text_answer(make_response(survey, f"The ARCP panel part {i} was clear.\nشكراً"))
            if i < 2:
                make_coding(answer, arcp)
        db.session.commit()

    _sign_in(page, "first.coder@example.org")
    page.goto("/analysis/samples")
    page.get_by_label("Question").select_option("What went well?")
    page.get_by_label("Share of the answers (%)").fill("50")
    page.get_by_label("Second coder").select_option(label="Bola")
    check_a11y(page, "analysis-samples")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_text("Sample drawn: 2 answers for Bola to code blind.")).to_be_visible()

    _sign_in(page, "second.coder@example.org")
    page.goto("/analysis/samples")
    page.get_by_role("link", name="Code this sample").click()
    expect(page.get_by_role("heading", name="Code the blind sample")).to_be_visible()
    expect(page.locator("input[name=code_ids]:checked")).to_have_count(0)  # blind: nothing pre-ticked
    check_a11y(page, "analysis-sample-code")
    # Code both answers with "Exam nerves" only: every ARCP coding of the team becomes a disagreement.
    for n in (1, 2):
        page.get_by_role("group", name=f"Codes for sample answer {n}").get_by_label("Exam nerves").check()
        page.get_by_role("button", name=f"Save sample answer {n}").click()
        expect(page.get_by_text("Saved your codes for that answer.")).to_be_visible()
    page.get_by_role("button", name="Mark the sample done").click()
    expect(page.get_by_role("heading", name="Compare two codings")).to_be_visible()
    expect(page.get_by_role("row", name="Exam nerves")).to_contain_text("0 of 2")
    expect(page.get_by_role("columnheader", name="Krippendorff's alpha")).to_be_visible()
    check_a11y(page, "analysis-sample-compare")

    first = page.locator("section.disagreement").first
    first.get_by_label("No, it does not").check()
    first.get_by_label("Note on the discussion").fill("We agreed nerves, not exam content.")
    first.get_by_role("button", name="Resolve disagreement 1").click()
    expect(page.get_by_text("Disagreement resolved; the team's coding now follows it.")).to_be_visible()
    expect(page.locator("section.disagreement").first).to_contain_text("We agreed nerves, not exam content.")
    expect(page.get_by_role("row", name="Exam nerves")).to_contain_text("0 of 2")  # figures stay independent
    check_a11y(page, "analysis-sample-resolved")
