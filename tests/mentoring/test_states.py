"""True states: emails and pages say where the newcomer really stands; withdrawals and pauses are explained."""

from softlanding.blueprints.mentoring import requests as mentoring_requests
from softlanding.blueprints.mentoring.models import MenteePreference, Mentorship
from softlanding.blueprints.mentoring.queue import queue_state
from softlanding.core.extensions import db
from tests.factories import make_mentor, make_pair, make_seeker, read_mail


def _body(message):
    return message.get_body(("plain",)).get_content()


def test_decline_email_tells_the_newcomer_their_real_queue_state(app, mail_dir):
    with app.app_context():
        mentor, seeker, other = make_mentor(), make_seeker(), make_seeker()
        first = make_pair(mentor, seeker, status="requested")
        second = make_pair(mentor, other, status="requested")
        db.session.execute(db.update(MenteePreference).where(MenteePreference.user_id == other.id)
                           .values(seeking=False))
        mentoring_requests.respond(mentor, first.id, False, "On leave")
        mentoring_requests.respond(mentor, second.id, False, "")
        db.session.commit()
        in_queue = _body(read_mail(mail_dir, to=seeker.email, deliver=True)[-1])
        out = _body(read_mail(mail_dir, to=other.email)[-1])
        assert "You are in the queue for the organisers' batch matching" in in_queue
        assert "You are not in the queue for a mentor" in out and "You are in the queue" not in out
        assert queue_state(other.id)["code"] == "not_seeking"


def test_index_page_and_decline_email_agree(app, login_as, mail_dir):
    with app.app_context():
        mentor, seeker = make_mentor(), make_seeker()
        pair = make_pair(mentor, seeker, status="requested")
        db.session.execute(db.update(MenteePreference).values(seeking=False))
        db.session.commit()
        pair_id, seeker_email = pair.id, seeker.email
    login_as(mentor).post(f"/mentoring/requests/{pair_id}/decline", data={"reason": ""})
    html = login_as(seeker).get("/mentoring/").get_data(as_text=True)
    mail = _body(read_mail(mail_dir, to=seeker_email)[-1])
    sentence = "You are not in the queue for a mentor. Save your mentoring preferences again to join it."
    assert sentence in html and sentence in mail


def test_accepting_one_request_explains_the_withdrawn_others_to_everyone(app, mail_dir):
    with app.app_context():
        chosen, other1, other2 = (make_mentor(full_name=n) for n in ("Chosen One", "Other Ola", "Other Omar"))
        seeker = make_seeker(full_name="Nia Newcomer")
        pair = make_pair(chosen, seeker, status="requested")
        rest = [make_pair(m, seeker, status="requested") for m in (other1, other2)]
        mentoring_requests.respond(chosen, pair.id, True)
        db.session.commit()
        assert {db.session.get(Mentorship, r.id).status for r in rest} == {"withdrawn"}
        read_mail(mail_dir, deliver=True)
        for mentor in (other1, other2):
            mail = read_mail(mail_dir, to=mentor.email, subject="withdrawn")
            assert len(mail) == 1 and "started mentoring with another mentor" in _body(mail[0])
        to_newcomer = read_mail(mail_dir, to=seeker.email, subject="withdrawn")
        assert len(to_newcomer) == 1 and "Your other 2 mentoring requests are withdrawn" in to_newcomer[0]["Subject"]
        body = _body(to_newcomer[0])
        assert "Other" in body and "You have a mentor now, so you are not in the queue." in body


def test_withdrawing_tells_the_mentor(app, mail_dir):
    with app.app_context():
        mentor, seeker = make_mentor(), make_seeker(full_name="Wafa Withdraws")
        pair = make_pair(mentor, seeker, status="requested")
        mentoring_requests.withdraw(seeker, pair.id)
        db.session.commit()
        mail = read_mail(mail_dir, to=mentor.email, deliver=True)
        assert mail and "Wafa withdrew their mentoring request" in mail[-1]["Subject"]


def test_pausing_releases_open_requests_with_a_notice(app, login_as, mail_dir):
    with app.app_context():
        mentor = make_mentor(full_name="Paula Pauses", capacity=3)
        waiting = [make_seeker() for _ in range(2)]
        pairs = [make_pair(mentor, s, status="requested") for s in waiting]
        active = make_pair(mentor, make_seeker(), status="active")
        db.session.commit()
        ids, emails, active_id = [p.id for p in pairs], [s.email for s in waiting], active.id
    client = login_as(mentor)
    response = client.post("/mentoring/mentor/offer", data={
        "capacity": "3", "availability": "paused", "paused_until": "", "help_topics": ["arcp_portfolio"],
        "meeting_modes": ["video"]}, follow_redirects=True)
    assert "2 waiting requests were released" in response.get_data(as_text=True)
    with app.app_context():
        assert [db.session.get(Mentorship, i).status for i in ids] == ["released", "released"]
        assert db.session.get(Mentorship, active_id).status == "active"  # the mentor's mentees keep them
        for address in emails:
            mail = read_mail(mail_dir, to=address)
            body = _body(mail[-1])
            assert "is released" in mail[-1]["Subject"] and "paused mentoring" in body
            assert "You are in the queue" in body


def test_release_open_requests_is_callable_for_suspension(app):
    with app.app_context():
        mentor, seeker = make_mentor(), make_seeker()
        pair = make_pair(mentor, seeker, status="proposed", origin="batch")
        accepted = make_pair(mentor, make_seeker(), status="accepted", origin="batch")
        accepted.mentor_accepted_at = accepted.created_at
        assert mentoring_requests.release_open_requests(mentor, "The mentor's account is suspended.") == 1
        assert pair.status == "released" and pair.decline_reason == "The mentor's account is suspended."
        assert accepted.status == "accepted"
