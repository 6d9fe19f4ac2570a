"""The workspace's progress and answer count are kept between requests, and never shown stale: a new
answer, a new coding or a removed one shows on the very next request."""

import re
from datetime import UTC, datetime

from softlanding.blueprints.analysis.models import Coding
from softlanding.core.extensions import db
from tests.factories import make_analysis_survey, make_code, make_coding, make_event, make_response, text_answer

PROGRESS = re.compile(r"Progress: (\d+) of (\d+) answers coded")


def _progress(client):
    page = client.get("/analysis/").get_data(as_text=True)
    return tuple(int(n) for n in PROGRESS.search(page).groups())


def test_progress_follows_new_answers_codings_and_removals_on_the_next_request(app, login_as):
    with app.app_context():
        survey = make_analysis_survey(make_event(title="Portfolio webinar", days_ago=30))
        answers = [text_answer(make_response(survey, f"Answer number {i}",
                                             submitted_on=datetime(2026, 3, 9, tzinfo=UTC))) for i in range(3)]
        code = make_code("Portfolio")
        db.session.commit()
        survey_id, answer_id, code_id = survey.id, answers[0].id, code.id
    client = login_as("organiser")
    assert _progress(client) == (0, 3)
    assert _progress(client) == (0, 3)  # served from the kept figures
    with app.app_context():
        make_response(db.session.get(type(survey), survey_id), "A fourth answer")
        db.session.commit()
    assert _progress(client) == (0, 4)
    with app.app_context():
        coding = make_coding(db.session.get(type(answers[0]), answer_id), db.session.get(type(code), code_id))
        db.session.commit()
        coding_id = coding.id
    assert _progress(client) == (1, 4)
    with app.app_context():
        db.session.delete(db.session.get(Coding, coding_id))
        db.session.commit()
    assert _progress(client) == (0, 4)


def test_the_filter_forms_events_follow_a_new_survey_and_an_edited_event_on_the_next_request(app, login_as):
    with app.app_context():
        event = make_event(title="Portfolio webinar", days_ago=30)
        text_answer(make_response(make_analysis_survey(event), "Useful"))
        db.session.commit()
        event_id = event.id
    client = login_as("organiser")
    assert "Portfolio webinar (" in client.get("/analysis/").get_data(as_text=True)
    with app.app_context():
        text_answer(make_response(make_analysis_survey(make_event(title="ARCP clinic", days_ago=20)), "Clear"))
        db.session.commit()
    page = client.get("/analysis/").get_data(as_text=True)
    assert "ARCP clinic (" in page
    with app.app_context():
        db.session.get(type(event), event_id).title = "Portfolio masterclass"
        db.session.commit()
    page = client.get("/analysis/").get_data(as_text=True)
    assert "Portfolio masterclass (" in page and "Portfolio webinar (" not in page


def test_a_second_coders_progress_leaves_out_their_sample_while_the_teams_figures_are_kept(app, login_as):
    from tests.analysis.test_blind_holds import _seed

    seed = _seed(app)  # 8 answers, all coded by the team; 5 of them in the second coder's open sample
    first, second = login_as(seed["first"]), login_as(seed["second"])
    assert _progress(first) == (8, 8)
    assert _progress(second) == (3, 8)
    assert _progress(first) == (8, 8)
