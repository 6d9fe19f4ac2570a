"""Results per survey (organisers, hosts without identities), comparisons, the impact report."""


from softlanding.core.extensions import db
from tests.factories import count_queries, make_booking, make_event, make_survey, make_user, respond


def _event_with_answers(ratings, attendees=None, host=None, category="arcp", mwres=(), days_ago=3, texts=None,
                        anonymous=False, title=None):
    event = make_event(host=host, category=category, mwres=mwres, days_ago=days_ago, title=title)
    people = [make_user(full_name=f"Attendee {i} Surname") for i in range(attendees or len(ratings))]
    for person in people:
        make_booking(event, person, attended=True)
    survey = make_survey(event, anonymous=anonymous, open_now=True)
    for i, (person, rating) in enumerate(zip(people, ratings, strict=False)):
        respond(survey, person, overall=rating, text=(texts or {}).get(i, f"Answer number {i} about the portfolio"))
    return event, survey, people


def test_results_show_rate_distribution_mean_and_share_excellent(app, login_as):
    with app.app_context():
        _event, survey, _ = _event_with_answers([5, 5, 3], attendees=4)
        db.session.commit()
        survey_id = survey.id
    page = login_as("organiser").get(f"/surveys/{survey_id}/results")
    body = page.data.decode()
    assert page.status_code == 200
    assert "75%" in body  # 3 of 4 answered
    assert "67% Excellent" in body and "mean 4.33" in body
    assert 'role="img"' in body and "<title id=\"chart-q" in body and "Excellent: 2; Good: 0; Average: 1" in body
    assert "<caption>Answers to: Overall, how would you rate this event?</caption>" in body
    assert "Answer number 0 about the portfolio" in body
    assert "mean <strong>2.0</strong> before the event" in body and "<strong>4.0</strong> after it" in body
    assert "Attendee 0" not in body and "@example.org" not in body


def test_hosts_see_their_own_events_results_and_nobody_elses(app, login_as):
    with app.app_context():
        host, cohost, other_rep = make_user(role="rep"), make_user(role="rep"), make_user(role="rep")
        event, survey, people = _event_with_answers([4, 5], host=host)
        from softlanding.blueprints.events.models import EventHost

        db.session.add(EventHost(event_id=event.id, user_id=cohost.id))
        db.session.commit()
        for u in (host, cohost, other_rep, people[0]):
            db.session.refresh(u)
        survey_id = survey.id
    for who in (host, cohost):
        client = login_as(who)
        page = client.get(f"/surveys/{survey_id}/results")
        assert page.status_code == 200 and b"Attendee" not in page.data
        assert f"/surveys/{survey_id}/results".encode() in client.get("/surveys/").data
    assert login_as(other_rep).get(f"/surveys/{survey_id}/results").status_code == 403
    assert login_as(people[0]).get(f"/surveys/{survey_id}/results").status_code == 403


def test_compare_across_a_categorys_events_and_by_month(app, login_as):
    with app.app_context():
        _event_with_answers([5, 5, 4, 4], category="mrcpch", days_ago=40, title="FOP crash course")
        _event_with_answers([5, 3], category="mrcpch", days_ago=5, title="AKP question bank")
        _event_with_answers([1, 1], category="arcp", days_ago=5, title="ARCP panel")
        db.session.commit()
    client = login_as("organiser")
    page = client.get("/surveys/compare?category=mrcpch").data.decode()
    assert "FOP crash course" in page and "AKP question bank" in page and "ARCP panel" not in page
    assert "4.5" in page and "50%" in page  # FOP mean 4.5, 50% Excellent
    assert 'id="chart-months-title"' in page
    everything = client.get("/surveys/compare?category=no-such").data.decode()
    assert "ARCP panel" in everything  # an unknown category is ignored


def test_impact_report_explains_bad_dates(login_as):
    client = login_as("organiser")
    page = client.get("/surveys/report?start=2026-13-01&end=2026-01-01")
    assert page.status_code == 200 and b"YYYY-MM-DD" in page.data
    assert client.get("/surveys/report?start=2026-05-01&end=2026-01-01").status_code == 200
    assert client.get("/surveys/report.csv?start=nope").status_code == 400


def test_manage_list_queries_do_not_grow_with_surveys(app, login_as):
    client = login_as("organiser")

    with app.app_context():
        for _ in range(2):
            _event_with_answers([5])
        db.session.commit()
    few = count_queries(app, client, "/surveys/manage")
    with app.app_context():
        for _ in range(8):
            _event_with_answers([4])
        db.session.commit()
    assert count_queries(app, client, "/surveys/manage") == few
