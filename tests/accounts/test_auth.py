"""Accounts: registration, verification, sign-in and out, sessions, password reset and change."""

import re
from datetime import timedelta

import pytest

from softlanding.blueprints.accounts import users as accounts
from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db
from tests.factories import PASSWORD, make_user, read_mail

GOOD = "mangoes ripen slowly in lagos"


def register(client, name="Amara Okafor", email="amara@example.org", password=GOOD):
    return client.post("/account/register", data={"full_name": name, "email": email, "password": password})


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/account/login", data={"email": email, "password": password, **extra})


def test_register_normalises_email_and_sends_verification(client, app, mail_dir):
    response = register(client, email="  Amara.Okafor@EXAMPLE.org ")
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.email == "amara.okafor@example.org"
        assert user.roles == {"newcomer"}
        assert not user.is_verified
        assert user.password_hash.startswith("$argon2id$")
    messages = read_mail(mail_dir)
    assert [m["Subject"] for m in messages] == ["Confirm your email address"]
    assert messages[0]["To"] == "amara.okafor@example.org"
    assert "Soft Landing" in messages[0]["From"]
    assert messages[0].get_body(("html",)) is not None
    assert "/account/verify/" in messages[0].get_body(("plain",)).get_content()


def test_registering_a_taken_address_answers_like_a_new_one_and_emails_the_owner(client, app, mail_dir):
    new = register(client, email="amara@example.org")
    new_page = client.get(new.headers["Location"]).data
    with app.app_context():
        first_hash = db.session.scalar(db.select(User.password_hash))
    taken = register(client, email="AMARA@Example.org", name="Someone Else", password="a different long phrase here")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    taken_page = client.get(taken.headers["Location"]).data
    assert b"Check your email" in taken_page and taken_page == new_page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1
        assert db.session.scalar(db.select(User.password_hash)) == first_hash  # nothing of the owner changed
    subjects = [m["Subject"] for m in read_mail(mail_dir)]
    assert subjects == ["Confirm your email address", "Someone tried to register with your email address"]
    owner_mail = read_mail(mail_dir)[1].get_body(("plain",)).get_content()
    assert "/account/forgot" in owner_mail and "Someone Else" not in owner_mail


@pytest.mark.parametrize("email, password, message", [
    ("not-an-email", GOOD, b"Enter a valid email address"),
    ("amara@example.org", "short", b"at least 12 characters"),
    ("amara@example.org", "x" * 129, b"at most 128"),
    ("amara@example.org", "LeaveMeAlone", b"most commonly used"),
    ("amara@example.org", "qwerty123456", b"most commonly used"),
])
def test_bad_registration_is_explained_and_keeps_what_was_typed(client, app, email, password, message):
    response = register(client, email=email, password=password)
    assert response.status_code == 200
    assert message in response.data
    assert b'value="Amara Okafor"' in response.data
    assert b"aria-invalid" in response.data
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_common_password_list_holds_at_least_ten_thousand():
    from softlanding.blueprints.accounts.passwords import common_passwords

    assert len(common_passwords()) >= 10_000


def test_verification_link_confirms_and_bad_or_expired_links_do_not(client, app, mail_dir):
    register(client)
    link = re.search(r"https?://\S+(/account/verify/\S+)", read_mail(mail_dir)[0].get_body(("plain",)).get_content()).group(1)
    tampered = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    response = client.get(tampered, follow_redirects=True)
    assert b"not valid" in response.data
    with app.app_context():
        assert not db.session.scalar(db.select(User)).is_verified
    # An expired link is refused.
    app.config["EMAIL_VERIFY_MAX_AGE"] = timedelta(seconds=-1)
    try:
        response = client.get(link, follow_redirects=True)
        assert b"expired" in response.data
    finally:
        app.config["EMAIL_VERIFY_MAX_AGE"] = timedelta(days=3)
    # Opening the link (as a mail scanner would) only asks; the button confirms.
    page = client.get(link)
    assert page.status_code == 200 and b"Confirm my email address" in page.data
    with app.app_context():
        assert not db.session.scalar(db.select(User)).is_verified
    response = client.post(link, follow_redirects=True)
    assert b"your email address is confirmed" in response.data
    with app.app_context():
        assert db.session.scalar(db.select(User)).is_verified


