"""The pair's shared space, closing and closing feedback, profile visibility, quiet-pair nudges."""

from datetime import date, timedelta

from softlanding.blueprints.mentoring import space as mentoring_space
from softlanding.blueprints.mentoring.models import (
    ClosingFeedback,
    InductionTick,
    MenteePreference,
    MentoringMeeting,
    Mentorship,
)
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_pending
from tests.factories import make_mentor, make_pair, make_seeker, read_mail


def _pair(app, **fields):
    with app.app_context():
        mentor, mentee = make_mentor(full_name="Mentor Mo"), make_seeker(full_name="Mentee Mia")
        pair = make_pair(mentor, mentee, **fields)
        db.session.commit()
        return mentor, mentee, pair.id


def test_both_sides_share_goals_meetings_next_date_and_induction_ticks(app, login_as):
    mentor, mentee, pair_id = _pair(app)
    rep, newcomer = login_as(mentor), login_as(mentee)
    base = f"/mentoring/pairs/{pair_id}"
    assert rep.post(f"{base}/goals", data={"goals": "Pass AKP by June"}).status_code == 302
    today = date.today()
    newcomer.post(f"{base}/meetings", data={"met_on": today.isoformat(), "mode": "video", "notes": "Talked rota"})
    newcomer.post(f"{base}/next", data={"next_meeting_on": (today + timedelta(days=14)).isoformat()})
    rep.post(f"{base}/induction/gmc_wtukp")
    html = newcomer.get(base).get_data(as_text=True)
    assert "Pass AKP by June" in html and "Talked rota" in html and "Video call" in html
    assert (today + timedelta(days=14)).strftime("%-d %B %Y") in html
    assert "GMC Welcome to UK Practice session<span class=\"visually-hidden\">: done" in html
    for area in ("Welcome and pastoral care", "Professional practice induction", "Language and communication induction",
                 "IT systems induction", "Specialty induction (paediatrics)"):
        assert area in html
    newcomer.post(f"{base}/induction/gmc_wtukp")  # ticking again unticks
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(InductionTick)) == 0


