"""Newcomers: preferences, explained suggestions, browsing mentors, the rep directory, the queue."""

from softlanding.blueprints.mentoring.models import MenteePreference
from softlanding.core.extensions import db
from tests.factories import count_queries, make_mentor, make_pair, make_seeker


def test_preferences_form_keeps_input_and_puts_errors_next_to_fields(login_as):
    client = login_as("newcomer")
    page = client.post("/mentoring/preferences", data={
        "need_1": "arcp_portfolio", "need_2": "arcp_portfolio", "goals": "Pass my ARCP", "meeting_modes": ["video"]})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="need_2-error"' in html and "You chose this already" in html
    assert "Pass my ARCP" in html
    page = client.post("/mentoring/preferences", data={"need_1": "", "goals": "x"})
    assert 'id="need_1-error"' in page.get_data(as_text=True)
    page = client.post("/mentoring/preferences", data={"need_1": "not_a_topic"})
    assert 'id="need_1-error"' in page.get_data(as_text=True)
    page = client.post("/mentoring/preferences", data={
        "need_1": "mrcpch_akp", "need_2": "settling_culture", "same_region": "y", "meeting_modes": ["video"]})
    assert page.status_code == 302
    with client.application.app_context():
        pref = db.session.scalar(db.select(MenteePreference))
        assert pref.help_topics == ["mrcpch_akp", "settling_culture"] and pref.same_region


def test_suggestions_show_percentage_reasons_and_mismatches(app, login_as):
    with app.app_context():
        good = make_mentor(full_name="Good Match", region="north_west", topics=["arcp_portfolio", "settling_culture"],
                           languages=["en", "yo"], pmq_country="NG")
        far = make_mentor(full_name="Far Away", region="wales", topics=["academic"], languages=["en"],
                          pmq_country="IN")
        seeker = make_seeker(topics=["arcp_portfolio", "settling_culture"], region="north_west",
                             languages=["en", "yo"], pmq_country="NG")
        db.session.commit()
        good_name, far_name = good.display_name, far.display_name
    html = login_as(seeker).get("/mentoring/").get_data(as_text=True)
    assert html.index(good_name) < html.index(far_name)  # best first
    assert "% match" in html
    assert ("Offers help with ARCP and the e-portfolio (Kaizen), the thing you most want help with, "
            "and with Settling in: NHS culture.") in html
    assert "Works in your region, North West." in html
    assert "Does not list help with ARCP and the e-portfolio (Kaizen), the thing you most want help with" in html
    assert "Your place in the queue" in html


def test_suggestions_leave_out_full_paused_conflicted_and_past_mentors(app, login_as):
    with app.app_context():
        seeker = make_seeker(trust="Royal Infirmary", supervisor="Dr Ade")
        full = make_mentor(full_name="Full Mentor", capacity=1)
        make_pair(full, make_seeker())
        make_mentor(full_name="Paused Mentor", accepting=False)
        make_mentor(full_name="Same Trust", trust="royal  infirmary")
        make_mentor(full_name="Dr Ade")
        declined = make_mentor(full_name="Declined Before")
        make_pair(declined, seeker, status="declined")
        make_mentor(full_name="Wrong Gender", gender="man")
        db.session.execute(db.update(MenteePreference).where(MenteePreference.user_id == seeker.id)
                           .values(mentor_gender="woman"))
        make_mentor(full_name="Right Choice", gender="woman")
        db.session.commit()
    html = login_as(seeker).get("/mentoring/").get_data(as_text=True)
    suggestions = html.split('id="suggest-h"')[1]
    assert "Right" in suggestions
    for name in ("Full", "Paused", "Same", "Dr", "Declined", "Wrong"):
        assert f"<h3>{name} " not in suggestions, name


def test_browse_filters_accepting_mentors_with_constant_queries(app, login_as):
    with app.app_context():
        for i in range(3):
            make_mentor(full_name=f"London {i}", region="london", topics=["academic"])
        make_mentor(full_name="Scot Land", region="scotland", topics=["arcp_portfolio"])
        make_mentor(full_name="Paused Person", region="london", accepting=False)
        db.session.commit()
    client = login_as("newcomer")
    html = client.get("/mentoring/mentors?region=london").get_data(as_text=True)
    assert html.count("Ask<span") == 3 and "Paused" not in html
    html = client.get("/mentoring/mentors?topic=arcp_portfolio").get_data(as_text=True)
    assert html.count("Ask<span") == 1 and "Scot" in html
    assert client.get("/mentoring/mentors?region=%3Cscript%3E&page=abc").status_code == 200

    few = count_queries(app, client, "/mentoring/mentors")
    with app.app_context():
        for i in range(8):
            make_mentor(full_name=f"More {i}", region="wessex")
        db.session.commit()
    assert client.get("/mentoring/mentors").get_data(as_text=True).count("Ask<span") == 12  # the new ones at once
    assert count_queries(app, client, "/mentoring/mentors") == few


def test_directory_lists_reps_by_region_with_mentoring_status(app, login_as):
    with app.app_context():
        make_mentor(full_name="Adaeze Mentor", region="north_west", subspecialties=["neonatal"],
                    topics=["settling_wellbeing"])
        from tests.factories import make_user
        make_user(role="rep", full_name="Bola Rep", region="north_west")
        make_user(role="rep", full_name="Chen Rep", region="london")
        db.session.commit()
    client = login_as("newcomer")
    html = client.get("/mentoring/directory?region=north_west").get_data(as_text=True)
    assert "Adaeze" in html and "Bola" in html and "Chen" not in html
    assert "Settling in: wellbeing" in html and "Neonatal medicine" in html
    html = client.get("/mentoring/directory?region=north_west&mentors=yes").get_data(as_text=True)
    assert "Adaeze" in html and "Bola" not in html
    few = count_queries(app, client, "/mentoring/directory")
    with app.app_context():
        for i in range(6):
            make_mentor(full_name=f"Extra {i}", subspecialties=["general"])
        db.session.commit()
    assert count_queries(app, client, "/mentoring/directory") == few


def test_queue_position_and_wait_estimate(app, login_as):
    with app.app_context():
        make_seeker(waited_days=20)
        make_seeker(waited_days=10)
        me = make_seeker(waited_days=1)
        mentor = make_mentor(capacity=2)
        for days in (5, 20, 40):  # three matches in the last 90 days = 0.23 a week; one free place
            make_pair(mentor if days != 40 else make_mentor(capacity=2), make_seeker(), days_ago=days)
        db.session.commit()
    html = login_as(me).get("/mentoring/").get_data(as_text=True)
    assert "Number 3" in html
    assert "3 newcomers were matched in the last 90 days" in html
    assert "1 mentor place is free now" in html
    assert "About 6 to 13 weeks" in html  # two of the three need a place to free up: 2 / 0.23 a week
