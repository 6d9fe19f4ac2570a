"""UK GDPR rights: download my data (a zip made by a job), delete my account, change email, retention."""

import io
import json
import zipfile
from datetime import timedelta

from softlanding.blueprints.accounts import erasure, privacy
from softlanding.blueprints.accounts.models import DataExport, User
from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.feedback.models import SurveyResponse
from softlanding.blueprints.mentoring.models import Mentorship
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.models import AuditEntry, OutboxMessage
from softlanding.core.registry import get_registry
from tests.factories import PASSWORD, make_user, read_mail
from tests.factories.events import make_booking, make_event
from tests.factories.feedback import make_survey, respond
from tests.factories.mentoring import make_mentor, make_pair, make_seeker


def _member_with_everything():
    """A newcomer with a booking, a waitlist place, a named survey answer and an active mentor."""
    amara = make_seeker(email="amara@example.org", full_name="Amara Okafor", bio="Moving to Leeds 🌍\nفي أغسطس")
    other = make_user(email="other@example.org", full_name="Other Person", bio="OTHER-PRIVATE-BIO")
    full = make_event(title="Full ARCP webinar", capacity=1, starts_in=timedelta(days=5))
    make_booking(full, amara)
    waiting = make_booking(full, other, status="waitlisted")
    past = make_event(title="Past induction talk", days_ago=3)
    make_booking(past, amara, attended=True)
    survey = make_survey(event=past, open_now=True)
    respond(survey, amara, text="Named answer from Amara")
    mentor = make_mentor(email="mentor@example.org", full_name="Kwame Mensah")
    make_pair(mentor, amara, status="active", message="Please help with my portfolio")
    return amara, other, full, waiting, mentor


def _zip_of(app, client):
    page = client.get("/profile/settings").get_data(as_text=True)
    assert "Download your data (zip)" in page
    with app.app_context():
        export_id = db.session.scalar(db.select(DataExport.id))
    download = client.get(f"/account/data/{export_id}")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(download.data))


def test_download_my_data_is_made_by_a_job_announced_and_holds_every_area_but_no_one_else(app, login_as, mail_dir):
    with app.app_context():
        amara = _member_with_everything()[0]
        db.session.commit()
    client = login_as(amara)
    response = client.post("/account/data", follow_redirects=True)
    assert b"We are making your data file" in response.data
    assert b"Download your data (zip)" not in response.data  # not yet: the job makes it
    again = client.post("/account/data", follow_redirects=True)
    assert b"already being made" in again.data
    with app.app_context():
        assert get_registry().jobs["data_exports"](utcnow()) == 1
        db.session.commit()
        assert "Your data file is ready" in [m["Subject"] for m in read_mail(mail_dir, deliver=True)]
    archive = _zip_of(app, client)
    names = set(archive.namelist())
    assert {"README.txt", "account.json", "profile.json", "bookings.json", "interview_slots.json",
            "mentoring.json", "mentoring_preferences.json", "survey_answers.json", "notifications.json",
            "email_preferences.json", "calendar_feed.json", "sent_mail.json"} <= names
    data = {n: json.loads(archive.read(n)) for n in names if n.endswith(".json")}
    assert data["account.json"]["email"] == "amara@example.org"
    assert data["profile.json"]["bio"] == "Moving to Leeds 🌍\nفي أغسطس"
    assert {b["event"] for b in data["bookings.json"]} == {"Full ARCP webinar", "Past induction talk"}
    assert data["mentoring.json"][0]["request_message"] == "Please help with my portfolio"
    assert data["mentoring.json"][0]["other_person"] == "Kwame"
    assert any(a["text"] == "Named answer from Amara" for r in data["survey_answers.json"] for a in r["answers"])
    assert "address" in data["calendar_feed.json"] and data["calendar_feed.json"]["exists"] is False
    everything = "".join(archive.read(n).decode() for n in names)
    assert "other@example.org" not in everything and "OTHER-PRIVATE-BIO" not in everything
    assert "mentor@example.org" not in everything
    # Another member cannot fetch it; after 7 days it is gone.
    with app.app_context():
        export_id = db.session.scalar(db.select(DataExport.id))
    assert login_as("newcomer").get(f"/account/data/{export_id}").status_code == 404
    with app.app_context():
        get_registry().jobs["data_exports"](utcnow() + timedelta(days=7, minutes=1))
        db.session.commit()
    assert client.get(f"/account/data/{export_id}").status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(AuditEntry.action).where(AuditEntry.action == "data_exported"))


