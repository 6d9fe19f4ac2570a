"""Choosing emails: preferences, signed one-click unsubscribe (RFC 8058), and safety emails that always go."""

import json
import re

import pytest
from itsdangerous import URLSafeSerializer
from itsdangerous.encoding import base64_decode, base64_encode
from sqlalchemy import select

from softlanding import create_app
from softlanding.blueprints.accounts import users as accounts
from softlanding.blueprints.notifications.models import Notification
from softlanding.blueprints.notifications.notify import Kind, email_enabled, unsubscribe_token
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from softlanding.core.registry import get_registry
from tests.conftest import make_config
from tests.factories import make_user, read_mail
from tests.factories.notifications import queue_message

OTHER = Kind("zz_other_optional", "Another optional kind (tests)", "Tests")


@pytest.fixture(autouse=True)
def _other_kind(app, monkeypatch):
    """A second optional kind on the app, so choices can be told apart."""
    monkeypatch.setitem(get_registry(app).notification_kinds, OTHER.code, OTHER)


def token_from(message):
    return re.search(r"/notifications/unsubscribe/(\S+?)>", message["List-Unsubscribe"]).group(1)


def _delivered_digest(app, user_id, mail_dir):
    """Make the app queue and deliver one optional email to the user; return the received message."""
    from softlanding.blueprints.accounts.models import User
    from softlanding.core.mailer import deliver_pending

    with app.app_context():
        queue_message(db.session.get(User, user_id))
        db.session.commit()
        deliver_pending()
    return read_mail(mail_dir)[-1]


def forge(token, **changes):
    """The token's payload changed, with the original signature kept."""
    payload_b64, _, signature = token.rpartition(".")
    payload = json.loads(base64_decode(payload_b64))
    payload.update(changes)
    return base64_encode(json.dumps(payload, separators=(",", ":")).encode()).decode() + "." + signature


def test_one_click_post_unsubscribes_without_login_or_csrf_token(app, database_url, mail_dir):
    csrf_app = create_app(make_config(database_url, mail_dir, WTF_CSRF_ENABLED=True))
    with csrf_app.app_context():
        user = make_user()
        db.session.commit()
        user_id = user.id
    message = _delivered_digest(csrf_app, user_id, mail_dir)
    token = token_from(message)
    client = csrf_app.test_client()

    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200 and b"Stop these emails" in page.data
    with csrf_app.app_context():
        user = db.session.get(type(user), user_id)
        assert email_enabled(user, "organiser_digest")  # GET changes nothing (link scanners)

    # What a mail client sends for RFC 8058: no cookies, no CSRF token.
    response = client.post(f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and b"Unsubscribed" in response.data
    with csrf_app.app_context():
        user = db.session.get(type(user), user_id)
        assert not email_enabled(user, "organiser_digest")
        assert email_enabled(user, "zz_other_optional")  # only that kind
        # Other forms in the same app still need their CSRF token.
        assert client.post("/account/forgot", data={"email": user.email}).status_code == 400


def test_unsubscribed_kind_sends_no_email_but_still_notifies_in_app(ctx, mail_dir):
    user = make_user()
    db.session.commit()
    token = unsubscribe_token(user, "organiser_digest")
    from softlanding.blueprints.notifications.notify import unsubscribe

    unsubscribe(token)
    assert queue_message(user) is None
    db.session.commit()
    assert db.session.scalar(select(OutboxMessage.id)) is None
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == user.id)) == "organiser_digest"


def test_token_cannot_be_used_for_another_person_kind_or_purpose(app, client):
    with app.app_context():
        alice, bob = make_user(), make_user()
        db.session.commit()
        token = unsubscribe_token(alice, "organiser_digest")
        serializer = URLSafeSerializer(app.config["SECRET_KEY"], salt="softlanding.notifications.unsubscribe")
        payload = serializer.loads(token)
        forged_person = forge(token, u=bob.id)  # Alice's signature on Bob's id
        forged_kind = forge(token, k="zz_other_optional")
        other_salt = URLSafeSerializer(app.config["SECRET_KEY"], salt="verify-email").dumps(
            {"u": bob.id, "k": "organiser_digest"})
        safety = serializer.dumps({"u": bob.id, "k": "reset_password"})  # validly signed, but a safety kind
        verification = accounts.verification_token(bob)
        ids = alice.id, bob.id
    assert payload == {"u": ids[0], "k": "organiser_digest"}
    for bad in (forged_person, forged_kind, other_salt, safety, verification, "not-a-token", token[:-2] + "xx"):
        assert client.post(f"/notifications/unsubscribe/{bad}").status_code == 404, bad
        assert client.get(f"/notifications/unsubscribe/{bad}").status_code == 404, bad
    with app.app_context():
        from softlanding.blueprints.accounts.models import User

        alice, bob = (db.session.get(User, i) for i in ids)
        assert email_enabled(alice, "organiser_digest") and email_enabled(bob, "organiser_digest")
        assert email_enabled(bob, "reset_password")
    # The real token works, for Alice's digest only.
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200
    with app.app_context():
        alice, bob = (db.session.get(User, i) for i in ids)
        assert not email_enabled(alice, "organiser_digest") and email_enabled(bob, "organiser_digest")


def test_preferences_in_settings_switch_kinds_but_never_safety_emails(app, login_as, mail_dir):
    newcomer_page = login_as("newcomer").get("/profile/settings").data.decode()
    assert 'id="email-zz_other_optional"' in newcomer_page
    assert "email-organiser_digest" not in newcomer_page  # organisers' kinds only for organisers
    client = login_as("organiser")
    page = client.get("/profile/settings")
    html = page.data.decode()
    assert 'id="email-preferences"' in html
    assert re.search(r'id="email-organiser_digest"[^>]*checked', html)
    assert re.search(r'id="email-reset_password"[^>]*checked disabled', html)
    assert "always sent" in html

    # Everything unticked, and a forged attempt to switch off password resets.
    response = client.post("/notifications/preferences", data={"back": "settings", "email": ["reset_password"]})
    assert response.status_code == 302 and response.headers["Location"].endswith("/profile/settings#email-preferences")
    html = client.get("/notifications/preferences").data.decode()
    assert not re.search(r'id="email-organiser_digest"[^>]*checked', html)
    assert not re.search(r'id="email-zz_other_optional"[^>]*checked', html)

    client.post("/notifications/preferences", data={"email": ["zz_other_optional"]})
    with app.app_context():
        from softlanding.blueprints.accounts.models import User

        user = db.session.get(User, client.user_id)
        assert email_enabled(user, "zz_other_optional") and not email_enabled(user, "organiser_digest")
        assert email_enabled(user, "reset_password") and email_enabled(user, "verify_email")
        email = user.email
    client.post("/account/forgot", data={"email": email})
    assert [m["Subject"] for m in read_mail(mail_dir)] == ["Reset your password"]


def test_links_signed_before_the_one_hmac_signer_still_unsubscribe_and_new_tokens_are_the_same(app, client):
    with app.app_context():
        user = make_user()
        db.session.commit()
        user_id = user.id
        before = URLSafeSerializer(app.config["SECRET_KEY"], salt="softlanding.notifications.unsubscribe").dumps(
            {"u": user_id, "k": "organiser_digest"})  # how every link already sent was made
        assert unsubscribe_token(user, "organiser_digest") == before
    assert client.post(f"/notifications/unsubscribe/{before}").status_code == 200
    with app.app_context():
        from softlanding.blueprints.accounts.models import User

        assert not email_enabled(db.session.get(User, user_id), "organiser_digest")
