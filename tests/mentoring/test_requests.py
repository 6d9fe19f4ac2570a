"""Requests: limits, capacity under concurrency, answers, expiry and reminders, emails."""

import threading
from datetime import timedelta

from softlanding.blueprints.mentoring import requests as mentoring_requests
from softlanding.blueprints.mentoring.models import Mentorship
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_pending
from tests.conftest import login
from tests.factories import make_mentor, make_pair, make_seeker, read_mail


def _status(app, pair_id):
    with app.app_context():
        return db.session.get(Mentorship, pair_id).status


def test_request_emails_the_mentor_and_acceptance_opens_the_space(app, login_as, mail_dir):
    with app.app_context():
        mentor = make_mentor(full_name="Mentor Mo")
        seeker = make_seeker(full_name="Newcomer Nia")
        db.session.commit()
        mentor_id, mentor_email, seeker_email = mentor.id, mentor.email, seeker.email
    newcomer = login_as(seeker)
    response = newcomer.post(f"/mentoring/mentors/{mentor_id}/request", data={"message": "ARCP next month"})
    assert response.status_code == 302
    mail = read_mail(mail_dir)
    assert mail[-1]["To"] == mentor_email and "Newcomer asks you to be their mentor" in mail[-1]["Subject"]
    assert "ARCP next month" in mail[-1].get_body(("plain",)).get_content()
    with app.app_context():
        pair_id = db.session.scalar(db.select(Mentorship.id))
    # The newcomer cannot answer on the mentor's behalf.
    assert newcomer.post(f"/mentoring/requests/{pair_id}/accept").status_code == 403
    assert _status(app, pair_id) == "requested"
    rep = login_as(mentor)
    response = rep.post(f"/mentoring/requests/{pair_id}/accept")
    assert response.headers["Location"].endswith(f"/mentoring/pairs/{pair_id}")
    assert _status(app, pair_id) == "active"
    assert "accepted" in read_mail(mail_dir)[-1]["Subject"] and read_mail(mail_dir)[-1]["To"] == seeker_email


def test_decline_with_reason_emails_the_newcomer(app, login_as, mail_dir):
    with app.app_context():
        mentor, seeker = make_mentor(), make_seeker()
        pair = make_pair(mentor, seeker, status="requested")
        db.session.commit()
        pair_id, seeker_email = pair.id, seeker.email
    rep = login_as(mentor)
    page = rep.post(f"/mentoring/requests/{pair_id}/decline", data={"reason": "x" * 1001})
    assert page.status_code == 200 and 'id="reason-error"' in page.get_data(as_text=True)
    rep.post(f"/mentoring/requests/{pair_id}/decline", data={"reason": "I am on leave until March"})
    assert _status(app, pair_id) == "declined"
    last = read_mail(mail_dir)[-1]
    assert last["To"] == seeker_email and "I am on leave until March" in last.get_body(("plain",)).get_content()


def test_open_request_limit_and_one_active_mentor(app, login_as):
    saved = app.config.get("MENTORING_MAX_OPEN_REQUESTS")
    app.config["MENTORING_MAX_OPEN_REQUESTS"] = 2
    try:
        with app.app_context():
            mentors = [make_mentor().id for _ in range(4)]
            seeker = make_seeker()
            db.session.commit()
        client = login_as(seeker)
        for mentor_id in mentors[:2]:
            assert client.post(f"/mentoring/mentors/{mentor_id}/request", data={"message": "hi"}).status_code == 302
        page = client.post(f"/mentoring/mentors/{mentors[2]}/request", data={"message": "please"})
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and 'id="message-error"' in html and "2 requests waiting" in html
        assert "please" in html  # what was typed is kept
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count()).select_from(Mentorship)) == 2
            first = db.session.scalar(db.select(Mentorship).where(Mentorship.mentor_id == mentors[0]))
            mentor = db.session.get(type(seeker), mentors[0])
            mentoring_requests.respond(mentor, first.id, True)
            db.session.commit()
            # Accepting one withdraws the newcomer's other open requests.
            assert {m.status for m in db.session.scalars(db.select(Mentorship))} == {"active", "withdrawn"}
        page = client.post(f"/mentoring/mentors/{mentors[3]}/request", data={})
        assert "already have a mentor" in page.get_data(as_text=True)
    finally:
        app.config["MENTORING_MAX_OPEN_REQUESTS"] = saved


