"""Check-ins at one month, three months and the end: invitations once, answers, summary, problem pairs."""

from datetime import timedelta

from softlanding.blueprints.mentoring import checkins
from softlanding.blueprints.mentoring.models_pair import PairCheckin
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from tests.factories import make_mentor, make_pair, make_seeker, read_mail

ANSWER = {"met": "monthly", "usefulness": "4", "confidence": "3", "comment": "Helpful on ARCP.\nThank you 🙏"}


def test_stages_open_at_one_and_three_months_and_at_the_end(app):
    with app.app_context():
        mentor, mentee = make_mentor(), make_seeker()
        young = make_pair(mentor, mentee, days_ago=20)
        month = make_pair(mentor, make_seeker(), days_ago=31)
        quarter = make_pair(mentor, make_seeker(), days_ago=95)
        ended = make_pair(mentor, make_seeker(), days_ago=40, status="completed", closed_at=utcnow())
        now = utcnow()
        assert checkins.due_stages(young, now) == []
        assert checkins.due_stages(month, now) == ["month_1"]
        assert checkins.due_stages(quarter, now) == ["month_1", "month_3"]
        assert checkins.due_stages(ended, now) == ["end"]
        assert checkins.due_stages(ended, now + timedelta(days=61)) == []


def test_invitations_go_once_and_answers_feed_the_summary_and_problem_list(app, login_as, mail_dir):
    with app.app_context():
        mentor = make_mentor(full_name="Grace Mentor")
        mentee = make_seeker(full_name="Amina Newcomer", topics=["mrcpch_akp"])
        pair = make_pair(mentor, mentee, days_ago=35)
        assert checkins.send_invitations() == 2
        assert checkins.send_invitations() == 0
        db.session.commit()
        read_mail(mail_dir, deliver=True)
        assert len(read_mail(mail_dir, subject="How is your mentoring going?")) == 2
        pair_id = pair.id
        _ = mentor.email, mentee.email
    newcomer = login_as(mentee)
    page = newcomer.get(f"/mentoring/pairs/{pair_id}").get_data(as_text=True)
    assert "Answer the check-in: one month in" in page
    form = newcomer.get(f"/mentoring/pairs/{pair_id}/checkin/month_1").get_data(as_text=True)
    assert "How confident do you feel now about MRCPCH" in form
    page = newcomer.post(f"/mentoring/pairs/{pair_id}/checkin/month_1", data={**ANSWER, "usefulness": "9"})
    assert 'id="usefulness-error"' in page.get_data(as_text=True) and "Helpful on ARCP." in page.get_data(as_text=True)
    assert newcomer.post(f"/mentoring/pairs/{pair_id}/checkin/month_1", data=ANSWER).status_code == 302
    response = newcomer.post(f"/mentoring/pairs/{pair_id}/checkin/month_1", data=ANSWER, follow_redirects=True)
    assert "already answered" in response.get_data(as_text=True)
    assert newcomer.post(f"/mentoring/pairs/{pair_id}/checkin/month_3", data=ANSWER,
                         follow_redirects=True).status_code == 200  # not open yet: a message, not a 500
    rep = login_as(mentor)
    rep.post(f"/mentoring/pairs/{pair_id}/checkin/month_1",
             data={"met": "once", "usefulness": "2", "confidence": "2", "comment": "Hard to find time"})
    assert login_as(mentor).get(f"/mentoring/pairs/{pair_id}/checkin/bogus").status_code == 404
    with app.app_context():
        summary = checkins.checkin_summary(utcnow() - timedelta(days=1), utcnow() + timedelta(days=1))
        assert summary["month_1"] == {"responses": 2, "mean_usefulness": 3.0, "mean_confidence": 2.5, "problems": 1}
        assert summary["end"]["responses"] == 0 and summary["end"]["mean_usefulness"] is None
        from softlanding.blueprints.mentoring import stats  # the impact report's mentoring figures
        today = utcnow().date()
        assert stats.summary(today - timedelta(days=1), today)["checkins"] == {
            "n": 2, "usefulness_mean": 3.0, "confidence_mean": 2.5}
        assert db.session.scalar(db.select(PairCheckin.comment).where(PairCheckin.side == "mentee")) == \
            "Helpful on ARCP.\nThank you 🙏"
    page = login_as("organiser").get("/mentoring/organiser/checkins").get_data(as_text=True)
    assert "Grace Mentor and Amina Newcomer" in page and "Hard to find time" in page
    assert "Helpful on ARCP." not in page  # only problem reports are listed
