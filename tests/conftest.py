"""Shared fixtures: the app on a real database file (or PostgreSQL), clients, a login helper.

TEST_DATABASE_URL=postgresql+psycopg://... runs the suite on PostgreSQL: each run makes its own
database next to the given one (so parallel runs never meet) and drops it at the end.
"""

import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from softlanding import create_app
from softlanding.core import stamps
from softlanding.core.cli import ensure_defaults
from softlanding.core.extensions import db, limiter
from tests.factories import QueryCounter, make_user, read_mail  # noqa: F401  (tests import these from here too)
from tests.factories.queries import count_queries as _count_queries

ROLES = ("anonymous", "newcomer", "rep", "organiser", "admin")


def _admin_engine(url):
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh database for this run: a SQLite file, or a new PostgreSQL database."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    url = make_url(base)
    name = f"sltest_{uuid.uuid4().hex[:10]}"
    engine = _admin_engine(url)
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def new_database(database_url, tmp_path_factory):
    """Factory for extra empty databases (migration tests); each is dropped at the end."""
    made = []
    base = make_url(database_url)

    def factory():
        if base.drivername.startswith("sqlite"):
            return f"sqlite:///{tmp_path_factory.mktemp('extra') / 'empty.db'}"
        name = f"sltest_{uuid.uuid4().hex[:10]}"
        with _admin_engine(base).connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return base.set(database=name).render_as_string(hide_password=False)

    yield factory
    if made:
        engine = _admin_engine(base)
        with engine.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def make_config(database_url, mail_dir, **overrides):
    """A TestingConfig subclass bound to this run's database and mail folder."""
    attrs = {"SQLALCHEMY_DATABASE_URI": database_url, "MAIL_DIR": str(mail_dir), **overrides}
    return type("RunConfig", (TestingConfig,), attrs)


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory):
    """Where the file mail backend writes .eml files during the tests."""
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
def app(database_url, mail_dir):
    """The app, with the schema made by create_all (the tests' fast path) and the default rows that
    `flask seed-reference` makes (reference lists, matching settings, the default survey template)."""
    app = create_app(make_config(database_url, mail_dir))
    with app.app_context():
        db.create_all()
        ensure_defaults()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _reset_limiter():
    """Fresh counts, and the limiter back on its own storage: it is one object shared by every app a test
    builds, and a test that makes its storage fail (an outage, a dead Redis) would leave it on the fallback,
    where the next test's counts would be split between the two."""
    limiter.reset()
    if getattr(limiter, "_storage_dead", False):
        limiter._storage_dead = False
    fallback = getattr(limiter, "_fallback_storage", None)
    if fallback is not None:
        fallback.reset()


def _wipe(app, mail_dir):
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name != "ref_option":
                db.session.execute(table.delete())
        db.session.execute(db.metadata.tables["ref_option"].delete())
        ensure_defaults()
        db.session.commit()
        db.session.remove()
        stamps.get_cache().forget()  # the next test starts as a new worker would: nothing kept
    _reset_limiter()
    shutil.rmtree(mail_dir, ignore_errors=True)
    mail_dir.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _clean_state(request, app, mail_dir):
    """Every test starts with empty tables (default rows remade), no mail and fresh limits."""
    yield
    _wipe(app, mail_dir)


@pytest.fixture
def ctx(app):
    """An application context for service-level tests."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


def login(client, user):
    """Sign `user` in on `client` without the form (the form itself is tested in test_auth)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


@pytest.fixture
def login_as(app):
    """login_as(role_or_user) -> a client signed in as a new user with that role (or that user)."""

    def factory(who="newcomer", **kwargs):
        client = app.test_client()
        with app.app_context():
            user = make_user(role=who, **kwargs) if isinstance(who, str) else db.session.merge(who)
            db.session.commit()
            client.user_id = user.id
            login(client, user)
        return client

    return factory


@pytest.fixture
def count_queries(app):
    """count_queries() -> a QueryCounter on the app's engine (`with count_queries() as q: ...; q.count`);
    count_queries(client, url) -> how many statements one GET of `url` runs (tests.factories.count_queries);
    both count from a cold start (nothing kept under change stamps) unless warm=True."""
    return lambda client=None, url=None, warm=False: _count_queries(app, client, url, warm)