def test_delete_my_account_says_what_happens_asks_the_password_and_keeps_counts(app, login_as, mail_dir):
    with app.app_context():
        amara, other, full, waiting, mentor = _member_with_everything()
        hosted = make_event(host=amara.id, title="Amara's own webinar", starts_in=timedelta(days=9))
        make_user(role="organiser", email="org@example.org")
        db.session.commit()
        ids = {"amara": amara.id, "other": other.id, "full": full.id, "waiting": waiting.id, "hosted": hosted.id}
        answers_before = db.session.scalar(db.select(db.func.count(SurveyResponse.id)))
        pairs_before = db.session.scalar(db.select(db.func.count(Mentorship.id)))
    client = login_as(amara)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "cannot be undone" in page and "waiting list move up" in page and "anonymous answers" in page
    wrong = client.post("/account/delete", data={"password": "not my password at all"})
    assert wrong.status_code == 200 and b"That is not your password" in wrong.data
    with app.app_context():
        assert db.session.get(User, ids["amara"]).erased_at is None
    done = client.post("/account/delete", data={"password": PASSWORD})
    assert done.status_code == 302
    assert client.get("/profile/").status_code == 302  # signed out
    with app.app_context():
        user = db.session.get(User, ids["amara"])
        assert user.erased_at is not None and user.full_name == "A former member"
        assert "amara" not in user.email and user.profile.bio == ""
        assert db.session.get(Booking, ids["waiting"]).status == "booked"  # the waitlist moved up
        assert db.session.get(Event, ids["hosted"]).host.display_name == "A former member"
        assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == answers_before
        assert db.session.scalar(db.select(SurveyResponse.user_id).where(SurveyResponse.user_id == ids["amara"])) is None
        assert db.session.scalar(db.select(db.func.count(Mentorship.id))) == pairs_before
        pair = db.session.scalar(db.select(Mentorship))
        assert pair.status == "ended_early" and pair.message == ""
        past_attended = db.session.scalar(db.select(db.func.count(Booking.id)).where(Booking.attended.is_(True)))
        assert past_attended == 1  # attendance counts unchanged
    subjects = [m["Subject"] for m in read_mail(mail_dir)]
    assert "A mentoring pair has ended" in subjects and "Events now hosted by a former member" in subjects
    assert login_as("newcomer").get(f"/profile/{ids['amara']}").status_code == 404
    signin = app.test_client().post("/account/login", data={"email": "amara@example.org", "password": PASSWORD})
    assert b"do not match" in signin.data


def test_an_admin_exports_and_erases_a_member_on_request(app, login_as, mail_dir):
    with app.app_context():
        member = make_user(email="sar@example.org")
        db.session.commit()
        member_id = member.id
    admin = login_as("admin")
    assert admin.post(f"/admin/users/{member_id}/export").status_code == 302
    with app.app_context():
        get_registry().jobs["data_exports"](utcnow())
        db.session.commit()
        export_id = db.session.scalar(db.select(DataExport.id))
        assert "Data file ready: member" in " ".join(m["Subject"] for m in read_mail(mail_dir, deliver=True))
    assert admin.get(f"/account/data/{export_id}").status_code == 200
    page = admin.get(f"/admin/users/{member_id}/erase").get_data(as_text=True)
    assert "Your own (admin) password" in page and "This cannot be undone" in page
    assert admin.post(f"/admin/users/{member_id}/erase", data={"password": "wrong admin pass"}).status_code == 200
    assert admin.post(f"/admin/users/{member_id}/erase", data={"password": PASSWORD}).status_code == 302
    with app.app_context():
        assert db.session.get(User, member_id).erased_at is not None
        assert db.session.scalar(db.select(AuditEntry.detail).where(AuditEntry.action == "erased")) == "admin"


