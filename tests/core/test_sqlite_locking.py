"""SQLite: only requests that change state (and jobs, CLI commands) take the write lock at BEGIN;
reads begin deferred and run beside a writer under WAL. Runs on a SQLite file of its own, so it
holds whichever database the rest of the suite uses."""

import sqlite3
import time

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import OperationalError

from softlanding import create_app
from softlanding.core import reference
from softlanding.core.extensions import db, write_lock
from tests.conftest import make_config


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory):
    """A WAL SQLite file with the schema."""
    folder = tmp_path_factory.mktemp("locking")
    path = folder / "locking.db"
    app = create_app(make_config(f"sqlite:///{path}", folder / "mail"))
    with app.app_context():
        db.create_all()
        reference.ensure_defaults()
        db.session.commit()
    yield app, path
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def writer(sqlite_file):
    """Another process's connection holding SQLite's write lock (BEGIN IMMEDIATE) until the test ends."""
    _, path = sqlite_file
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO ref_option (kind, code, label, \"group\", position, active) "
                 "VALUES ('lock', 'held', 'held', '', 0, 1)")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def _begins(engine, statements):
    def record(conn, cursor, statement, *args):
        if statement.startswith("BEGIN"):
            statements.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    return lambda: event.remove(engine, "before_cursor_execute", record)


def test_get_requests_read_while_another_connection_holds_the_write_lock(sqlite_file, writer):
    app, _ = sqlite_file
    client = app.test_client()
    started = time.monotonic()
    health = client.get("/readyz")
    listing = client.get("/events/")
    elapsed = time.monotonic() - started
    # Before, each GET took BEGIN IMMEDIATE and waited the 15 s busy timeout, then failed.
    assert health.status_code == 200 and health.get_json()["database"] == "ok"
    assert listing.status_code == 200
    assert elapsed < 5


def test_reads_begin_deferred_and_writes_immediate(sqlite_file):
    app, _ = sqlite_file
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    statements = []
    stop = _begins(engine, statements)
    try:
        client.get("/readyz")
        assert statements == ["BEGIN"]
        statements.clear()
        client.post("/account/forgot", data={"email": "nobody@example.org"})
        assert statements and set(statements) == {"BEGIN IMMEDIATE"}
    finally:
        stop()


def test_two_readers_hold_read_transactions_while_a_second_writer_is_refused(sqlite_file, writer):
    _, path = sqlite_file
    engine = create_engine(f"sqlite:///{path}")
    try:
        token = write_lock.set(False)  # as in a GET request
        try:
            with engine.connect() as first, engine.connect() as second:
                assert first.scalar(text("SELECT count(*) FROM ref_option WHERE kind = 'lock'")) == 0
                assert second.scalar(text("SELECT count(*) FROM ref_option WHERE kind = 'lock'")) == 0
                assert first.in_transaction() and second.in_transaction()  # both open at once
        finally:
            write_lock.reset(token)
        # A writer (the default outside requests: jobs, CLI) must wait for the lock; with no
        # patience it is refused, so two writers never interleave their checks.
        with engine.connect() as other:
            other.connection.dbapi_connection.execute("PRAGMA busy_timeout=50")
            with pytest.raises(OperationalError, match="locked"):
                other.execute(text("SELECT 1"))
    finally:
        engine.dispose()
