"""A database outage: every page answers the site's own 503 page, logs one line, and recovers alone.

A second app runs on a database of its own. On PostgreSQL the outage is real: the server terminates
the app's connections and refuses new ones (ALLOW_CONNECTIONS false). On SQLite the app's connections
are closed and its database file moved away (the URL opens it read-write without creating it, so
every connect fails). Then the database comes back and the same app, never restarted, serves pages.
"""

import logging
import os
import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from softlanding import create_app
from softlanding.core.cli import ensure_defaults
from softlanding.core.extensions import db
from tests.conftest import login, make_config, make_user

PAGES = ("/", "/events/")


class Outage:
    """Takes one database away from its app and gives it back."""

    def __init__(self, app, url, file=None):
        self.app, self.url, self.file = app, make_url(url), file

    def _admin(self, sql):
        engine = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(sql))
        engine.dispose()

    def start(self):
        """Drop the app's connections and refuse new ones."""
        if self.file is None:
            name = self.url.database
            self._admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            self._admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")
        else:
            with self.app.app_context():
                db.engine.dispose()  # SQLite has no server to cut the connections: close them
            os.rename(self.file, self.file + ".away")

    def end(self):
        """Accept connections again."""
        if self.file is None:
            self._admin(f'ALTER DATABASE "{self.url.database}" ALLOW_CONNECTIONS true')
        else:
            os.rename(self.file + ".away", self.file)


@pytest.fixture
def outage(database_url, new_database, mail_dir, tmp_path):
    """(app, outage, signed-in client, a signed-in page) on a database of their own."""
    url, file = new_database(), None
    if url.startswith("sqlite"):
        file = str(tmp_path / "outage.db")
        sqlite3.connect(file).close()
        url = f"sqlite:///file:{file}?mode=rw&uri=true"
    app = create_app(make_config(url, mail_dir))
    with app.app_context():
        db.create_all()
        ensure_defaults()
        user = make_user(role="newcomer")
        db.session.commit()
        signed_in = login(app.test_client(), user)
        db.session.remove()
    cut = Outage(app, url, file)
    yield app, cut, signed_in
    if file is None or not os.path.exists(file):
        cut.end()  # a failed test must not leave the database refusing (its drop needs to connect)
    with app.app_context():
        db.engine.dispose()


def _requests(app, signed_in):
    anonymous = app.test_client()
    # The anonymous home page is static (it reads nothing from the database) and stays up; checked
    # apart. So does a missing page for a member whose sign-in this worker already checked (a page view
    # takes the kept viewer, accounts/sessions.py): checked apart too. Every other request needs the database.
    return [(anonymous, "/events/"), (anonymous, "/events/1")] + [(signed_in, path) for path in PAGES]


MISSING = ("/settings", "/no-such-page")


def test_outage_shows_the_site_503_page_logs_one_line_each_and_recovers(outage, caplog, monkeypatch):
    app, cut, signed_in = outage
    requests = _requests(app, signed_in)
    for client, path in requests:
        assert client.get(path).status_code in (200, 404)
    for path in MISSING:
        assert signed_in.get(path).status_code == 404

    # The migration tests run Alembic's env.py, whose fileConfig() disables the loggers that exist by then.
    monkeypatch.setattr(logging.getLogger("softlanding.core.templating"), "disabled", False)
    cut.start()
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        for client, path in requests:
            response = client.get(path)
            assert response.status_code == 503, path
            page = response.get_data(as_text=True)
            assert "Temporarily unavailable" in page and "try again in a few minutes" in page
            assert "Internal Server Error" not in page and "Traceback" not in page
            assert response.headers["Retry-After"]
        home = app.test_client().get("/")
        assert home.status_code == 200 and "Sign in" in home.get_data(as_text=True)
        for path in MISSING:  # the site's own not-found page, still signed in, and no outage to log
            missing = signed_in.get(path)
            assert missing.status_code == 404 and "Sign out" in missing.get_data(as_text=True), path
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage().split(":")[0] for r in warnings] == [
        f"database unavailable on GET {path}" for _, path in requests]
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    assert all(r.getMessage().endswith(("OperationalError", "InterfaceError")) for r in warnings)

    cut.end()
    for client, path in requests:
        assert client.get(path).status_code in (200, 404), path
    page = signed_in.get("/").get_data(as_text=True)
    assert "Sign out" in page or "Settings" in page  # still signed in after the outage


def test_a_post_during_the_outage_gets_the_503_page_too(outage):
    app, cut, signed_in = outage
    cut.start()
    try:
        response = signed_in.post("/account/logout")
        assert response.status_code == 503
        assert "Temporarily unavailable" in response.get_data(as_text=True)
    finally:
        cut.end()
