"""A waiting newcomer's find-a-mentor page: the suggestions are kept per newcomer, so a second view scores
nothing and loads no mentor, whatever the number of mentors, and each change that moves them shows at once."""

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import MenteePreference
from softlanding.core.extensions import db
from tests.factories import QueryCounter, count_queries, make_mentor, make_seeker

SETTINGS = {f"w_{c}": "1" for c in ("needs", "exam", "seniority", "region", "subspecialty", "language", "mode",
                                    "gender")}


def _suggested(client):
    html = client.get("/mentoring/").get_data(as_text=True)
    return html.split('id="suggest-h"')[1]


def test_a_second_view_reads_no_mentor_and_statements_do_not_grow_with_mentors(app, login_as):
    with app.app_context():
        for i in range(3):
            make_mentor(full_name=f"Mentor {i}")
        seeker = make_seeker(waited_days=2)
        db.session.commit()
    client = login_as(seeker)
    cold = count_queries(app, client, "/mentoring/")
    warm = count_queries(app, client, "/mentoring/", warm=True)
    assert warm < cold
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine, touching="mentor_profile") as offers:  # no offer read: the suggestions are kept
        client.get("/mentoring/")
    assert offers.count == 0
    assert count_queries(app, client, "/mentoring/", warm=True) == warm
    with app.app_context():
        for i in range(30):
            make_mentor(full_name=f"More Mentor {i}")
        db.session.commit()
    assert count_queries(app, client, "/mentoring/") == cold
    assert count_queries(app, client, "/mentoring/", warm=True) == warm
    assert _suggested(client).count("% match") == 5


def test_preferences_the_organisers_rules_and_the_newcomers_profile_move_kept_suggestions_at_once(app, login_as):
    with app.app_context():
        make_mentor(full_name="Wales Mentor", region="wales", career_stage="consultant")
        seeker = make_seeker(region="london", same_region=True)
        db.session.commit()
        seeker_id = seeker.id
    client, organiser = login_as(seeker), login_as("organiser")  # every account made before the first view
    shown = _suggested(client)
    assert "<h3>Wales " in shown and "Consultant · Wales · 2 free places" in shown
    assert "Works in Wales, not in your region. You asked for a mentor in your region." in shown
    assert count_queries(app, client, "/mentoring/", warm=True) == count_queries(app, client, "/mentoring/", warm=True)

    assert organiser.post("/mentoring/organiser/settings", data={**SETTINGS, "floor": "0",
                                                                 "must_haves": ["region"]}).status_code == 302
    assert "No mentor with a free place fits your must-haves" in _suggested(client)

    with app.app_context():  # the newcomer no longer asks for their own region: the must-have does not apply
        db.session.scalar(db.select(MenteePreference).where(MenteePreference.user_id == seeker_id)).same_region = False
        db.session.commit()
    shown = _suggested(client)
    assert "<h3>Wales " in shown and "You asked for a mentor in your region" not in shown
    assert "Also qualified in Nigeria." in shown

    with app.app_context():  # the newcomer's own profile: another country of qualification
        db.session.get(User, seeker_id).profile.pmq_country = "IN"
        db.session.commit()
    assert "Also qualified in Nigeria." not in _suggested(client)