def test_bad_meeting_input_is_explained_next_to_the_field(app, login_as):
    mentor, mentee, pair_id = _pair(app)
    client = login_as(mentee)
    base = f"/mentoring/pairs/{pair_id}"
    future = (date.today() + timedelta(days=3)).isoformat()
    page = client.post(f"{base}/meetings", data={"met_on": future, "mode": "video", "notes": "kept notes"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="met_on-error"' in html and "cannot be in the future" in html
    assert "kept notes" in html
    page = client.post(f"{base}/meetings", data={"met_on": "31/02/2026", "mode": "video"})
    assert 'id="met_on-error"' in page.get_data(as_text=True)
    page = client.post(f"{base}/meetings", data={"met_on": date.today().isoformat(), "mode": "carrier_pigeon"})
    assert 'id="mode-error"' in page.get_data(as_text=True)
    page = client.post(f"{base}/next", data={"next_meeting_on": "2020-01-01"})
    assert 'id="next_meeting_on-error"' in page.get_data(as_text=True)


def test_only_the_two_can_open_the_space_organisers_see_only_that_it_exists(app, login_as):
    mentor, mentee, pair_id = _pair(app)
    with app.app_context():
        pair = db.session.get(Mentorship, pair_id)
        pair.started_at = utcnow() - timedelta(days=40)
        db.session.commit()
    login_as(mentee).post(f"/mentoring/pairs/{pair_id}/meetings", data={
        "met_on": (date.today() - timedelta(days=35)).isoformat(), "mode": "phone", "notes": "Private worry"})
    assert login_as("newcomer").get(f"/mentoring/pairs/{pair_id}").status_code == 403
    assert login_as("newcomer").post(f"/mentoring/pairs/{pair_id}/goals", data={"goals": "x"}).status_code == 403
    organiser = login_as("organiser")
    assert organiser.get(f"/mentoring/pairs/{pair_id}").status_code == 403
    html = organiser.get("/mentoring/organiser?table=quiet").get_data(as_text=True)
    assert "Mentee Mia" in html and (date.today() - timedelta(days=35)).strftime("%-d %b %Y") in html
    assert "Private worry" not in html
    assert "Private worry" not in organiser.get("/mentoring/organiser/export/quiet.csv").get_data(as_text=True)


def test_mentor_and_mentee_see_each_others_full_profile(app, login_as):
    with app.app_context():
        mentor = make_mentor()
        hidden = make_seeker(visibility="organisers")
        db.session.commit()
        hidden_id = hidden.id
    assert login_as(mentor).get(f"/profile/{hidden_id}").status_code == 403
    with app.app_context():
        make_pair(db.session.merge(mentor), db.session.merge(hidden), status="active")
        db.session.commit()
    assert login_as(mentor).get(f"/profile/{hidden_id}").status_code == 200


def test_either_side_closes_and_each_gives_a_rating_and_comment(app, login_as):
    mentor, mentee, pair_id = _pair(app)
    rep, newcomer = login_as(mentor), login_as(mentee)
    base = f"/mentoring/pairs/{pair_id}"
    page = newcomer.post(f"{base}/close", data={"outcome": "ended_early", "reason": ""})
    assert page.status_code == 200 and 'id="reason-error"' in page.get_data(as_text=True)
    assert newcomer.post(f"{base}/close", data={"outcome": "ended_early",
                                                "reason": "I moved to Scotland"}).status_code == 302
    assert f"{base}/feedback" in newcomer.get("/mentoring/").get_data(as_text=True)  # the other side finds it
    assert "Give your closing feedback" in rep.get(base).get_data(as_text=True)
    page = newcomer.post(f"{base}/feedback", data={"rating": "9", "comment": "kept"})
    assert page.status_code == 200 and 'id="rating-error"' in page.get_data(as_text=True)
    newcomer.post(f"{base}/feedback", data={"rating": "4", "comment": "Helped with =SUM portfolio"})
    rep.post(f"{base}/feedback", data={"rating": "5", "comment": "A pleasure"})
    again = rep.post(f"{base}/feedback", data={"rating": "1", "comment": "again"}, follow_redirects=True)
    assert "You gave your closing feedback (5 of 5)" in again.get_data(as_text=True)  # the first answer stands
    with app.app_context():
        pair = db.session.get(Mentorship, pair_id)
        assert pair.status == "ended_early" and pair.end_reason == "I moved to Scotland" and pair.closed_at
        assert not db.session.scalar(db.select(MenteePreference.seeking))  # out of the queue
        rows = {r.author_side: (r.rating, r.comment) for r in db.session.scalars(db.select(ClosingFeedback))}
        assert rows == {"mentee": (4, "Helped with =SUM portfolio"), "mentor": (5, "A pleasure")}
    assert rep.post(f"{base}/goals", data={"goals": "late"}, follow_redirects=True).status_code == 200
    with app.app_context():
        assert db.session.get(Mentorship, pair_id).agreed_goals == ""


def test_quiet_pairs_are_nudged_once_per_30_days(app, mail_dir):
    with app.app_context():
        mentor, mentee = make_mentor(), make_seeker()
        make_pair(mentor, mentee, days_ago=45)
        busy = make_pair(make_mentor(), make_seeker(), days_ago=45)
        db.session.add(MentoringMeeting(mentorship_id=busy.id, met_on=date.today() - timedelta(days=3), mode="video"))
        make_pair(make_mentor(), make_seeker(), days_ago=10)  # too new to nudge
        db.session.commit()
        assert mentoring_space.nudge_quiet_pairs() == 1
        db.session.commit()
        assert mentoring_space.nudge_quiet_pairs() == 0
        # A month on, the first pair is due again, and the other two have gone quiet too.
        assert mentoring_space.nudge_quiet_pairs(utcnow() + timedelta(days=31)) == 3
        db.session.commit()
        deliver_pending()
        emails = {mentor.email, mentee.email}
    nudges = [m["To"] for m in read_mail(mail_dir) if "No meeting logged" in m["Subject"]]
    assert len(nudges) == 8 and all(nudges.count(e) == 2 for e in emails)
