"""The impact report's figures are kept under change stamps: computed once, shown to every organiser, and
renewed on the next request after a change a reader would notice (a response, a coding, an attendance)."""

from datetime import date, timedelta

from softlanding.blueprints.feedback import impact, report_cache
from softlanding.core.extensions import db
from tests.factories import count_queries, make_booking, make_code, make_coding, make_user
from tests.feedback.test_report import RANGE, _answers, _csv, _event, _world

TODAY = date.today()


def test_a_new_response_changes_the_figures_on_the_next_request(app, login_as):
    with app.app_context():
        _world()
    client = login_as("organiser")
    before = _csv(client)
    assert before[("Events and feedback", "Responses", "This period")] == "21"
    assert count_queries(app, client, f"/surveys/report?{RANGE}", warm=True) < 15  # the figures come from the cache
    with app.app_context():
        _event([5] * 9, title="Portfolio clinic")  # nine more attendees, each answering
        db.session.commit()
    after = _csv(client)
    assert after[("Events and feedback", "Responses", "This period")] == "30"
    assert after[("Events and feedback", "Events held", "This period")] == "3"
    assert after[("People reached", "People who attended at least one event", "This period")] == "30"
    page = client.get(f"/surveys/report?{RANGE}").get_data(as_text=True)
    assert "Portfolio clinic" not in page and ">30<" in page


def test_a_new_coding_and_a_new_attendance_show_on_the_next_request(app, login_as):
    with app.app_context():
        _big, survey, _people = _event([5] * 9, title="ARCP panel walkthrough")
        db.session.commit()
        survey_id = survey.id
    client = login_as("organiser")
    assert ("What helped", "Peer support", "Answers") not in _csv(client)
    with app.app_context():
        from softlanding.blueprints.feedback.models import Survey

        survey = db.session.get(Survey, survey_id)
        theme = make_code(name="Peer support", is_theme=True)
        for answer in _answers(survey, "went_well"):
            make_coding(answer, theme)
        db.session.commit()
    assert _csv(client)[("What helped", "Peer support", "Answers")] == "9"
    with app.app_context():
        event = db.session.get(Survey, survey_id).event
        make_booking(event, make_user(), attended=True)
        db.session.commit()
    assert _csv(client)[("Events and feedback", "Attendances", "This period")] == "10"


def test_the_kept_report_names_each_organiser_who_produces_it(app, login_as):
    with app.app_context():
        _world()
    first = login_as("organiser", full_name="Amina Rahman")
    second = login_as("organiser", full_name="Joseph Okafor")
    assert "by Amina Rahman" in first.get(f"/surveys/report?{RANGE}").get_data(as_text=True)
    page = second.get(f"/surveys/report?{RANGE}").get_data(as_text=True)
    assert "by Joseph Okafor" in page and "Amina Rahman" not in page
    assert _csv(second)[("Produced", "", "")].endswith("by Joseph Okafor")
    with app.app_context():  # the kept value itself names nobody: each request names its own organiser
        kept = report_cache.kept(report_cache.REPORT, TODAY - timedelta(days=30), TODAY, "", lambda: None)
        assert kept is not None and kept.produced_by == ""
        assert impact.build_report(TODAY - timedelta(days=30), TODAY, produced_by="A. N. Other").produced_by == "A. N. Other"
        assert kept.produced_by == ""