def test_retention_warns_then_erases_inactive_accounts(app, ctx, mail_dir):
    keep, warning = app.config["ACCOUNT_RETENTION"], app.config["ACCOUNT_RETENTION_WARNING"]
    now = utcnow()
    idle = make_user(email="idle@example.org")
    idle.last_login_at = now - keep + warning - timedelta(days=1)
    busy = make_user(email="busy@example.org")
    busy.last_login_at = now - timedelta(days=10)
    admin = make_user(role="admin")
    admin.last_login_at = now - keep - timedelta(days=400)
    db.session.flush()
    job = get_registry().jobs["account_retention"]
    assert job(now) == 1  # warned
    assert idle.inactivity_warned_at == now and idle.erased_at is None and admin.inactivity_warned_at is None
    warned = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.user_id == idle.id)).all()
    assert [m.subject for m in warned] == ["Your account will be deleted unless you sign in"]
    assert (now + warning).date().isoformat() in warned[0].body_text
    assert job(now + warning - timedelta(days=1)) == 0  # not yet: the warning period runs
    assert job(now + warning + timedelta(days=1)) == 1
    assert idle.erased_at is not None and busy.erased_at is None and admin.erased_at is None
    # Unsent mail to the erased person is dropped (a "retry failed" must not resend it).
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.id == warned[0].id)) == 0


def test_a_sign_in_after_the_warning_keeps_the_account(app, ctx):
    keep, warning = app.config["ACCOUNT_RETENTION"], app.config["ACCOUNT_RETENTION_WARNING"]
    now = utcnow()
    user = make_user()
    user.last_login_at = now - keep + warning
    db.session.flush()
    job = get_registry().jobs["account_retention"]
    job(now)
    assert user.inactivity_warned_at is not None
    user.last_login_at = now + timedelta(days=1)
    job(now + timedelta(days=2))
    assert user.inactivity_warned_at is None
    job(now + warning + timedelta(days=2))
    assert user.erased_at is None


def test_change_email_sends_a_link_to_the_new_address_and_tells_the_old(app, login_as, mail_dir):
    with app.app_context():
        user = make_user(email="old@example.org")
        make_user(email="taken@example.org")
        db.session.commit()
        user_id = user.id
    client = login_as(user)
    wrong = client.post("/account/email", data={"email": "new@example.org", "password": "nope nope nope"})
    assert b"That is not your password" in wrong.data
    taken = client.post("/account/email", data={"email": "taken@example.org", "password": PASSWORD})
    sent = client.post("/account/email", data={"email": "New@Example.org", "password": PASSWORD})
    assert taken.status_code == sent.status_code == 302
    mails = read_mail(mail_dir)
    assert [m["To"] for m in mails] == ["new@example.org"]  # nothing to the taken address
    link = next(line for line in mails[0].get_body(("plain",)).get_content().splitlines() if "/account/email/confirm/" in line)
    path = "/" + link.strip().split("/", 3)[3]
    with app.app_context():
        assert db.session.get(User, user_id).email == "old@example.org"  # nothing changes before the link
    assert b"Use this email address" in client.get(path).data
    with app.app_context():
        assert db.session.get(User, user_id).email == "old@example.org"  # opening the link changes nothing
    assert client.post(path).status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).email == "new@example.org"
    assert client.get("/profile/").status_code == 200  # still signed in here
    notices = [m for m in read_mail(mail_dir) if m["Subject"] == "Your email address was changed"]
    assert [m["To"] for m in notices] == ["old@example.org"]
    assert client.post(path).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == "email_changed")) == 1


def test_erasure_covers_every_domain_that_holds_personal_data(app):
    assert set(get_registry(app).exporters) >= {"account", "profile", "events", "calendar", "feedback", "mentoring",
                                                 "notifications"}
    assert set(get_registry(app).erasers) >= {"profile", "events", "calendar", "feedback", "mentoring",
                                               "notifications"}
    assert privacy.README and erasure.CONSEQUENCES


def test_erasure_keeps_sent_mail_facts_without_address_or_body(app, ctx):
    from tests.factories.notifications import queue_message

    user = make_user(email="gone@example.org")
    sent = queue_message(user, subject="Your weekly digest")
    sent.status, sent.sent_at = "sent", utcnow()
    db.session.flush()
    erasure.erase(user, user)
    row = db.session.get(OutboxMessage, sent.id)
    assert (row.status, row.to_addr, row.body_text, row.user_id) == ("sent", "erased@erased.invalid", "", None)