def test_capacity_holds_when_more_requests_are_accepted_at_once_than_places(app):
    places, asking = 2, 6
    with app.app_context():
        mentor = make_mentor(capacity=places)
        pair_ids = [make_pair(mentor, make_seeker(), status="requested").id for _ in range(asking)]
        db.session.commit()
        mentor_id = mentor.id
    barrier = threading.Barrier(asking)
    codes = []

    def accept(pair_id):
        client = app.test_client()
        with app.app_context():
            login(client, db.session.get(type(mentor), mentor_id))
        barrier.wait()
        codes.append(client.post(f"/mentoring/requests/{pair_id}/accept").status_code)

    threads = [threading.Thread(target=accept, args=(pid,)) for pid in pair_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [302] * asking  # refused ones are told so and sent back, never a 500
    with app.app_context():
        statuses = [db.session.get(Mentorship, pid).status for pid in pair_ids]
    assert statuses.count("active") == places
    assert statuses.count("requested") == asking - places


def test_reminder_after_7_days_and_expiry_after_14_run_twice_safely(app, mail_dir, runner):
    with app.app_context():
        mentor, seeker = make_mentor(), make_seeker()
        reminded = make_pair(mentor, seeker, status="requested", days_ago=8)
        fresh = make_pair(make_mentor(), make_seeker(), status="requested", days_ago=2)
        db.session.commit()
        ids = reminded.id, fresh.id
        mentor_email, seeker_email = mentor.email, seeker.email

    results = []
    barrier = threading.Barrier(2)

    def run():
        with app.app_context():
            barrier.wait()
            results.append(mentoring_requests.expire_requests())
            db.session.commit()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1]
    with app.app_context():
        deliver_pending()
    reminders = [m for m in read_mail(mail_dir) if "waiting for your answer" in m["Subject"]]
    assert [m["To"] for m in reminders] == [mentor_email]

    with app.app_context():  # a week later the first request has gone 15 days unanswered
        pair = db.session.get(Mentorship, ids[0])
        pair.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    out = runner.invoke(args=["mentoring", "expire-requests"])
    assert out.exit_code == 0 and "1 reminded or expired" in out.output
    assert "0 reminded or expired" in runner.invoke(args=["mentoring", "expire-requests"]).output
    assert _status(app, ids[0]) == "expired" and _status(app, ids[1]) == "requested"
    expired = [m["To"] for m in read_mail(mail_dir) if "expired" in m["Subject"]]
    assert sorted(expired) == sorted([mentor_email, seeker_email])


def test_expiry_days_are_configurable(app, login_as):
    saved = app.config.get("MENTORING_REQUEST_EXPIRY_DAYS")
    app.config["MENTORING_REQUEST_EXPIRY_DAYS"] = 3
    try:
        with app.app_context():
            mentor, seeker = make_mentor(), make_seeker()
            db.session.commit()
            mentor_id = mentor.id
        login_as(seeker).post(f"/mentoring/mentors/{mentor_id}/request", data={})
        with app.app_context():
            pair = db.session.scalar(db.select(Mentorship))
            assert timedelta(days=2, hours=23) < pair.expires_at - pair.created_at <= timedelta(days=3)
    finally:
        app.config["MENTORING_REQUEST_EXPIRY_DAYS"] = saved


def test_mentor_cannot_accept_an_expired_request_or_someone_elses(app, login_as):
    with app.app_context():
        mentor = make_mentor()
        stale = make_pair(mentor, make_seeker(), status="requested", days_ago=15)
        theirs = make_pair(make_mentor(), make_seeker(), status="requested")
        db.session.commit()
        ids = stale.id, theirs.id
    rep = login_as(mentor)
    response = rep.post(f"/mentoring/requests/{ids[0]}/accept", follow_redirects=True)
    assert "no longer open" in response.get_data(as_text=True)
    assert _status(app, ids[0]) == "requested"
    assert rep.post(f"/mentoring/requests/{ids[1]}/accept").status_code == 404


def test_two_mentors_accepting_the_same_newcomer_at_once_leave_one_active_mentor(app):
    with app.app_context():
        seeker = make_seeker()
        mentors = [make_mentor() for _ in range(3)]
        pairs = [(m.id, make_pair(m, seeker, status="requested").id) for m in mentors]
        db.session.commit()
    barrier = threading.Barrier(len(pairs))

    def accept(mentor_id, pair_id):
        client = app.test_client()
        with app.app_context():
            login(client, db.session.get(type(seeker), mentor_id))
        barrier.wait()
        client.post(f"/mentoring/requests/{pair_id}/accept")

    threads = [threading.Thread(target=accept, args=p) for p in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(_status(app, pid) for _, pid in pairs)
    assert statuses.count("active") == 1 and set(statuses) <= {"active", "withdrawn"}


def test_newcomer_accepting_a_proposal_for_a_mentor_now_full_is_told_why(app, ctx):
    import pytest

    from softlanding.core.errors import Conflict

    mentor, seeker, other = make_mentor(capacity=1), make_seeker(), make_seeker()
    proposal = make_pair(mentor, seeker, status="proposed")
    make_pair(mentor, other, status="active")
    db.session.commit()
    with pytest.raises(Conflict, match="no free place any more"):
        mentoring_requests.respond(seeker, proposal.id, accept=True)
    db.session.rollback()
    with pytest.raises(Conflict, match="Raise your capacity or decline"):
        mentoring_requests.respond(mentor, proposal.id, accept=True)
