"""Sign-out ends the sign-in: the next request is anonymous and replayed cookies are refused."""

from softlanding.blueprints.accounts.models import LoginSession
from softlanding.core.extensions import db
from tests.factories import PASSWORD, make_user


def _cookies(client):
    return {c.key: c.value for c in client._cookies.values()}


def _replay(app, cookies):
    """A new browser that carries only the given cookies."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def test_sign_out_with_keep_me_signed_in_ends_the_login_and_refuses_both_cookies(app):
    with app.app_context():
        make_user(email="ward@example.org")
        db.session.commit()
    browser = app.test_client()
    response = browser.post("/account/login", data={"email": "ward@example.org", "password": PASSWORD,
                                                    "remember": "y"})
    assert response.status_code == 302
    stolen = _cookies(browser)
    assert {"session", "remember_token"} <= set(stolen)
    # Before sign-out the copied cookies work, each on its own: the test would notice if they never did.
    assert _replay(app, {"remember_token": stolen["remember_token"]}).get("/profile/").status_code == 200
    assert _replay(app, {"session": stolen["session"]}).get("/profile/").status_code == 200

    response = browser.post("/account/logout")
    assert response.status_code == 302
    assert any(c.startswith("remember_token=;") for c in response.headers.getlist("Set-Cookie"))
    page = browser.get("/profile/")
    assert page.status_code == 302 and "/account/login" in page.headers["Location"]

    for replayed in ({"remember_token": stolen["remember_token"]}, {"session": stolen["session"]}, stolen):
        answer = _replay(app, replayed).get("/profile/")
        assert answer.status_code == 302 and "/account/login" in answer.headers["Location"], replayed
    with app.app_context():
        assert db.session.scalar(db.select(LoginSession.ended_at)) is not None


def test_sign_out_in_one_browser_keeps_the_other_signed_in(app):
    with app.app_context():
        make_user(email="two@example.org")
        db.session.commit()
    ward, phone = app.test_client(), app.test_client()
    for browser in (ward, phone):
        browser.post("/account/login", data={"email": "two@example.org", "password": PASSWORD, "remember": "y"})
    ward.post("/account/logout")
    assert ward.get("/profile/").status_code == 302
    assert phone.get("/profile/").status_code == 200


def test_outside_the_tests_a_cookie_that_names_no_sign_in_is_refused(app, database_url, tmp_path):
    from softlanding import create_app
    from tests.conftest import login, make_config

    strict = create_app(make_config(database_url, tmp_path, ACCEPT_SIGN_INS_WITHOUT_KEY=False))
    with strict.app_context():
        user = make_user()
        db.session.commit()
        client = login(strict.test_client(), user)  # a session cookie without a sign-in key
    assert client.get("/profile/").status_code == 302


def test_old_sign_ins_are_forgotten_by_the_job(app, ctx):
    from datetime import timedelta

    from softlanding.blueprints.accounts import sessions
    from softlanding.core.db import utcnow
    from softlanding.core.registry import get_registry

    user = make_user()
    now = utcnow()
    old, recent = LoginSession(key="old", user_id=user.id), LoginSession(key="recent", user_id=user.id)
    db.session.add_all([old, recent])
    db.session.flush()
    old.created_at = now - timedelta(days=32)
    db.session.flush()
    assert get_registry().jobs["accounts_prune_sign_ins"](now) == 1
    assert [s.key for s in db.session.scalars(db.select(LoginSession))] == ["recent"]
    assert sessions.is_open(user.id, "recent") and not sessions.is_open(user.id, "old")


def test_a_signed_in_page_loads_the_account_roles_profile_and_sign_in_in_one_statement(app, count_queries):
    """Every signed-in page pays for loading its viewer: one statement, whatever the page."""
    with app.app_context():
        make_user(role="rep", email="rep@example.org")
        db.session.commit()
    browser = app.test_client()
    assert browser.post("/account/login", data={"email": "rep@example.org", "password": PASSWORD}).status_code == 302
    browser.get("/events/")
    with count_queries() as counter:
        page = browser.get("/events/")
    assert page.status_code == 200 and b"Sign out" in page.data
    viewer = [s for s in counter.statements if any(t in s for t in ("user_role", "login_session", "FROM profile"))]
    assert len(viewer) == 1 and "login_session" in viewer[0] and "user_role" in viewer[0], viewer
