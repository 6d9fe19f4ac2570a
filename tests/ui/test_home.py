"""A home for each role: what needs the person now, in a fixed number of queries whatever the data."""

from datetime import timedelta

import pytest

from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user
from tests.factories.events import make_slot
from tests.factories.feedback import invite, make_survey
from tests.factories.mentoring import make_mentor, make_pair, make_seeker


def _world(person, n):
    """`n` of everything each role's panels show, around `person` (a user of the role under test)."""
    organiser = make_user(role="organiser")
    mentor = make_mentor(capacity=n + 2)
    for i in range(n):
        soon = make_event(title=f"Soon {i}", starts_in=timedelta(hours=2 + i))
        make_booking(soon, person)
        survey = make_survey(soon if False else None, organiser=organiser, open_now=True, title=f"Survey {i}")
        invite(survey, person)
        hosted = make_event(host=person, title=f"Hosted {i}", days_ago=2 + i)
        make_booking(hosted, make_user())
        make_event(host=mentor, status="submitted", title=f"Review {i}")
        make_slot(make_event(host=person, category="mock_interview", title=f"Interview {i}"), interviewer=person,
                  booked_by=make_user())
        seeker = make_seeker(waited_days=10 + i, full_name=f"Seeker {i}")
        make_pair(person, seeker, status="requested", days_ago=i) if person.is_rep else None
        db.session.add(OutboxMessage(kind="events_notice", to_addr=f"x{i}@example.org", subject="s", body_text="b",
                                     status="failed"))
    if not person.is_rep and not person.is_organiser:
        make_pair(mentor, person, status="requested")
    db.session.flush()


@pytest.mark.parametrize("role", ["newcomer", "rep", "organiser", "admin"])
def test_home_query_count_does_not_grow_with_data(app, login_as, count_queries, role):
    client = login_as(role)
    with app.app_context():
        _world(db.session.get(User, client.user_id), 1)
        db.session.commit()
    few = count_queries(client, "/")
    with app.app_context():
        _world(db.session.get(User, client.user_id), 8)
        db.session.commit()
    many = count_queries(client, "/")
    assert many == few, f"{role}: {few} queries with little data, {many} with more"


def test_newcomer_home_shows_bookings_join_link_mentoring_surveys_and_gaps(app, login_as):
    client = login_as("newcomer")
    with app.app_context():
        person = db.session.get(User, client.user_id)
        person.profile.languages = []
        _world(person, 2)
        db.session.commit()
    html = client.get("/").data.decode()
    assert "Your next events" in html and "Soon 0" in html
    assert "Join now" in html  # starts within the join-link window
    assert "Request to" in html and "waiting for an answer" in html
    assert "Surveys waiting for you" in html and "Survey 0" in html
    assert "Complete your profile" in html and "the languages you speak" in html
    assert "Events awaiting review" not in html and "Organiser tools" not in html


def test_rep_home_shows_requests_with_expiry_hosting_attendance_and_interviews(app, login_as):
    client = login_as("rep")
    with app.app_context():
        _world(db.session.get(User, client.user_id), 2)
        db.session.commit()
    html = client.get("/").data.decode()
    assert "Mentoring requests to answer" in html and "answer by" in html and ">Seeker<" in html
    assert "Take attendance: Hosted 0" in html
    assert "Your interview schedule" in html and "Interview 0" in html


def test_organiser_home_shows_review_surveys_waiting_failed_mail_and_every_tool(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        _world(db.session.get(User, client.user_id), 2)
        db.session.commit()
    html = client.get("/").data.decode()
    assert "Events awaiting review" in html and "Review 0" in html
    assert "Surveys open now" in html and "Survey 1" in html
    assert "Newcomers waiting longest" in html and "Seeker" in html
    assert "Mail that failed to send" in html
    for tool in ("/events/manage", "/surveys/manage", "/surveys/report", "/analysis/", "/mentoring/organiser",
                 "/mentoring/organiser/batches", "/admin/lists"):
        assert f'href="{tool}"' in html, tool
    assert 'href="/admin/users"' not in html  # an admin's tool


def test_admin_home_shows_people_and_admin_tools(app, login_as):
    client = login_as("admin")
    with app.app_context():
        make_user(email="off@example.org").is_active_account = False
        db.session.commit()
    html = client.get("/").data.decode()
    assert "1 account switched off" in html
    assert 'href="/admin/users"' in html and 'href="/admin/outbox/"' in html


def test_the_brochure_stays_reachable_when_signed_in(login_as):
    assert b"New to the NHS?" in login_as("newcomer").get("/about").data


def test_admin_home_lists_suspended_members_data_requests_and_audit_highlights(app, login_as):
    from softlanding.core import audit
    from softlanding.core.db import utcnow

    client = login_as("admin")
    with app.app_context():
        held = make_user(full_name="Held Person", email="held@example.org")
        held.suspended_at, held.is_active_account = utcnow(), False
        with app.test_request_context("/"):
            audit.record("suspended", "user", held.id, "conduct")
            audit.record("sign_in", "user", held.id)  # routine: not a highlight
        db.session.commit()
    html = client.get("/").data.decode()
    assert "1 account suspended" in html and "Held Person" in html
    assert "data requests answered by an admin" in html
    assert "Latest in the audit log" in html and "suspended" in html and "sign in" not in html
    assert 'href="/admin/audit"' in html


def test_a_reps_home_counts_unread_pair_messages(app, login_as):
    from softlanding.blueprints.mentoring import messages

    client = login_as("rep")
    with app.app_context():
        rep = db.session.get(User, client.user_id)
        mentee = make_seeker(full_name="Amina Newcomer")
        pair = make_pair(rep, mentee)
        for text in ("Hello", "Are you free on Tuesday?"):
            messages.post_message(mentee, pair.id, text)
        db.session.commit()
    html = client.get("/").data.decode()
    assert "Shared space with Amina" in html and "(2 new messages)" in html
