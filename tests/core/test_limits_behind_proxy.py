"""Behind the TLS proxy the limits key on the person's address, and nobody can lock a colleague out."""

import re

import pytest

from softlanding import create_app
from softlanding.core.extensions import db
from tests.conftest import make_config
from tests.factories import make_user, read_mail
from tests.factories.accounts import PASSWORD

PROXY = "10.0.0.254"  # nginx on the same host or subnet: every request's TCP peer
NEW_PASSWORD = "a brand new long passphrase 7"


@pytest.fixture
def proxied(app, database_url, mail_dir):
    """The app configured for one trusted proxy (as the README's deployment sets)."""
    return create_app(make_config(database_url, mail_dir, TRUSTED_PROXIES=1))


def _sign_in(client, email, password="not the password at all", client_addr=None, peer=PROXY):
    headers = {"X-Forwarded-For": client_addr, "X-Forwarded-Proto": "https"} if client_addr else {}
    return client.post("/account/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": peer}, headers=headers)


def test_twelve_people_signing_in_through_the_proxy_are_not_limited(app, proxied):
    with app.app_context():
        emails = [make_user(email=f"member{i}@example.org").email for i in range(12)]
        db.session.commit()
    # Each person signs in from their own browser (a client of their own).
    statuses = [_sign_in(proxied.test_client(), email, PASSWORD, client_addr=f"203.0.113.{i}").status_code
                for i, email in enumerate(emails)]
    assert statuses == [302] * 12
    # Ten bad sign-ins from one person use up that person's budget only.
    browser = proxied.test_client()
    assert [_sign_in(browser, f"x{i}@example.org", client_addr="198.51.100.9").status_code
            for i in range(11)][-1] == 429
    assert _sign_in(proxied.test_client(), "someone@example.org", client_addr="198.51.100.10").status_code == 200


def test_forged_forwarded_for_changes_nothing_without_a_trusted_proxy(client):
    statuses = [_sign_in(client, f"p{i}@example.org", client_addr=f"192.0.2.{i}", peer="10.7.7.7").status_code
                for i in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(app, proxied):
    with app.app_context():
        make_user(email="colleague@example.org")
        db.session.commit()
    browser = proxied.test_client()
    attacker = [_sign_in(browser, "colleague@example.org", client_addr="198.51.100.66").status_code for _ in range(6)]
    assert attacker[:5] == [200] * 5 and attacker[5] == 429  # the attacker is stopped ...
    # ... and the owner, from their own address, still signs in.
    assert _sign_in(proxied.test_client(), "colleague@example.org", PASSWORD, client_addr="203.0.113.50").status_code == 302


def test_a_successful_password_reset_clears_the_owners_failures(app, client, mail_dir):
    with app.app_context():
        make_user(email="forgetful@example.org")
        db.session.commit()
    failures = [_sign_in(client, "forgetful@example.org", peer="10.3.3.3").status_code for _ in range(6)]
    assert failures[5] == 429
    client.post("/account/forgot", data={"email": "forgetful@example.org"}, environ_base={"REMOTE_ADDR": "10.3.3.3"})
    body = read_mail(mail_dir)[-1].get_body(("plain",)).get_content()
    path = re.search(r"https?://\S+(/account/reset/\S+)", body).group(1)
    assert client.post(path, data={"password": NEW_PASSWORD},
                       environ_base={"REMOTE_ADDR": "10.3.3.3"}).status_code == 302
    assert _sign_in(client, "forgetful@example.org", NEW_PASSWORD, peer="10.3.3.3").status_code == 302
