"""Pages: security headers, caching, error pages, health check, home page links."""

import re

import pytest
from flask import abort

from softlanding.core.extensions import db
from tests.conftest import login
from tests.factories import make_user


def test_every_response_has_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # only in production
    assert not re.search(rb"<script(?![^>]*\bsrc=)[^>]*>", response.data), "inline script found"
    assert b" style=" not in response.data


def test_hsts_in_production(app):
    app.config["HSTS"] = True
    try:
        assert "max-age=" in app.test_client().get("/").headers["Strict-Transport-Security"]
    finally:
        app.config["HSTS"] = False


def test_personal_pages_are_not_cached(app, login_as):
    client = login_as("newcomer")
    assert client.get("/profile/").headers["Cache-Control"] == "no-store"
    assert app.test_client().get("/").headers.get("Cache-Control") != "no-store"


@pytest.fixture
def error_client(database_url, mail_dir):
    """A separate app with routes that raise each error (kept out of the access matrix)."""
    from softlanding import create_app
    from tests.conftest import make_config

    app = create_app(make_config(database_url, mail_dir))
    app.add_url_rule("/_test/abort/<int:code>", "test_abort", lambda code: abort(code))
    app.add_url_rule("/_test/boom", "boom_500", lambda: 1 / 0)
    return app.test_client()


@pytest.mark.parametrize("code, title", [
    (400, b"Something in that request was not right"),
    (403, b"You do not have access"),
    (404, b"Page not found"),
    (405, b"not allowed"),
    (413, b"too large"),
    (429, b"Too many attempts"),
])
def test_error_pages_share_the_site_style(error_client, code, title):
    response = error_client.get(f"/_test/abort/{code}")
    assert response.status_code == code
    assert title in response.data
    assert b'class="site-header"' in response.data and b"Skip to main content" in response.data


def test_unexpected_error_shows_a_calm_500_page_without_a_stack_trace(error_client):
    response = error_client.get("/_test/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    assert b"Traceback" not in response.data and b"ZeroDivisionError" not in response.data


def test_real_405_and_413(client, app):
    assert client.put("/account/login").status_code == 405
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    assert client.post("/account/login", data={"email": big}).status_code == 413


def test_healthz_is_a_cheap_liveness_check(client, count_queries):
    with count_queries() as queries:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"
    assert queries.count == 0


def test_readyz_reports_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "down": []}


def test_healthz_answers_but_readyz_is_503_when_the_database_is_unreachable(tmp_path, mail_dir):
    from softlanding import create_app
    from tests.conftest import make_config

    broken = create_app(make_config(f"sqlite:///{tmp_path}/missing/dir/x.db", mail_dir)).test_client()
    assert broken.get("/healthz").status_code == 200
    response = broken.get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable" and response.json["down"] == ["database"]


@pytest.mark.parametrize("role", ["anonymous", "newcomer", "rep", "organiser", "admin"])
def test_home_page_speaks_to_each_user_and_links_only_to_pages_that_exist(app, role):
    client = app.test_client()
    if role != "anonymous":
        with app.app_context():
            user = make_user(role=role)
            db.session.commit()
            login(client, user)
    # Signed in, "/" is the person's own home (tests/ui/test_home.py); the brochure stays at /about.
    page = client.get("/" if role == "anonymous" else "/about")
    assert b"New to the NHS?" in page.data and b"Volunteer reps" in page.data and b"Organisers" in page.data
    links = set(re.findall(rb'href="(/[^"#]*)"', page.data + client.get("/").data))
    assert links
    for link in links:
        status = client.get(link.decode()).status_code
        assert status in (200, 302), f"{link!r} on the home page answers {status} for {role}"
