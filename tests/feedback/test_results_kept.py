"""A survey's results page is read in a fixed number of statements, kept between views, and read afresh
on the next view after a response; who may see it is checked on every request."""

from softlanding.blueprints.events.models import EventHost
from softlanding.blueprints.feedback import survey_templates
from softlanding.core.extensions import db
from tests.factories import count_queries, make_booking, make_event, make_survey, make_user, respond


def _survey(attendees, answers, extra_texts=0, host=None):
    """A survey of a past event's attendees, `answers` of whom answered; `extra_texts` more free-text questions."""
    organiser = make_user(role="organiser")
    template = survey_templates.copy_template(survey_templates.ensure_default_template().id, organiser)
    for i in range(extra_texts):
        survey_templates.add_question(template.id, "short_text", f"Anything else {i}?")
    event = make_event(days_ago=3, host=host)
    people = [make_user() for _ in range(attendees)]
    for person in people:
        make_booking(event, person, attended=True)
    survey = make_survey(event, organiser=organiser, template_id=template.id, open_now=True)
    for i, person in enumerate(people[:answers]):
        respond(survey, person, overall=5 - i % 3, text=f"Answer {i} about the portfolio")
    db.session.commit()
    return survey.id, people


def test_the_results_page_sends_the_same_statements_for_few_and_many_answers_and_questions(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        small, _ = _survey(3, 2)
        large, _ = _survey(12, 10, extra_texts=3)
    few = count_queries(app, client, f"/surveys/{small}/results")
    assert count_queries(app, client, f"/surveys/{large}/results") == few
    with count_queries(app, warm=True) as kept:
        page = client.get(f"/surveys/{large}/results").get_data(as_text=True)
    assert "Answer 9 about the portfolio" in page and "10 answered" in page
    assert not any("answer" in s or "survey" in s for s in kept.statements)  # kept: none of its own
    assert client.get("/surveys/999999/results").status_code == 404


def test_a_new_response_shows_on_the_next_view_of_the_results(app, login_as):
    with app.app_context():
        survey_id, people = _survey(4, 2)
    client = login_as("organiser")
    page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "<dd>2</dd>" in page and "50%" in page and "Answer 2 about" not in page
    with app.app_context():
        from softlanding.blueprints.feedback.models import Survey

        respond(db.session.get(Survey, survey_id), db.session.merge(people[2]), overall=1,
                text="Answer 2 about the portfolio, late")
        db.session.commit()
    page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "<dd>3</dd>" in page and "75%" in page and "Answer 2 about the portfolio, late" in page
    assert "Very poor: 1" in page


def test_hosts_see_the_kept_results_suppressed_and_lose_them_with_their_role(app, login_as):
    with app.app_context():
        host, cohost = make_user(role="rep"), make_user(role="rep")
        survey_id, _ = _survey(5, 5, host=host)
        from softlanding.blueprints.feedback.models import Survey

        event_id = db.session.get(Survey, survey_id).event_id
        db.session.add(EventHost(event_id=event_id, user_id=cohost.id))
        db.session.commit()
        cohost_id = cohost.id
        db.session.refresh(cohost)
    organiser_page = login_as("organiser").get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "<dd>5</dd>" in organiser_page and "<dd>100%</dd>" in organiser_page  # the organisers' value is kept first
    cohost_client = login_as(cohost)
    host_page = cohost_client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "<dt>Answered</dt><dd>&lt;8</dd>" in host_page and "Not shown for so few answers" in host_page
    assert "<dt>Answered</dt><dd>5</dd>" in organiser_page and "<dd>100%</dd>" not in host_page
    assert "mean" not in host_page  # a mean of fewer than 8 answers is not shown to a host
    with count_queries(app, warm=True) as kept:
        assert cohost_client.get(f"/surveys/{survey_id}/results").status_code == 200
    # Kept: only who hosts is read again, not the answers nor the event's slots and resources.
    assert not any(table in s for s in kept.statements for table in ("answer", "interview_slot", "event_resource"))
    assert sum("event_host" in s for s in kept.statements) == 1
    with app.app_context():
        db.session.query(EventHost).filter_by(event_id=event_id, user_id=cohost_id).delete()
        db.session.commit()
    assert cohost_client.get(f"/surveys/{survey_id}/results").status_code == 403
    assert login_as("newcomer").get(f"/surveys/{survey_id}/results").status_code == 403


def test_the_kept_comparison_sends_no_query_of_its_own_and_shows_a_new_response_on_the_next_view(app, login_as):
    with app.app_context():
        survey_id, people = _survey(4, 2)  # ratings 5 and 4
    client = login_as("organiser")
    assert "4.5" in client.get("/surveys/compare").get_data(as_text=True)
    with count_queries(app, warm=True) as kept:
        assert client.get("/surveys/compare").status_code == 200
    assert not any("answer" in s or "survey_question" in s for s in kept.statements)
    with app.app_context():
        from softlanding.blueprints.feedback.models import Survey

        respond(db.session.get(Survey, survey_id), db.session.merge(people[2]), overall=3)
        db.session.commit()
    page = client.get("/surveys/compare").get_data(as_text=True)
    assert "4.0" in page and "4.5" not in page  # (5 + 4 + 3) / 3
    rows = client.get("/surveys/compare.csv").get_data(as_text=True).splitlines()
    assert rows[1].split(",")[3] == "3"  # three responses now
