"""Answering: one response per invited person, anonymity, closed surveys, plain text, own answers."""

import threading
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from softlanding.blueprints.feedback.models import Answer, Survey, SurveyInvitation, SurveyResponse
from softlanding.core.extensions import db
from tests.factories import count_queries, form_for, invite, make_booking, make_event, make_survey, make_user, respond


def _setup(app, anonymous=False, **user_fields):
    with app.app_context():
        event = make_event(days_ago=2)
        if anonymous:  # an anonymous survey opens only for an audience of at least 8
            for _ in range(8):
                make_booking(event, attended=True)
        survey = make_survey(event, anonymous=anonymous, open_now=True)
        person = make_user(full_name="Amara Okafor", career_stage="st1_4", region="north_west", **user_fields)
        invite(survey, person)
        db.session.commit()
        db.session.refresh(person)  # loaded, so it can be used after this app context ends
        return survey.id, person


def _form(app, survey_id, **kwargs):
    with app.app_context():
        return form_for(db.session.get(Survey, survey_id), **kwargs)


def test_attendee_answers_with_free_text_stored_plain_and_shown_escaped(app, login_as):
    survey_id, person = _setup(app)
    client = login_as(person)
    page = client.get(f"/surveys/{survey_id}")
    assert page.status_code == 200 and b"Excellent" in page.data and b"Very poor" in page.data
    text = "Loved the <script>alert(1)</script> ARCP panel & the portfolio tips"
    response = client.post(f"/surveys/{survey_id}", data=_form(app, survey_id, text=text))
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(Answer.text_value).where(Answer.text_value.is_not(None)))
        assert stored == text  # plain text, exactly as typed
        saved = db.session.scalar(select(SurveyResponse))
        assert saved.user_id == person.id and saved.region == "north_west"
    mine = client.get(f"/surveys/{survey_id}/my-answers")
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in mine.data and b"<script>alert" not in mine.data
    assert b"Excellent" in mine.data
    listing = client.get("/surveys/")
    assert b"Answered" in listing.data and b"See your answers" in listing.data


def test_missing_required_answer_is_explained_and_typed_text_kept(app, login_as):
    survey_id, person = _setup(app)
    client = login_as(person)
    response = client.post(f"/surveys/{survey_id}", data=_form(app, survey_id, overall=None,
                                                                text="Mock interview stations were realistic"))
    assert response.status_code == 200
    assert b"Please answer this question" in response.data
    assert b"Mock interview stations were realistic" in response.data
    assert b'-error"><span class="visually-hidden">Error:' in response.data  # tied to its question
    bad = client.post(f"/surveys/{survey_id}", data=_form(app, survey_id, overall="9", useful="abc"))
    assert bad.status_code == 200 and b"Choose one of the options given" in bad.data
    with app.app_context():
        assert db.session.scalar(select(func.count(SurveyResponse.id))) == 0
        assert not db.session.scalar(select(SurveyInvitation.has_responded))


def test_a_second_submission_is_refused(app, login_as):
    survey_id, person = _setup(app)
    client = login_as(person)
    assert client.post(f"/surveys/{survey_id}", data=_form(app, survey_id)).status_code == 302
    again = client.post(f"/surveys/{survey_id}", data=_form(app, survey_id, overall=1), follow_redirects=True)
    assert b"already answered" in again.data
    with app.app_context():
        assert db.session.scalar(select(func.count(SurveyResponse.id))) == 1
        assert db.session.scalar(select(Answer.number_value).join(Answer.question)
                                 .where(Answer.number_value.is_not(None)).order_by(Answer.id)) == 5


def test_a_double_submit_at_the_same_moment_stores_one_anonymous_response(app):
    from tests.conftest import login

    survey_id, person = _setup(app, anonymous=True)
    form = _form(app, survey_id)
    barrier, statuses = threading.Barrier(3), []

    def submit():
        client = app.test_client()
        with app.app_context():
            login(client, db.session.merge(person))
        barrier.wait()
        statuses.append(client.post(f"/surveys/{survey_id}", data=form).status_code)

    threads = [threading.Thread(target=submit) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [302, 302, 302]  # one thank-you, two "already answered"; never a 500
    with app.app_context():
        assert db.session.scalar(select(func.count(SurveyResponse.id))) == 1


def test_anonymous_answers_hold_no_link_to_the_person(app, login_as):
    survey_id, person = _setup(app, anonymous=True)
    client = login_as(person)
    page = client.get(f"/surveys/{survey_id}")
    assert b"anonymous" in page.data
    client.post(f"/surveys/{survey_id}", data=_form(app, survey_id, text="My portfolio finally makes sense"))
    with app.app_context():
        response = db.session.scalar(select(SurveyResponse))
        assert response.user_id is None and response.career_stage is None and response.region is None
        assert response.submitted_on.time() == time(0)  # the day only
        invitation = db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.user_id == person.id))
        assert invitation.has_responded and invitation.user_id == person.id
        columns = set(SurveyInvitation.__table__.columns.keys())
        assert not columns & {"response_id", "responded_at"}  # nothing joins the invitation to the answers
    mine = client.get(f"/surveys/{survey_id}/my-answers")
    assert mine.status_code == 200 and b"cannot be shown" in mine.data
    assert b"My portfolio finally makes sense" not in mine.data
    with app.app_context():  # seven more answer, so the anonymous survey reaches the 8 its results need
        survey = db.session.get(Survey, survey_id)
        others = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey_id,
                                                                   SurveyInvitation.user_id != person.id)).all()
        for other in others[:7]:
            respond(survey, other.user, text="Another answer")
        db.session.commit()
    organiser = login_as("organiser")
    results = organiser.get(f"/surveys/{survey_id}/results")
    assert b"My portfolio finally makes sense" in results.data
    assert person.email.encode() not in results.data and b"Amara" not in results.data


