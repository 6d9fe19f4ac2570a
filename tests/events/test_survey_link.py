"""The event page leads its organisers to the event's feedback survey (attach one, then its results)."""

from softlanding.blueprints.feedback import surveys
from softlanding.core.extensions import db
from tests.factories import make_event, make_user


def test_event_page_links_to_attach_a_survey_then_to_its_results(app, login_as):
    with app.app_context():
        organiser = make_user(role="organiser")
        host = make_user(role="rep")
        event = make_event(host=host)
        event_id = event.id
        db.session.commit()
    as_organiser = login_as(organiser)
    page = as_organiser.get(f"/events/{event_id}").data.decode()
    assert f"/surveys/new?event_id={event_id}" in page
    assert "Feedback survey results" not in page
    with app.app_context():
        survey = surveys.create_survey(db.session.merge(organiser), title="", event_id=event_id)
        survey_id = survey.id
        db.session.commit()
    page = as_organiser.get(f"/events/{event_id}").data.decode()
    assert "Feedback survey results" in page and f"/surveys/{survey_id}/results" in page
    # The host reaches the same results page; a member who only booked sees no such link.
    host_page = login_as(host).get(f"/events/{event_id}").data.decode()
    assert f"/surveys/{survey_id}/results" in host_page
    assert login_as(host).get(f"/surveys/{survey_id}/results").status_code == 200
    assert "Feedback survey results" not in login_as("newcomer").get(f"/events/{event_id}").data.decode()
