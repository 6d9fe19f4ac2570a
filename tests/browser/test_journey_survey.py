"""Journey: an attendee follows the survey link from the mail folder, answers with free text, sees the answers."""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from softlanding.blueprints.feedback.jobs import run_surveys
from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_pending
from tests.browser.conftest import check_a11y, latest_link
from tests.factories import PASSWORD, make_booking, make_event, make_survey, make_user


def test_attendee_answers_the_post_event_survey_from_the_email(page, live_app, live_server, mail_dir):
    with live_app.app_context():
        attendee = make_user(email="chiamaka.eze@example.org", full_name="Chiamaka Eze")
        event = make_event(title="ARCP without tears", days_ago=1)
        make_booking(event, attendee, attended=True)
        survey = make_survey(event)
        db.session.commit()
        run_surveys(datetime.now(UTC) + timedelta(minutes=1))  # the event has ended: the job opens and invites
        deliver_pending()
        db.session.commit()
        survey_id = survey.id

    link = latest_link(mail_dir, r"https?://\S+/surveys/\d+")
    assert link.endswith(f"/surveys/{survey_id}")
    page.goto(link)
    check_a11y(page, "survey-sign-in")
    page.get_by_label("Email address").fill("chiamaka.eze@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Feedback: ARCP without tears")).to_be_visible()
    check_a11y(page, "survey-form")
    # Sending without the required rating explains the problem next to the question; the text stays.
    went_well = page.get_by_label("What went well?")
    went_well.fill("Seeing a real ARCP panel <b>outcome</b> explained step by step.")
    page.get_by_role("button", name="Send my answers").click()
    overall = page.get_by_role("group", name="Overall, how would you rate this event?")
    expect(overall.get_by_text("Please answer this question")).to_be_visible()
    expect(page.get_by_label("What went well?")).to_have_value("Seeing a real ARCP panel <b>outcome</b> explained step by step.")
    check_a11y(page, "survey-form-error")

    overall.get_by_label("Excellent").check()
    page.get_by_role("group", name="How useful was it to you?").get_by_label("4").check()
    page.get_by_label("What could be better?").fill("More time for questions about Kaizen.")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_text("Thank you: your answers are saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="Answered")).to_be_visible()
    check_a11y(page, "my-surveys")
    page.get_by_role("link", name="See your answers").click()
    expect(page.locator("dl.answers")).to_contain_text("Seeing a real ARCP panel <b>outcome</b> explained step by step.")
    expect(page.locator("dl.answers")).to_contain_text("Excellent")
    check_a11y(page, "my-answers")

    # The same link again says it has been answered; no second form.
    page.goto(link)
    expect(page.get_by_text("You have already answered this survey")).to_be_visible()
    expect(page.get_by_role("button", name="Send my answers")).to_have_count(0)


def test_organiser_reads_results_charts_and_the_impact_report(page, live_app, live_server):
    from tests.factories import respond

    with live_app.app_context():
        make_user(role="organiser", email="olivia@example.org")
        event = make_event(title="Kaizen e-portfolio clinic", category="eportfolio", mwres=["4b"], days_ago=3)
        survey = make_survey(event, open_now=True)
        for i in range(9):
            person = make_user()
            make_booking(event, person, attended=True)
            respond(survey, person, overall=5 if i < 6 else 4, text=f"Tagging evidence to key capabilities, tip {i}")
        db.session.commit()
        survey_id = survey.id

    page.goto("/account/login")
    page.get_by_label("Email address").fill("olivia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/surveys/manage")
    check_a11y(page, "survey-manage")
    page.get_by_role("link", name="Results of Feedback: Kaizen e-portfolio clinic").click()
    chart = page.get_by_role("img", name="Answers to: Overall, how would you rate this event?")
    expect(chart).to_be_visible()
    expect(page.get_by_text("67% Excellent")).to_be_visible()
    expect(page.get_by_role("table", name="Answers to: Overall, how would you rate this event?")).to_contain_text("6")
    check_a11y(page, "survey-results")
    assert page.url.endswith(f"/surveys/{survey_id}/results")

    page.goto("/surveys/compare?category=eportfolio")
    expect(page.get_by_role("cell", name="Kaizen e-portfolio clinic")).to_be_visible()
    check_a11y(page, "survey-compare")
    page.goto("/surveys/report")
    # 6 Excellent and 3 Good: both below 8, so no bar can be drawn; the table says "<8" for each.
    expect(page.get_by_role("img", name="Overall rating: number of responses")).to_have_count(0)
    figures = page.get_by_role("table", name="Events and feedback")
    expect(figures.get_by_role("row", name="Attendances")).to_contain_text("9")  # 9 people may be shown
    ratings = page.get_by_role("table", name="Overall rating: number of responses")
    expect(ratings.get_by_role("row", name="Good")).to_contain_text("<8")  # 3 people may not
    check_a11y(page, "impact-report")
    page.goto("/surveys/templates")
    page.get_by_role("button", name="Copy Post-event feedback").click()
    expect(page.get_by_role("heading", name="Copy of Post-event feedback")).to_be_visible()
    check_a11y(page, "template-edit")


def test_organiser_is_told_why_a_small_event_cannot_be_asked_anonymously(page, live_app, live_server):
    from sqlalchemy import select

    from softlanding.blueprints.feedback.models import SurveyTemplate

    with live_app.app_context():
        make_user(role="organiser", email="olu@example.org")
        event = make_event(title="Small ST3 interview circle", days_ago=2)
        for _ in range(3):
            make_booking(event, make_user(), attended=True)
        db.session.commit()
        event_id = event.id
        assert db.session.scalar(select(SurveyTemplate.id)) is not None

    page.goto("/account/login")
    page.get_by_label("Email address").fill("olu@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/surveys/new?event_id={event_id}")
    anonymous = page.get_by_label("Anonymous: answers are stored with no link to the person")
    expect(anonymous).to_have_accessible_description(
        "Only for an audience of at least 8 people; results appear once 8 have answered, so no answer can be told apart.")
    anonymous.check()
    page.get_by_role("button", name="Create survey").click()
    expect(page.locator("#anonymous-error")).to_contain_text("An anonymous survey must ask at least 8 people")
    check_a11y(page, "survey-new-anonymous-too-small")
