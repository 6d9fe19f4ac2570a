"""Suspension: an admin suspends with a reason; the member is signed out everywhere, refused at sign-in
with a plain message, hidden from the directory and mentor lists, and told; reinstating restores them."""

import pytest

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import MentorProfile
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.models import AuditEntry
from tests.factories import PASSWORD, make_user, read_mail


def _rep_mentor(app):
    with app.app_context():
        rep = make_user(role="rep", email="rep@example.org", full_name="Kwame Mensah")
        db.session.add(MentorProfile(user_id=rep.id, capacity=2, accepting=True))
        db.session.commit()
        return rep.id


def test_suspend_signs_out_refuses_sign_in_hides_and_reinstate_restores(app, login_as, mail_dir):
    rep_id = _rep_mentor(app)
    phone = app.test_client()
    phone.post("/account/login", data={"email": "rep@example.org", "password": PASSWORD, "remember": "y"})
    assert phone.get("/profile/").status_code == 200
    viewer = login_as("newcomer")
    assert b"Kwame" in viewer.get("/mentoring/directory").data
    assert b"Kwame" in viewer.get("/mentoring/mentors").data

    admin = login_as("admin")
    page = admin.get(f"/admin/users/{rep_id}")
    assert b"Suspend this member" in page.data
    refused = admin.post(f"/admin/users/{rep_id}/suspend", data={"reason": ""})
    assert refused.status_code == 200 and b"Give the reason" in refused.data
    with app.app_context():
        assert db.session.get(User, rep_id).suspended_at is None
    done = admin.post(f"/admin/users/{rep_id}/suspend", data={"reason": "Repeated no-shows at events"})
    assert done.status_code == 302

    assert phone.get("/profile/").status_code == 302  # signed out everywhere
    answer = app.test_client().post("/account/login", data={"email": "rep@example.org", "password": PASSWORD})
    assert answer.status_code == 200 and b"This account is suspended" in answer.data
    wrong = app.test_client().post("/account/login", data={"email": "rep@example.org", "password": "not it at all"})
    assert b"This account is suspended" not in wrong.data  # only someone with the password learns it
    assert b"Kwame" not in viewer.get("/mentoring/directory").data
    assert b"Kwame" not in viewer.get("/mentoring/mentors").data
    assert viewer.get(f"/profile/{rep_id}").status_code == 404
    told = [m for m in read_mail(mail_dir) if m["Subject"] == "Your account is suspended"]
    assert len(told) == 1 and "Repeated no-shows" in told[0].get_body(("plain",)).get_content()

    assert admin.post(f"/admin/users/{rep_id}/reinstate").status_code == 302
    back = app.test_client()
    assert back.post("/account/login", data={"email": "rep@example.org", "password": PASSWORD}).status_code == 302
    assert b"Kwame" in viewer.get("/mentoring/directory").data
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.target_id == rep_id)
                                     .order_by(AuditEntry.id)).all()
        assert "suspended" in actions and "reinstated" in actions
        assert "Repeated" not in " ".join(db.session.scalars(db.select(AuditEntry.detail)).all())


def test_only_admins_suspend_and_not_themselves(app, login_as):
    rep_id = _rep_mentor(app)
    organiser = login_as("organiser")
    assert organiser.post(f"/admin/users/{rep_id}/suspend", data={"reason": "x"}).status_code == 403
    admin = login_as("admin")
    mine = admin.post(f"/admin/users/{admin.user_id}/suspend", data={"reason": "testing"})
    assert b"cannot suspend your own account" in mine.data
    assert admin.post("/admin/users/99999/suspend", data={"reason": "x"}).status_code == 404


def test_granting_admin_and_removing_a_role_say_what_happens_first(app, login_as, mail_dir):
    rep_id = _rep_mentor(app)
    admin = login_as("admin")
    grant = admin.get(f"/admin/users/{rep_id}/roles/admin?grant=1")
    assert grant.status_code == 200
    assert b"every member's personal data" in grant.data and b"Yes, make them admin" in grant.data
    with app.app_context():
        assert not db.session.get(User, rep_id).is_admin  # the GET changed nothing
    remove = admin.get(f"/admin/users/{rep_id}/roles/rep?grant=0")
    assert b"We will email them" in remove.data
    admin.post(f"/admin/users/{rep_id}/roles/rep", data={"grant": "0"})
    assert [m["Subject"] for m in read_mail(mail_dir)] == ["You are no longer rep"]
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "role_removed"))
        assert (entry.actor_id, entry.target_id, entry.detail) == (admin.user_id, rep_id, "rep")


