"""Journeys for the evidence a funder accepts: an organiser builds the annual report, pins a quote and
downloads the PDF; a member answers an outcome follow-up and records an exam result. Axe-checked, and no
page is wider than a 390 px phone."""

import io
import re
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from softlanding.blueprints.feedback import outcomes, surveys
from softlanding.blueprints.feedback.jobs import run_surveys
from softlanding.blueprints.feedback.models import Answer, SurveyQuestion, SurveyTemplate
from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y
from tests.browser.conftest import sign_in as _sign_in
from tests.factories import make_booking, make_code, make_coding, make_event, make_survey, make_user, respond


def _fits_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 390:
        print(page.evaluate("""[...document.querySelectorAll('*')].filter(e => e.scrollWidth > 392 && e.clientWidth <= 392)
            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '/' + e.clientWidth + ' ' + getComputedStyle(e).overflowX)"""))
    page.set_viewport_size({"width": 1100, "height": 900})
    assert width <= 390, f"{page.url} is {width}px wide at 390px"


def test_organiser_builds_the_annual_report_pins_a_quote_and_downloads_the_pdf(page, live_app, live_server):
    with live_app.app_context():
        make_user(role="organiser", email="ngozi@example.org", full_name="Ngozi Adeyemi")
        event = make_event(title="ARCP panel walkthrough", category="arcp", mwres=["4b"], days_ago=20)
        survey = make_survey(event, open_now=True)
        theme = make_code(name="Understanding ARCP", is_theme=True)
        for i in range(10):
            person = make_user(career_stage="st1_4", region="london", pmq_country="NG")
            make_booking(event, person, attended=True)
            respond(survey, person, overall=5 if i < 7 else 4,
                    text=f"Seeing the panel’s reasoning made ARCP less frightening ({i}) — شكرا")
        for answer in db.session.scalars(select(Answer).join(SurveyQuestion).where(
                SurveyQuestion.survey_id == survey.id, SurveyQuestion.code == "went_well")):
            make_coding(answer, theme)
        db.session.commit()
    _sign_in(page, "ngozi@example.org")
    start = (date.today() - timedelta(days=365)).isoformat()
    page.goto("/surveys/report")
    page.get_by_label("From (YYYY-MM-DD)").fill(start)
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_role("heading", name="Reach")).to_be_visible()
    expect(page.get_by_role("table", name="What helped").get_by_role("row", name="Understanding ARCP")).to_contain_text("10")
    check_a11y(page, "impact-report-v2")
    _fits_a_phone(page)
    page.get_by_role("link", name="Understanding ARCP (pin quotes)").click()
    expect(page.get_by_role("heading", name="Quotes for “Understanding ARCP”")).to_be_visible()
    check_a11y(page, "report-theme-quotes")
    _fits_a_phone(page)
    page.get_by_role("button", name="Pin this quote").first.click()
    expect(page.get_by_text("Quote pinned")).to_be_visible()
    page.get_by_role("link", name="Back to the impact report").click()
    quote = page.locator(".report-quote").first
    expect(quote).to_contain_text("made ARCP less frightening")
    expect(quote).to_contain_text("ARCP panel walkthrough")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Ngozi Adeyemi" in text and "Reach" in text and "made ARCP less frightening" in text
    page.goto("/surveys/report/national")
    page.get_by_label("Percentage").first.fill("140")
    page.get_by_role("button", name="Save figures").click()
    expect(page.get_by_text("Enter a percentage from 0 to 100").first).to_be_visible()
    check_a11y(page, "national-figures")
    _fits_a_phone(page)


