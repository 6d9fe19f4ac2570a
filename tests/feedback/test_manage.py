"""Managing surveys: one per event, edit until the first answer, delete a draft, preview, open after a confirmation."""

from sqlalchemy import func, select

from softlanding.blueprints.feedback import editing, survey_templates
from softlanding.blueprints.feedback.models import Survey, SurveyQuestion, SurveyTemplate
from softlanding.core.errors import Conflict
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_survey, make_user, read_mail, respond


def test_a_second_survey_for_an_event_is_refused_with_a_link_to_the_first(login_as, app):
    client = login_as("organiser")
    with app.app_context():
        event = make_event(days_ago=2, title="ARCP walkthrough")
        first = make_survey(event)
        template_id = survey_templates.ensure_default_template().id
        db.session.commit()
        event_id, first_id = event.id, first.id
    page = client.post("/surveys/new", data={"title": "Again", "template_id": template_id, "audience": "attendees",
                                             "event_id": event_id, "close_after_days": 14})
    assert page.status_code == 200
    assert b"already has its attendee survey" in page.data
    assert f'href="/surveys/{first_id}/edit"'.encode() in page.data
    with app.app_context():
        assert db.session.scalar(select(func.count(Survey.id)).where(Survey.event_id == event_id)) == 1


def test_organiser_edits_title_closing_invitation_text_and_questions_until_the_first_answer(login_as, app, mail_dir):
    client = login_as("organiser")
    with app.app_context():
        event = make_event(days_ago=2)
        people = [make_user() for _ in range(3)]
        for person in people:
            make_booking(event, person)
        survey = make_survey(event)
        db.session.commit()
        sid, qid, first_person = survey.id, survey.questions[1].id, people[0].id
    saved = client.post(f"/surveys/{sid}/edit", data={"title": "How was the ARCP session?", "close_after_days": 21,
                                                      "invitation_text": "Your answers shape next year's sessions."})
    assert saved.status_code == 302
    edited = client.post(f"/surveys/{sid}/questions/{qid}", data={"prompt": "How useful was it for your ARCP?",
                                                                  "kind": "scale5", "required": "y"})
    assert edited.status_code == 302
    bad = client.post(f"/surveys/{sid}/questions/{qid}", data={"prompt": "Pick one", "kind": "single",
                                                               "options": "Only one"})
    assert bad.status_code == 200 and b"at least two options" in bad.data and b'value="Pick one"' in bad.data
    added = client.post(f"/surveys/{sid}/questions", data={"prompt": "Anything else?", "kind": "long_text"})
    assert added.status_code == 302
    confirm = client.get(f"/surveys/{sid}/open")
    assert b"3 people" in confirm.data  # the audience size is on the confirmation step
    assert client.post(f"/surveys/{sid}/open").status_code == 302
    mails = read_mail(mail_dir, subject="Tell us what you thought")
    assert len(mails) == 3 and "Your answers shape next year's sessions." in mails[0].get_body(("plain",)).get_content()
    with app.app_context():
        survey = db.session.get(Survey, sid)
        assert survey.title == "How was the ARCP session?" and survey.close_after_days == 21
        assert (survey.closes_at - survey.opens_at).days == 21
        question = db.session.get(SurveyQuestion, qid)
        assert question.prompt == "How useful was it for your ARCP?" and question.code == "useful"
        assert survey.questions[-1].prompt == "Anything else?"
        respond(survey, db.session.get(type(people[0]), first_person))
        db.session.commit()
    refused = client.post(f"/surveys/{sid}/edit", data={"title": "Changed after an answer",
                                                        "closes_on": "2030-01-01"})
    assert b"already answered" in refused.data
    with app.app_context():
        assert db.session.get(Survey, sid).title == "How was the ARCP session?"


def test_editing_refuses_bad_closing_dates_next_to_the_field(ctx):
    survey = make_survey(open_now=True)
    try:
        editing.update_survey(survey.id, title="T", invitation_text="", closes_on=None)
    except Exception as error:  # noqa: BLE001 - the message is what matters
        assert "closing date" in str(error)
    else:
        raise AssertionError("an open survey needs a closing date")


def test_only_an_unopened_survey_can_be_deleted(login_as, app):
    client = login_as("organiser")
    with app.app_context():
        draft = make_survey()
        opened = make_survey(open_now=True)
        db.session.commit()
        draft_id, open_id = draft.id, opened.id
    assert b"Delete the survey" in client.get(f"/surveys/{draft_id}/delete").data
    assert client.post(f"/surveys/{draft_id}/delete").status_code == 302
    page = client.get(f"/surveys/{open_id}/delete")
    assert b"Only a survey that was never opened" in page.data
    client.post(f"/surveys/{open_id}/delete")
    with app.app_context():
        assert db.session.get(Survey, draft_id) is None
        assert db.session.get(Survey, open_id) is not None
        try:
            editing.delete_survey(open_id)
        except Conflict:
            pass
        else:
            raise AssertionError("an opened survey was deleted")


def test_organiser_previews_a_draft_as_a_respondent_sees_it(login_as, app):
    client = login_as("organiser")
    with app.app_context():
        survey = make_survey()
        db.session.commit()
        sid = survey.id
    page = client.get(f"/surveys/{sid}/preview")
    assert page.status_code == 200
    assert b"Preview" in page.data and b"Overall, how would you rate this event?" in page.data
    assert b"Send my answers</button>" not in page.data
    assert client.get(f"/surveys/{sid}").status_code == 403  # the real form is still only for those asked


def test_opening_an_anonymous_survey_to_too_few_says_why_on_the_confirmation(login_as, app):
    client = login_as("organiser")
    with app.app_context():
        survey = make_survey(audience="group", audience_filter={"roles": ["organiser"]}, title="Organisers")
        survey.anonymous = True  # made before the minimum, or by an older version
        db.session.commit()
        sid = survey.id
    page = client.get(f"/surveys/{sid}/open")
    assert b"must ask at least 8" in page.data and b"Open and send" not in page.data


def test_template_questions_are_edited_in_place_and_a_blank_template_starts_empty(login_as, app):
    client = login_as("organiser")
    blank = client.post("/surveys/templates/blank")
    assert blank.status_code == 302
    tid = int(blank.headers["Location"].rstrip("/").split("/")[-1])
    client.post(f"/surveys/templates/{tid}/questions", data={"prompt": "Did you sit MRCPCH?", "kind": "yes_no"})
    with app.app_context():
        template = db.session.get(SurveyTemplate, tid)
        assert len(template.questions) == 1
        qid = template.questions[0].id
    form = client.get(f"/surveys/templates/{tid}/questions/{qid}")
    assert b'value="Did you sit MRCPCH?"' in form.data
    client.post(f"/surveys/templates/{tid}/questions/{qid}",
                data={"prompt": "Did you sit an MRCPCH exam?", "kind": "yes_no", "required": "y"})
    with app.app_context():
        question = db.session.get(SurveyTemplate, tid).questions[0]
        assert (question.id, question.prompt, question.required) == (qid, "Did you sit an MRCPCH exam?", True)
