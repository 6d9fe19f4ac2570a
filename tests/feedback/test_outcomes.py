"""Outcome follow-ups N weeks after an event, and members' own exam records, feeding the report's outcomes."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from softlanding.blueprints.feedback import anonymity, impact, outcomes, survey_templates, surveys
from softlanding.blueprints.feedback.jobs import run_surveys
from softlanding.blueprints.feedback.models import ExamResult, Survey, SurveyResponse, SurveyTemplate
from softlanding.blueprints.feedback.responses import submit_response
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_user


def _template(name):
    outcomes.ensure_followup_templates()
    return db.session.scalar(select(SurveyTemplate).where(SurveyTemplate.name == name))


def _answers(survey, **by_code):
    data = MultiDict()
    for q in survey.questions:
        if q.code in by_code:
            data.add(f"q{q.id}", str(by_code[q.code]))
    return data


def test_a_follow_up_opens_twelve_weeks_after_the_event_and_its_answers_count_as_outcomes(ctx):
    organiser = make_user(role="organiser")
    event = make_event(category="mrcpch", days_ago=90)  # ended about 13 weeks ago
    people = [make_user() for _ in range(9)]
    for person in people:
        make_booking(event, person, attended=True)
    template = _template("Follow-up: MRCPCH exam")
    survey = surveys.create_survey(organiser, title="", template_id=template.id, event_id=event.id,
                                   purpose="followup")
    assert survey.title.startswith("Follow-up:") and survey.opens_at == event.ends_at + timedelta(weeks=12)
    # The event's own feedback survey is still allowed beside its follow-up, but a second follow-up is not.
    surveys.create_survey(organiser, title="", event_id=event.id)
    try:
        surveys.create_survey(organiser, title="", template_id=template.id, event_id=event.id, purpose="followup")
    except surveys.DuplicateSurvey as error:
        assert error.survey_id == survey.id
    else:
        raise AssertionError("a second follow-up was accepted")
    before = event.ends_at + timedelta(weeks=11)
    run_surveys(before)
    assert db.session.get(Survey, survey.id).status == "draft"
    run_surveys(datetime.now(UTC))
    assert db.session.get(Survey, survey.id).status == "open"
    fop = outcomes._components()["fop"]
    for i, person in enumerate(people):
        submit_response(survey.id, person, _answers(survey, exam_component=fop, exam_sat=1,
                                                    exam_passed=1 if i < 8 else 0,
                                                    exam_attempt=outcomes.ATTEMPTS[0 if i < 6 else 1]))
    keys = set(db.session.scalars(select(SurveyResponse.respondent_key).where(SurveyResponse.survey_id == survey.id)))
    assert len(keys) == 9 and all(k and len(k) == 32 for k in keys)  # opaque, one per person
    # The event's feedback survey gives the same person the same key, so before/after pair across the two.
    feedback = surveys.attendee_survey(event.id)
    assert anonymity.respondent_key(feedback, people[0].id) in keys
    today = date.today()
    figures = outcomes.outcome_figures(today - timedelta(days=7), today)
    row = next(r for r in figures["exams"] if r["component"] == "fop")
    assert (row["results"], row["passed"], row["first_attempt_passed"]) == (9, 8, 6)
    outcomes.save_national_figures(organiser, {"pass_fop": (62.0, "RCPCH 2025")})
    report = impact.build_report(today - timedelta(days=7), today)
    table = next(t for s in report.sections for t in s.tables if t.caption == "MRCPCH results")
    assert ["Foundation of Practice (FOP)", 9, 8, "89%", "<8", "62%"] in table.rows


def test_a_member_records_an_exam_and_bad_input_is_explained_without_losing_it(login_as, app):
    client = login_as("newcomer")
    page = client.post("/surveys/outcomes/exams", data={"component": "akp", "sat_on": "14/10/2026", "attempt": "2",
                                                        "result": "passed"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "YYYY-MM-DD" in text and 'value="2"' in text
    future = (date.today() + timedelta(days=30)).isoformat()
    refused = client.post("/surveys/outcomes/exams", data={"component": "akp", "sat_on": future, "attempt": "1",
                                                           "result": "passed"}).get_data(as_text=True)
    assert "only be given for a sitting that has happened" in refused
    saved = client.post("/surveys/outcomes/exams", data={"component": "akp", "sat_on": future, "attempt": "1",
                                                         "result": "awaiting"})
    assert saved.status_code == 302
    listing = client.get("/surveys/outcomes/exams").get_data(as_text=True)
    assert "Applied Knowledge in Practice (AKP)" in listing and "Waiting for the result" in listing
    with app.app_context():
        row = db.session.scalar(select(ExamResult))
        assert (row.component, row.attempt, row.result) == ("akp", 1, "awaiting")


def test_follow_up_templates_are_made_once_and_edit_in_place(ctx):
    outcomes.ensure_followup_templates()
    outcomes.ensure_followup_templates()
    names = [t.name for t in survey_templates.list_templates()]
    assert names.count("Follow-up: interview") == 1 and "Follow-up: ARCP" in names


def test_the_settings_page_links_to_the_exam_record(login_as):
    page = login_as("newcomer").get("/profile/settings").get_data(as_text=True)
    assert 'href="/surveys/outcomes/exams"' in page


def test_a_member_is_asked_once_for_the_result_some_weeks_after_the_sitting_they_gave(app, mail_dir):
    from softlanding.core.mailer import deliver_pending
    from tests.factories import read_mail

    with app.app_context():
        member = make_user(email="zainab@example.org")
        sat = date.today() - timedelta(weeks=9)
        outcomes.record_result(member, "clinical", sat, 1, "awaiting")
        outcomes.record_result(member, "akp", date.today() - timedelta(weeks=2), 1, "awaiting")  # too soon
        db.session.commit()
        now = datetime.now(UTC)
        assert run_surveys(now) == 1
        assert run_surveys(now) == 0  # once only
        deliver_pending()
        db.session.commit()
    mails = read_mail(mail_dir, to="zainab@example.org")
    assert len(mails) == 1 and "MRCPCH Clinical" in mails[0]["Subject"]
    assert "/surveys/outcomes/exams" in mails[0].get_body(("plain",)).get_content()


def test_confidence_pairs_link_an_events_feedback_and_its_follow_up_per_person(ctx):
    from softlanding.blueprints.feedback import report_figures
    from tests.factories import respond

    organiser = make_user(role="organiser")
    event = make_event(category="arcp", days_ago=100)
    people = [make_user() for _ in range(8)]
    for person in people:
        make_booking(event, person, attended=True)
    feedback = surveys.create_survey(organiser, title="", event_id=event.id)
    surveys.claim_open(feedback.id, datetime.now(UTC))
    for person in people:
        respond(feedback, person, confidence_before=2, confidence_after=3)
    template = _template("Follow-up: change in practice")
    followup = surveys.create_survey(organiser, title="", template_id=template.id, event_id=event.id,
                                     purpose="followup")
    run_surveys(datetime.now(UTC))
    for person in people[:6]:
        submit_response(followup.id, person, _answers(followup, confidence_after=5,
                                                      changed_practice="I lead the handover now."))
    start = date.today() - timedelta(days=120)
    figures = report_figures.gather(start, date.today())
    c = figures.confidence
    # Eight people, each paired once: six with their follow-up's 5, two with the 3 they gave after the event.
    assert (c.pairs, c.before, c.after, c.improved) == (8, 16, 6 * 5 + 2 * 3, 8)