def test_a_closed_survey_says_so_and_takes_no_answers(app, login_as):
    survey_id, person = _setup(app)
    with app.app_context():
        db.session.get(Survey, survey_id).closes_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    client = login_as(person)
    page = client.get(f"/surveys/{survey_id}")
    assert page.status_code == 200 and b"This survey is closed" in page.data and b"Send my answers" not in page.data
    posted = client.post(f"/surveys/{survey_id}", data=_form(app, survey_id), follow_redirects=True)
    assert b"closed" in posted.data
    with app.app_context():
        assert db.session.scalar(select(func.count(SurveyResponse.id))) == 0


def test_only_invited_people_see_a_survey(app, login_as):
    survey_id, _person = _setup(app)
    stranger = login_as("newcomer")
    assert stranger.get(f"/surveys/{survey_id}").status_code == 403
    assert stranger.post(f"/surveys/{survey_id}", data=_form(app, survey_id)).status_code == 403
    assert stranger.get(f"/surveys/{survey_id}/my-answers").status_code == 403
    assert stranger.get("/surveys/999999").status_code == 404


def test_someone_elses_answers_are_never_shown(app, login_as):
    survey_id, person = _setup(app)
    with app.app_context():
        other = make_user()
        respond(db.session.get(Survey, survey_id), other, text="Private thoughts on NHS culture")
        db.session.commit()
    client = login_as(person)
    assert client.get(f"/surveys/{survey_id}/my-answers").status_code == 404  # has not answered
    assert b"Private thoughts" not in client.get(f"/surveys/{survey_id}").data
    assert client.get(f"/surveys/{survey_id}/results").status_code == 403


def test_my_surveys_page_queries_do_not_grow_with_surveys(app, login_as):
    with app.app_context():
        person = make_user()
        db.session.commit()
        db.session.refresh(person)
    client = login_as(person)

    def add_surveys(n):
        with app.app_context():
            user = db.session.merge(person)
            for _ in range(n):
                invite(make_survey(open_now=True), user)
            db.session.commit()

    add_surveys(2)
    few = count_queries(app, client, "/surveys/")
    add_surveys(8)
    assert count_queries(app, client, "/surveys/") == few


def test_every_question_type_can_be_answered_and_read_back(app, login_as):
    from werkzeug.datastructures import MultiDict

    from softlanding.blueprints.feedback import survey_templates

    with app.app_context():
        organiser = make_user(role="organiser")
        template = survey_templates.copy_template(survey_templates.ensure_default_template().id, organiser)
        for kind, prompt in [("scale10", "How likely are you to recommend us?"), ("yes_no", "First event with us?"),
                             ("single", "Preferred format?"), ("multiple", "Which exams are next?")]:
            survey_templates.add_question(template.id, kind, prompt, options_text="Online\nIn person\nFOP\nAKP")
        survey = make_survey(organiser=organiser, template_id=template.id, open_now=True)
        person = make_user()
        invite(survey, person)
        db.session.commit()
        db.session.refresh(person)
        by_prompt = {q.prompt: q.id for q in survey.questions}
        survey_id = survey.id
        data = form_for(survey, overall=4)
    client = login_as(person)
    page = client.get(f"/surveys/{survey_id}").data.decode()
    assert 'type="checkbox"' in page and 'value="10"' in page and ">Yes</label>" in page
    data = MultiDict(data)
    data.add(f"q{by_prompt['How likely are you to recommend us?']}", "9")
    data.add(f"q{by_prompt['First event with us?']}", "1")
    data.add(f"q{by_prompt['Preferred format?']}", "In person")
    data.add(f"q{by_prompt['Which exams are next?']}", "FOP")
    data.add(f"q{by_prompt['Which exams are next?']}", "AKP")
    assert client.post(f"/surveys/{survey_id}", data=data).status_code == 302
    mine = client.get(f"/surveys/{survey_id}/my-answers").data.decode()
    for shown in ("Good", ">9<", ">Yes<", "In person", "FOP, AKP"):
        assert shown in mine
    bad = MultiDict(data)
    bad.setlist(f"q{by_prompt['Which exams are next?']}", ["Sneaky"])
    with app.app_context():
        from softlanding.blueprints.feedback.responses import parse_answers

        _values, errors = parse_answers(db.session.get(Survey, survey_id).questions, bad)
    assert errors == {by_prompt["Which exams are next?"]: "Choose from the options given."}