def test_a_suspended_member_cannot_book_or_request_even_through_the_services(app, ctx):
    from softlanding.blueprints.events import booking
    from softlanding.blueprints.mentoring import requests
    from softlanding.core.errors import PermissionDenied
    from tests.factories.events import make_event
    from tests.factories.mentoring import make_mentor, make_seeker

    member = make_seeker()
    mentor = make_mentor()
    event = make_event()
    member.suspended_at, member.is_active_account = utcnow(), False
    db.session.flush()
    with pytest.raises(PermissionDenied):
        booking.book(member, event.id)
    with pytest.raises(PermissionDenied):
        requests.send_request(member, mentor.id, "Hello")


def test_suspending_a_mentor_releases_their_waiting_requests_and_tells_the_newcomer(app, login_as, mail_dir):
    from softlanding.blueprints.mentoring.models import Mentorship
    from tests.factories.mentoring import make_mentor, make_pair, make_seeker

    with app.app_context():
        mentor, seeker = make_mentor(), make_seeker(email="seeker@example.org")
        pair = make_pair(mentor, seeker, status="requested")
        db.session.commit()
        mentor_id, pair_id = mentor.id, pair.id
    login_as("admin").post(f"/admin/users/{mentor_id}/suspend", data={"reason": "Conduct review"})
    with app.app_context():
        assert db.session.get(Mentorship, pair_id).status == "released"
    mail = read_mail(mail_dir, to="seeker@example.org")
    assert any(m["Subject"].startswith("Your mentoring request to") and m["Subject"].endswith("is released")
               for m in mail), [m["Subject"] for m in mail]


def test_outbox_never_shows_the_body_of_mentoring_request_or_decline_emails(app, login_as):
    from softlanding.blueprints.mentoring import requests
    from softlanding.core.models import OutboxMessage
    from tests.factories.mentoring import make_mentor, make_seeker

    with app.app_context():
        mentor, seeker = make_mentor(), make_seeker()
        requests.send_request(seeker, mentor.id, "PRIVATE: my visa worries")
        db.session.commit()
        message = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.kind == "mentoring_request_received"))
        assert message.sensitive and "PRIVATE" in message.body_text  # the mentor gets it; admins must not see it
        message_id = message.id
    page = login_as("admin").get(f"/admin/outbox/{message_id}")
    assert page.status_code == 200 and b"PRIVATE" not in page.data and b"sensitive message" in page.data


def test_removing_a_role_lists_the_events_and_mentees_the_person_still_holds(app, login_as):
    from datetime import timedelta

    from tests.factories.events import make_event
    from tests.factories.mentoring import make_mentor, make_pair, make_seeker

    with app.app_context():
        mentor = make_mentor(full_name="Kwame Mensah")
        make_pair(mentor, make_seeker(full_name="Bilal Khan"), status="active")
        make_event(host=mentor, title="Night shift survival", starts_in=timedelta(days=20))
        db.session.commit()
        mentor_id = mentor.id
    page = login_as("admin").get(f"/admin/users/{mentor_id}/roles/rep?grant=0").get_data(as_text=True)
    assert "What they still hold" in page
    assert "hosts &#34;Night shift survival&#34;" in page or 'hosts "Night shift survival"' in page
    assert "mentors Bilal" in page


def test_suspended_members_leave_suggestions_and_batch_matching(app, ctx):
    from softlanding.blueprints.accounts import people
    from softlanding.blueprints.mentoring import batch, offers
    from tests.factories.mentoring import make_mentor, make_seeker

    admin = make_user(role="admin")
    mentor, seeker = make_mentor(), make_seeker()
    assert mentor.id in {o.user_id for o, _ in offers.available_offers()}
    assert seeker.id in {p.user_id for p in db.session.scalars(batch.waiting_statement())}
    people.suspend(admin, mentor.id, "Review")
    people.suspend(admin, seeker.id, "Review")
    assert mentor.id not in {o.user_id for o, _ in offers.available_offers()}
    assert seeker.id not in {p.user_id for p in db.session.scalars(batch.waiting_statement())}
