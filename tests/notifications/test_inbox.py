"""The in-app list (unread count in the header, marked read when opened, paged) and the admin outbox."""

import re

from sqlalchemy import select

from softlanding.blueprints.accounts import users as accounts
from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.notifications.models import Notification
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from tests.factories import count_queries, make_user
from tests.factories.notifications import queue_message


def _unread_badge(html):
    match = re.search(r'class="notifications-link"[^>]*>Notifications(?: <span class="badge">(\d+))?', html)
    assert match, "no notifications link in the header"
    return int(match.group(1) or 0)


def test_header_count_list_and_opening_marks_read(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        user = db.session.get(User, client.user_id)
        queue_message(user, "Digest one")
        queue_message(user, "Digest two")
        db.session.commit()
    home = client.get("/").data.decode()
    assert _unread_badge(home) == 2
    assert "2<span class=\"visually-hidden\"> unread</span>" in home

    page = client.get("/notifications/").data.decode()
    assert page.index("Digest two") < page.index("Digest one")  # newest first
    assert page.count("(unread)") == 2
    with app.app_context():
        first = db.session.scalar(select(Notification.id).where(Notification.message == "Digest one"))
    response = client.post(f"/notifications/{first}/open")
    assert response.status_code == 302 and response.headers["Location"] == "/"  # the relevant page, on this site
    assert _unread_badge(client.get("/").data.decode()) == 1
    assert client.get("/notifications/").data.decode().count("(unread)") == 1

    client.post("/notifications/read-all")
    assert _unread_badge(client.get("/").data.decode()) == 0


def test_someone_elses_notification_cannot_be_opened(app, login_as):
    with app.app_context():
        other = make_user()
        queue_message(other, "Private")
        db.session.commit()
        note_id = db.session.scalar(select(Notification.id))
    client = login_as("admin")
    assert client.post(f"/notifications/{note_id}/open").status_code == 404
    with app.app_context():
        assert db.session.get(Notification, note_id).read_at is None


def test_list_is_paged_and_queries_do_not_grow_with_rows(app, login_as):
    client = login_as("newcomer")
    with app.app_context():
        user = db.session.get(User, client.user_id)
        for i in range(3):
            db.session.add(Notification(user_id=user.id, kind="organiser_digest", message=f"note {i}"))
        db.session.commit()
    few = count_queries(app, client, "/notifications/")
    with app.app_context():
        for i in range(3, 45):
            db.session.add(Notification(user_id=client.user_id, kind="organiser_digest", message=f"note {i}"))
        db.session.commit()
    many = count_queries(app, client, "/notifications/")
    assert many == few
    page1 = client.get("/notifications/").data.decode()
    assert "note 44" in page1 and "note 24" not in page1 and "Page 1 of 3" in page1
    page3 = client.get("/notifications/?page=3").data.decode()
    assert "note 0" in page3
    assert client.get("/notifications/?page=abc").status_code == 200


def test_admin_outbox_lists_pending_and_failed_never_shows_sensitive_bodies(app, login_as):
    admin = login_as("admin")
    with app.app_context():
        person = make_user()
        accounts.request_password_reset(person.email)
        digest = queue_message(person, "Weekly digest")
        db.session.flush()
        reset = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reset_password"))
        reset.status, reset.attempts, reset.last_error = "failed", 6, "ConnectionRefusedError: [Errno 111]"
        reset_id, digest_id = reset.id, digest.id
        reset_body = reset.body_text
        db.session.commit()
    token_link = re.search(r"http\S+/account/reset/\S+", reset_body).group(0)

    pending = admin.get("/admin/outbox/").data.decode()
    assert "Weekly digest" in pending and "Reset your password" not in pending
    assert "Pending (1)" in pending and "Failed (1)" in pending
    failed = admin.get("/admin/outbox/?status=failed").data.decode()
    assert "Reset your password" in failed and "ConnectionRefusedError" in failed
    assert token_link not in failed

    detail = admin.get(f"/admin/outbox/{reset_id}").data.decode()
    assert "never shown here" in detail and token_link not in detail and "/account/reset/" not in detail
    assert "Here is what needs organisers" in admin.get(f"/admin/outbox/{digest_id}").data.decode()

    response = admin.post(f"/admin/outbox/{reset_id}/retry")
    assert response.status_code == 302
    with app.app_context():
        message = db.session.get(OutboxMessage, reset_id)
        assert message.status == "sent"  # queued again, and delivered inline (as the testing config does)
    assert admin.get("/admin/outbox/?status=bogus&page=-3").status_code == 200
    assert admin.get("/admin/outbox/999999").status_code == 404
    assert admin.post("/admin/outbox/999999/retry").status_code == 404


def test_outbox_list_is_paged_with_constant_queries(app, login_as):
    admin = login_as("admin")
    with app.app_context():
        person = make_user()
        for i in range(3):
            queue_message(person, f"Queued {i}")
        db.session.commit()
        person_id = person.id
    few = count_queries(app, admin, "/admin/outbox/")
    with app.app_context():
        person = db.session.get(User, person_id)
        for i in range(3, 30):
            queue_message(person, f"Queued {i}")
        db.session.commit()
    many = count_queries(app, admin, "/admin/outbox/")
    assert many == few
    html = admin.get("/admin/outbox/?page=2").data.decode()
    assert "Page 2 of 2" in html and "Queued 29" in html