def test_login_and_logout(client, app):
    with app.app_context():
        make_user(email="rep@example.org")
        db.session.commit()
    response = sign_in(client, "REP@example.org", "wrong password here")
    assert b"do not match" in response.data
    response = sign_in(client, "REP@example.org")
    assert response.status_code == 302
    assert client.get("/profile/").status_code == 200
    client.post("/account/logout")
    assert client.get("/profile/").status_code == 302


@pytest.mark.parametrize("target, expected", [
    ("/profile/edit", "/profile/edit"),
    ("https://evil.example/", "/"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_only_redirects_to_local_paths(client, app, target, expected):
    with app.app_context():
        make_user(email="n@example.org")
        db.session.commit()
    response = sign_in(client, "n@example.org", next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_session_is_cleared_before_login_and_cookies_are_safe(client, app):
    with app.app_context():
        make_user(email="s@example.org")
        db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = sign_in(client, "s@example.org", remember="y")
    with client.session_transaction() as session:
        assert "planted" not in session
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = re.search(r"Expires=([^;]+)", remember_cookie).group(1)
    from email.utils import parsedate_to_datetime

    from softlanding.core.db import utcnow
    assert timedelta(days=29, hours=23) < parsedate_to_datetime(expires) - utcnow() <= timedelta(days=30, minutes=1)


def _two_sessions(app):
    with app.app_context():
        make_user(email="two@example.org")
        db.session.commit()
    first, second = app.test_client(), app.test_client()
    sign_in(first, "two@example.org", remember="y")
    sign_in(second, "two@example.org", remember="y")
    assert first.get("/profile/").status_code == 200 and second.get("/profile/").status_code == 200
    return first, second


def test_logout_everywhere_ends_every_session(app):
    first, second = _two_sessions(app)
    first.post("/account/logout-everywhere")
    assert first.get("/profile/").status_code == 302
    assert second.get("/profile/").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app):
    first, second = _two_sessions(app)
    response = first.post("/account/password", data={"current_password": "wrong one entirely",
                                                     "password": GOOD})
    assert b"current password is not right" in response.data
    response = first.post("/account/password", data={"current_password": PASSWORD, "password": GOOD})
    assert response.status_code == 302
    assert first.get("/profile/").status_code == 200
    assert second.get("/profile/").status_code == 302
    fresh = app.test_client()
    assert sign_in(fresh, "two@example.org", GOOD).status_code == 302


def test_reset_says_the_same_whether_or_not_registered_and_works_once(client, app, mail_dir):
    with app.app_context():
        make_user(email="r@example.org")
        db.session.commit()
    known = client.post("/account/forgot", data={"email": "r@example.org"}, follow_redirects=True)
    unknown = client.post("/account/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    flash = re.compile(rb'<p class="flash[^"]*">(.*?)</p>', re.S)
    assert flash.findall(known.data) == flash.findall(unknown.data)
    messages = read_mail(mail_dir)
    assert len(messages) == 1 and messages[0]["To"] == "r@example.org"
    path = re.search(r"https?://\S+(/account/reset/\S+)", messages[0].get_body(("plain",)).get_content()).group(1)
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": "short"})
    assert b"at least 12 characters" in response.data
    response = client.post(path, data={"password": GOOD})
    assert response.status_code == 302
    # Used once: the same link no longer works.
    response = client.get(path, follow_redirects=True)
    assert b"already been used" in response.data
    assert sign_in(app.test_client(), "r@example.org", GOOD).status_code == 302


def test_reset_link_expires(client, app, mail_dir):
    with app.app_context():
        make_user(email="e@example.org")
        db.session.commit()
        accounts.request_password_reset("e@example.org")
        from softlanding.core.mailer import deliver_pending

        deliver_pending()
        db.session.commit()
    path = re.search(r"https?://\S+(/account/reset/\S+)", read_mail(mail_dir)[0].get_body(("plain",)).get_content()).group(1)
    app.config["PASSWORD_RESET_MAX_AGE"] = timedelta(seconds=-1)
    try:
        response = client.get(path, follow_redirects=True)
        assert b"expired" in response.data
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = timedelta(hours=1)
