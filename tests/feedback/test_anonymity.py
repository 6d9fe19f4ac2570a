"""Anonymity that holds: a smallest audience, results withheld until enough answered, suppressed counts for hosts."""

from sqlalchemy import func, select

from softlanding.blueprints.feedback import surveys
from softlanding.blueprints.feedback.jobs import run_surveys
from softlanding.blueprints.feedback.models import Survey, SurveyInvitation, SurveyTemplate
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_survey, make_user, respond

TOO_FEW = "An anonymous survey must ask at least 8 people"


def _event(attendees, days_ago=3, host=None):
    event = make_event(days_ago=days_ago, host=host)
    people = [make_user(full_name=f"Named Attendee{i}") for i in range(attendees)]
    for person in people:
        make_booking(event, person, attended=True)
    return event, people


def test_creating_an_anonymous_survey_for_a_small_past_event_says_why_beside_the_choice(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        event, _ = _event(3)
        db.session.commit()
        event_id = event.id
        template_id = db.session.scalar(select(SurveyTemplate.id))
    form = {"audience": "attendees", "event_id": event_id, "template_id": template_id, "anonymous": "y",
            "close_after_days": "14"}
    page = client.post("/surveys/new", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and TOO_FEW in html
    # The message sits with the anonymous checkbox, and the form explains the rule before anyone submits.
    field = html.split('id="anonymous-field"')[1].split('id="close_after_days-field"')[0]
    assert 'id="anonymous-error"' in field and TOO_FEW in field
    assert "Only for an audience of at least 8 people" in client.get("/surveys/new").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Survey.id))) == 0
    form.pop("anonymous")
    assert client.post("/surveys/new", data=form).status_code == 302  # not anonymous: fine for 3


def test_an_anonymous_survey_with_a_small_audience_refuses_to_open(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        event, _ = _event(1, days_ago=-3)  # in the future: its audience is not known when the survey is made
        survey = make_survey(event, anonymous=True)
        db.session.commit()
        survey_id = survey.id
    opened = client.post(f"/surveys/{survey_id}/open", follow_redirects=True)
    assert TOO_FEW in opened.get_data(as_text=True)
    with app.app_context():
        run_surveys(utcnow())  # the job leaves it a draft too
        assert db.session.get(Survey, survey_id).status == "draft"
        assert db.session.scalar(select(func.count(SurveyInvitation.id))) == 0


def test_a_group_survey_too_small_to_be_anonymous_is_refused_when_created(ctx):
    make_user(region="wales")
    try:
        surveys.create_survey(make_user(role="organiser"), title="Needs", audience="group", anonymous=True,
                              audience_filter={"roles": ["newcomers"], "regions": ["wales"]})
    except Exception as error:  # noqa: BLE001  (the domain error's field and message are what matter)
        assert getattr(error, "field", None) == "anonymous" and TOO_FEW in str(error)
    else:
        raise AssertionError("a one-person anonymous group survey was created")


def _anonymous_with_answers(answers, host=None):
    event, people = _event(10, host=host)
    survey = make_survey(event, anonymous=True, open_now=True)
    for i, person in enumerate(people[:answers]):
        respond(survey, person, overall=5, text=f"Secret answer {i}")
    return survey


def test_anonymous_results_wait_for_eight_answers_for_organisers_and_hosts(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        survey = _anonymous_with_answers(4, host=host)
        db.session.commit()
        db.session.refresh(host)
        survey_id = survey.id
    for client in (login_as("organiser"), login_as(host)):
        html = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
        assert "Results appear once 8 people have answered (fewer than 8 so far)" in html
        assert "Secret answer" not in html and "<dd>4</dd>" not in html and "Excellent" not in html
        assert "40%" not in html  # 4 of 10: the rate would give the count away
    listed = login_as("organiser").get("/surveys/manage").get_data(as_text=True)
    assert "fewer than 8 of 10" in listed and "4 of 10" not in listed
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        people = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey_id,
                                                                   SurveyInvitation.has_responded.is_(False))).all()
        for invitation in people[:4]:
            respond(survey, invitation.user, overall=5, text="Secret answer late")
        db.session.commit()
    html = login_as("organiser").get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "Results appear once" not in html and "Secret answer 0" in html and "<dd>8</dd>" in html


def test_hosts_of_a_small_event_see_rating_counts_suppressed_organisers_see_them(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        event, people = _event(3, host=host)
        survey = make_survey(event, open_now=True)
        for person, rating in zip(people, (5, 5, 3), strict=True):
            respond(survey, person, overall=rating)
        db.session.commit()
        db.session.refresh(host)
        survey_id = survey.id
    hosted = login_as(host).get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "&lt;8" in hosted and "67% Excellent" not in hosted and "mean 4.33" not in hosted
    organised = login_as("organiser").get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "67% Excellent" in organised and "mean 4.33" in organised
