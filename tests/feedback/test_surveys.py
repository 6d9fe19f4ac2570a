"""Survey templates, opening surveys when events end, invitations, the one reminder, closing, groups."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from softlanding.blueprints.feedback import survey_templates, surveys
from softlanding.blueprints.feedback.jobs import run_surveys
from softlanding.blueprints.feedback.models import QUESTION_KINDS, Survey, SurveyInvitation, SurveyTemplate
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from tests.factories import make_booking, make_event, make_survey, make_user, read_mail, respond


def test_default_template_is_made_once_with_the_post_event_questions(ctx):
    first = survey_templates.ensure_default_template()
    second = survey_templates.ensure_default_template()
    db.session.commit()
    assert first.id == second.id
    assert db.session.scalar(select(func.count(SurveyTemplate.id)).where(SurveyTemplate.is_default.is_(True))) == 1
    codes = [q.code for q in first.questions]
    assert codes == ["overall", "useful", "went_well", "improve", "topics_next", "confidence_before",
                     "confidence_after"]
    assert first.questions[0].kind == "rating" and first.questions[0].required
    assert first.questions[2].kind == "long_text" and not first.questions[2].required


def test_organiser_copies_the_default_and_edits_questions_without_javascript(login_as, app):
    client = login_as("organiser")
    page = client.get("/surveys/templates")
    assert page.status_code == 200 and b"Post-event feedback" in page.data
    with app.app_context():
        default_id = db.session.scalar(select(SurveyTemplate.id).where(SurveyTemplate.is_default.is_(True)))
    # The default itself cannot be changed.
    refused = client.post(f"/surveys/templates/{default_id}/questions", data={"prompt": "Extra?", "kind": "yes_no"})
    assert refused.status_code == 200 and b"cannot be changed" in refused.data
    copied = client.post(f"/surveys/templates/{default_id}/copy")
    copy_url = copied.headers["Location"]
    copy_id = int(copy_url.rstrip("/").split("/")[-1])
    # A single-choice question with one option is refused next to the field; the prompt stays.
    bad = client.post(f"/surveys/templates/{copy_id}/questions",
                      data={"prompt": "Which format suits you?", "kind": "single", "options": "Online"})
    assert bad.status_code == 200
    assert b"at least two options" in bad.data and b'value="Which format suits you?"' in bad.data
    for kind in QUESTION_KINDS:
        response = client.post(f"/surveys/templates/{copy_id}/questions",
                               data={"prompt": f"Question of kind {kind}", "kind": kind, "required": "y",
                                     "options": "Online\nIn person\nHybrid"})
        assert response.status_code == 302, kind
    with app.app_context():
        template = db.session.get(SurveyTemplate, copy_id)
        last = template.questions[-1]
        first = template.questions[0]
        assert [q.kind for q in template.questions[-8:]] == list(QUESTION_KINDS)
        assert template.questions[-4].options == ["Online", "In person", "Hybrid"]
        last_id, first_id, count = last.id, first.id, len(template.questions)
    client.post(f"/surveys/templates/{copy_id}/questions/{last_id}/move", data={"direction": "up"})
    client.post(f"/surveys/templates/{copy_id}/questions/{first_id}/delete")
    with app.app_context():
        template = db.session.get(SurveyTemplate, copy_id)
        assert len(template.questions) == count - 1
        assert template.questions[-2].id == last_id  # moved up one place
        assert first_id not in [q.id for q in template.questions]
        default = db.session.get(SurveyTemplate, default_id)
        assert len(default.questions) == 7  # the default is untouched
    assert b"Question of kind yes_no" in client.get(copy_url).data


def test_survey_opens_when_the_event_ends_and_invites_those_marked_attended(ctx, mail_dir):
    event = make_event(days_ago=-1)  # tomorrow
    went, also_went, missed, cancelled = (make_user() for _ in range(4))
    make_booking(event, went, attended=True)
    make_booking(event, also_went, attended=True)
    make_booking(event, missed, attended=False)
    make_booking(event, cancelled, attended=None, status="cancelled")
    survey = make_survey(event)
    db.session.commit()
    now = datetime.now(UTC)
    assert run_surveys(now) == 0  # the event has not ended
    assert run_surveys(event.ends_at + timedelta(minutes=5)) == 3  # opened + two invitations
    db.session.commit()
    assert db.session.get(Survey, survey.id).status == "open"
    invited = set(db.session.scalars(select(SurveyInvitation.user_id)))
    assert invited == {went.id, also_went.id}
    mails = read_mail(mail_dir, subject="Tell us what you thought", deliver=True)
    assert sorted(m["To"] for m in mails) == sorted([went.email, also_went.email])
    assert f"/surveys/{survey.id}" in mails[0].get_body(("plain",)).get_content()


def test_everyone_booked_is_asked_when_the_host_took_no_attendance(ctx):
    event = make_event(days_ago=1)
    people = [make_user() for _ in range(3)]
    for person in people:
        make_booking(event, person)
    make_booking(event, make_user(), status="waitlisted")
    survey = make_survey(event)
    assert surveys.open_survey(survey.id) == 3
    assert {i.user_id for i in db.session.scalars(select(SurveyInvitation))} == {p.id for p in people}


def test_one_reminder_before_closing_then_the_survey_closes(ctx, mail_dir):
    event = make_event(days_ago=1)
    answered, silent = make_user(), make_user()
    make_booking(event, answered, attended=True)
    make_booking(event, silent, attended=True)
    survey = make_survey(event)
    opened = datetime.now(UTC)
    run_surveys(opened)
    respond(survey, answered)
    db.session.commit()
    assert run_surveys(opened + timedelta(days=5)) == 0  # too early to remind
    assert run_surveys(opened + timedelta(days=11, hours=1)) == 1
    db.session.commit()
    assert run_surveys(opened + timedelta(days=12)) == 0  # one reminder only
    reminders = read_mail(mail_dir, subject="Reminder", deliver=True)
    assert [m["To"] for m in reminders] == [silent.email]
    assert run_surveys(opened + timedelta(days=14, minutes=1)) == 1
    db.session.commit()
    assert db.session.get(Survey, survey.id).status == "closed"


def _run_in_thread(app, barrier, now, results):
    with app.app_context():
        barrier.wait()
        try:
            results.append(run_surveys(now))
            db.session.commit()
        except Exception as exc:  # recorded so the test can show it
            db.session.rollback()
            results.append(exc)


def test_two_job_runners_at_once_send_each_invitation_and_reminder_once(app, mail_dir):
    with app.app_context():
        event = make_event(days_ago=1)
        people = [make_user() for _ in range(6)]
        for person in people:
            make_booking(event, person, attended=True)
        survey = make_survey(event)
        db.session.commit()
        survey_id = survey.id
    now = datetime.now(UTC)
    for moment in (now, now + timedelta(days=12)):
        barrier, results = threading.Barrier(2), []
        threads = [threading.Thread(target=_run_in_thread, args=(app, barrier, moment, results)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not [r for r in results if isinstance(r, Exception)], results
    with app.app_context():
        kinds = dict(db.session.execute(select(OutboxMessage.kind, func.count(OutboxMessage.id))
                                        .group_by(OutboxMessage.kind)).all())
        assert kinds == {"survey_invitation": 6, "survey_reminder": 6}
        assert db.session.scalar(select(func.count(SurveyInvitation.id))
                                 .where(SurveyInvitation.survey_id == survey_id)) == 6


def test_group_survey_goes_to_newcomers_of_a_region(login_as, app, mail_dir):
    client = login_as("organiser")
    with app.app_context():
        # Eight London newcomers: an anonymous survey needs an audience of ANONYMOUS_MIN_AUDIENCE (8).
        london_emails = sorted(make_user(region="london").email for _ in range(8))
        make_user(region="wales")
        make_user(role="rep", region="london")
        db.session.commit()
    client.get("/surveys/templates")
    with app.app_context():
        template_id = db.session.scalar(select(SurveyTemplate.id))
    missing = client.post("/surveys/new", data={"audience": "group", "template_id": template_id,
                                                 "title": "Needs survey", "close_after_days": "14"})
    assert missing.status_code == 200 and b"Choose at least one group" in missing.data
    created = client.post("/surveys/new", data={"audience": "group", "template_id": template_id,
                                                 "title": "Needs survey 2027", "roles": ["newcomers"],
                                                 "regions": ["london"], "anonymous": "y",
                                                 "close_after_days": "21"})
    assert created.status_code == 302
    with app.app_context():
        survey = db.session.scalar(select(Survey))
        assert survey.anonymous and survey.audience == "group" and survey.event_id is None
        survey_id = survey.id
    opened = client.post(f"/surveys/{survey_id}/open", follow_redirects=True)
    assert b"8 invitations sent" in opened.data
    assert sorted(m["To"] for m in read_mail(mail_dir)) == london_emails
    assert client.post(f"/surveys/{survey_id}/open", follow_redirects=True).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(SurveyInvitation.id))) == 8
        closes = db.session.get(Survey, survey_id).closes_at
        assert timedelta(days=20) < closes - datetime.now(UTC) <= timedelta(days=21)


def test_attendee_survey_needs_an_event(login_as, app):
    client = login_as("organiser")
    client.get("/surveys/templates")
    with app.app_context():
        template_id = db.session.scalar(select(SurveyTemplate.id))
    response = client.post("/surveys/new", data={"audience": "attendees", "template_id": template_id,
                                                  "title": "Typed title", "close_after_days": "14"})
    assert response.status_code == 200
    assert b"Choose the event whose attendees are asked" in response.data and b"Typed title" in response.data


def test_organiser_closes_a_survey_by_hand(login_as, app):
    client = login_as("organiser")
    with app.app_context():
        survey = make_survey(open_now=True)
        db.session.commit()
        survey_id = survey.id
    assert client.post(f"/surveys/{survey_id}/close").status_code == 302
    with app.app_context():
        assert db.session.get(Survey, survey_id).status == "closed"
    page = client.get("/surveys/manage")
    assert page.status_code == 200 and b"Closed" in page.data


def test_seed_reference_makes_the_default_template_once(app, runner):
    assert runner.invoke(args=["seed-reference"]).exit_code == 0
    assert runner.invoke(args=["seed-reference"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(SurveyTemplate.id)).where(SurveyTemplate.is_default.is_(True))) == 1
