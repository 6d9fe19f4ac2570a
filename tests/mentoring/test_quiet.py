"""Quiet mentors: organisers see last sign-in and answer, requests over 7 days, quiet pairs; nudge or reassign."""

from datetime import timedelta

from softlanding.blueprints.mentoring.models import Mentorship
from softlanding.blueprints.mentoring.models_pair import PairMessage
from softlanding.blueprints.mentoring.space import quiet_pairs_statement
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from tests.factories import make_mentor, make_pair, make_seeker, read_mail


def test_organisers_see_quiet_mentors_and_can_nudge_and_reassign(app, login_as, mail_dir):
    with app.app_context():
        silent = make_mentor(full_name="Silent Sam", capacity=2)
        busy = make_mentor(full_name="Busy Bea", capacity=2)
        busy.last_login_at = utcnow() - timedelta(hours=2)
        waiting = make_seeker(full_name="Waiting Wafa")
        old = make_pair(silent, waiting, status="requested", days_ago=9)
        fresh = make_pair(silent, make_seeker(full_name="New Nadia"), status="requested", days_ago=1)
        db.session.commit()
        old_id, fresh_id, busy_id, silent_email, waiting_email = old.id, fresh.id, busy.id, silent.email, waiting.email
        busy_email = busy.email
    organiser = login_as("organiser")
    html = organiser.get("/mentoring/organiser/mentors").get_data(as_text=True)
    stale = html.split('id="stale-h"')[1].split('id="activity-h"')[0]
    assert "Waiting Wafa" in stale and "9 days" in stale and "New Nadia" not in stale
    activity = html.split('id="activity-h"')[1]
    assert activity.index("Silent Sam") < activity.index("Busy Bea")  # never signed in comes first
    assert "Never" in activity
    with app.app_context():
        silent_id = db.session.get(Mentorship, old_id).mentor_id
    response = organiser.post(f"/mentoring/organiser/mentors/{silent_id}/nudge", follow_redirects=True)
    assert "Reminder sent about 1 waiting request" in response.get_data(as_text=True)
    assert any("waiting for your answer" in m["Subject"] for m in read_mail(mail_dir, to=silent_email))
    again = organiser.post(f"/mentoring/organiser/mentors/{silent_id}/nudge", follow_redirects=True)
    assert "already reminded today" in again.get_data(as_text=True)
    bad = organiser.post(f"/mentoring/organiser/requests/{old_id}/reassign", data={"mentor": "zzz"},
                         follow_redirects=True)
    assert "Choose another mentor" in bad.get_data(as_text=True)
    organiser.post(f"/mentoring/organiser/requests/{old_id}/reassign", data={"mentor": busy_id})
    with app.app_context():
        assert db.session.get(Mentorship, old_id).status == "released"
        assert db.session.get(Mentorship, fresh_id).status == "requested"
        proposal = db.session.scalar(db.select(Mentorship).where(Mentorship.mentor_id == busy_id))
        assert proposal.status == "proposed" and proposal.origin == "organiser"
    assert any("moved to another mentor" in m["Subject"] for m in read_mail(mail_dir, to=silent_email))
    assert any("propose Busy as your mentor" in m["Subject"] for m in read_mail(mail_dir, to=waiting_email))
    assert any("propose that you mentor Waiting" in m["Subject"] for m in read_mail(mail_dir, to=busy_email))


def test_a_pair_that_writes_is_not_quiet(app):
    with app.app_context():
        mentor, mentee = make_mentor(), make_seeker()
        writing = make_pair(mentor, mentee, days_ago=60)
        silent = make_pair(make_mentor(), make_seeker(), days_ago=60)
        db.session.add(PairMessage(mentorship_id=writing.id, author_id=mentee.id, body="hi",
                                   created_at=utcnow() - timedelta(days=3)))
        db.session.flush()
        quiet = set(db.session.scalars(quiet_pairs_statement(utcnow()).with_only_columns(Mentorship.id)))
        assert silent.id in quiet and writing.id not in quiet