def test_member_answers_a_follow_up_and_records_an_exam_result(page, live_app, live_server):
    with live_app.app_context():
        member = make_user(email="farah@example.org", full_name="Farah Qureshi")
        organiser = make_user(role="organiser")
        event = make_event(title="FOP crash course", category="mrcpch", days_ago=100)
        make_booking(event, member, attended=True)
        outcomes.ensure_followup_templates()
        template = db.session.scalar(select(SurveyTemplate).where(SurveyTemplate.name == "Follow-up: MRCPCH exam"))
        followup = surveys.create_survey(organiser, title="", template_id=template.id, event_id=event.id,
                                         purpose="followup")
        db.session.commit()
        run_surveys(datetime.now(UTC))
        db.session.commit()
        survey_id = followup.id
    _sign_in(page, "farah@example.org")
    page.goto(f"/surveys/{survey_id}")
    expect(page.get_by_role("heading", name="Follow-up: FOP crash course")).to_be_visible()
    page.get_by_role("group", name="Which MRCPCH exam did you sit most recently?").get_by_label(
        "Foundation of Practice (FOP)").check()
    page.get_by_role("group", name="Have you sat it since the event?").get_by_label("Yes").check()
    page.get_by_role("group", name="Did you pass?").get_by_label("Yes").check()
    page.get_by_role("group", name="Which attempt was it?").get_by_label("First attempt").check()
    page.get_by_label("What has changed in how you work since the event?").fill(
        "I plan my study weeks and ask seniors for case-based teaching 👍")
    check_a11y(page, "follow-up-form")
    _fits_a_phone(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are saved.")).to_be_visible()

    page.goto("/profile/settings")
    page.get_by_role("link", name="Record my exam results").click()
    page.get_by_label("Exam").select_option("akp")
    page.get_by_label("Date of the sitting").fill("14 March")
    page.get_by_label("Attempt").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#sat_on-error")).to_contain_text("YYYY-MM-DD")
    expect(page.get_by_label("Attempt")).to_have_value("2")
    check_a11y(page, "exam-record-error")
    page.get_by_label("Date of the sitting").fill((date.today() - timedelta(days=20)).isoformat())
    page.get_by_role("radio", name="Passed", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Exam saved")).to_be_visible()
    row = page.get_by_role("table", name="Your sittings").get_by_role("row", name="Applied Knowledge in Practice (AKP)")
    expect(row).to_contain_text("Passed")
    check_a11y(page, "exam-record")
    _fits_a_phone(page)


def test_member_records_an_interview_and_then_its_outcome_which_the_report_counts(page, live_app, live_server):
    with live_app.app_context():
        member = make_user(email="yusuf@example.org", full_name="يوسف Rahman")
        mock = make_event(title="ST3 mock interview circuit", category="mock_interview", days_ago=40)
        make_booking(mock, member, attended=True)
        db.session.commit()
    _sign_in(page, "yusuf@example.org")
    page.goto("/profile/settings")
    page.get_by_role("link", name="Record my interviews").click()
    expect(page.get_by_role("heading", name="My specialty-training interviews")).to_be_visible()
    page.get_by_label("Date of the interview").fill("next Tuesday")
    page.get_by_label("Level", exact=True).select_option("subspecialty")
    page.get_by_label("Specialty (optional)").select_option("neonatal")
    page.get_by_role("button", name="Add interview").click()
    expect(page.locator("#interview_on-error")).to_contain_text("YYYY-MM-DD")
    expect(page.get_by_label("Level", exact=True)).to_have_value("subspecialty")  # nothing typed is lost
    expect(page.get_by_label("Specialty (optional)")).to_have_value("neonatal")
    check_a11y(page, "interview-record-error")
    _fits_a_phone(page)
    held_on = date.today() - timedelta(days=9)
    page.get_by_label("Date of the interview").fill(held_on.isoformat())
    page.get_by_role("button", name="Add interview").click()
    expect(page.get_by_text("Interview saved")).to_be_visible()
    entry = page.locator("li", has_text="Sub-specialty recruitment")
    expect(entry).to_contain_text("Waiting to hear")
    check_a11y(page, "interview-record")
    _fits_a_phone(page)
    with live_app.app_context():  # the job asks once, a week after the interview
        assert run_surveys(datetime.now(UTC)) == 1
        db.session.commit()
    entry.get_by_role("link", name="Record the outcome").click()
    expect(page.get_by_role("heading", name="How did your interview go?")).to_be_visible()
    page.get_by_role("radio", name="Offered a post", exact=True).check()
    check_a11y(page, "interview-outcome")
    _fits_a_phone(page)
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome saved")).to_be_visible()
    expect(page.locator("li", has_text="Sub-specialty recruitment")).to_contain_text("Offered a post")
    with live_app.app_context():
        members, decided, offers = outcomes.interviews.offers_after_mock(held_on, held_on)
        assert (decided, offers) == (1, 1)


def test_organiser_edits_previews_and_opens_a_survey_after_seeing_the_audience(page, live_app, live_server):
    with live_app.app_context():
        make_user(role="organiser", email="tariq@example.org")
        event = make_event(title="ST3 interview circle", category="mock_interview", days_ago=2)
        for _ in range(9):
            make_booking(event, make_user(), attended=True)
        survey = make_survey(event)
        db.session.commit()
        survey_id = survey.id
    _sign_in(page, "tariq@example.org")
    page.goto("/surveys/manage")
    page.get_by_role("link", name="Edit Feedback: ST3 interview circle").click()
    page.get_by_label("Your words in the invitation email (optional)").fill("Tell us honestly — it shapes the next circle.")
    page.get_by_role("button", name="Save survey").click()
    expect(page.get_by_text("Survey saved.")).to_be_visible()
    check_a11y(page, "survey-edit")
    _fits_a_phone(page)
    page.get_by_role("link", name=re.compile(r"^Edit\s*: How useful was it to you")).click()
    page.get_by_label("Question").fill("How useful was the circle for your interview?")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("How useful was the circle for your interview?", exact=True)).to_be_visible()
    page.get_by_role("link", name="Preview as a respondent").click()
    expect(page.get_by_role("group", name="How useful was the circle for your interview?")).to_be_visible()
    check_a11y(page, "survey-preview")
    _fits_a_phone(page)
    page.goto(f"/surveys/{survey_id}/open")
    expect(page.get_by_text("9 people")).to_be_visible()
    check_a11y(page, "survey-open-confirm")
    page.get_by_role("button", name="Open and send 9 invitations").click()
    expect(page.get_by_text("Survey open: 9 invitations sent.")).to_be_visible()
    page.goto("/surveys/compare?question=useful")
    check_a11y(page, "survey-compare-question")
    _fits_a_phone(page)
