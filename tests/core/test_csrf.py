"""With CSRF switched on (as in production), a POST without a valid token is refused."""

import re

import pytest

from softlanding import create_app
from softlanding.core.extensions import db
from tests.conftest import make_config
from tests.factories import make_user


@pytest.fixture
def csrf_client(database_url, mail_dir):
    app = create_app(make_config(database_url, mail_dir, WTF_CSRF_ENABLED=True))
    return app, app.test_client()


def test_post_without_token_is_refused(csrf_client):
    app, client = csrf_client
    response = client.post("/account/register", data={"full_name": "A B", "email": "a@example.org",
                                                      "password": "mangoes ripen slowly in lagos"})
    assert response.status_code == 400
    assert b"The form had expired" in response.data
    with app.app_context():
        from softlanding.blueprints.accounts.models import User
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_post_with_token_is_accepted_and_signed_in_posts_need_it(csrf_client):
    app, client = csrf_client
    with app.app_context():
        make_user(email="c@example.org")
        db.session.commit()
    page = client.get("/account/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data).group(1).decode()
    response = client.post("/account/login", data={"email": "c@example.org", "password": "correct horse battery staple",
                                                   "csrf_token": token})
    assert response.status_code == 302
    assert client.post("/account/logout-everywhere").status_code == 400
    assert client.get("/profile/").status_code == 200  # still signed in: the forged post did nothing
