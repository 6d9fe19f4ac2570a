"""`flask backup create` / `restore`: a restore gives back every row; a full database is not overwritten unasked."""

import shutil
import sqlite3

from sqlalchemy import create_engine, inspect, select

from softlanding import create_app
from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db
from tests.conftest import make_config
from tests.factories import (
    make_booking,
    make_event,
    make_mentor,
    make_pair,
    make_seeker,
    make_survey,
    make_user,
    queue_message,
    respond,
)

UNICODE_NAME = "Chiamaka Ọkọ́nkwọ́ — Zoë Ødegård 李娜"


def _populate():
    """Rows in several domains: people, an event and its bookings, a mentorship, feedback, mail."""
    newcomer = make_user(full_name=UNICODE_NAME)
    event = make_event(title="ARCP: «portfolio» tips 🩺", capacity=1, days_ago=2)
    make_booking(event, newcomer)
    make_booking(event, make_user(), status="waitlisted")
    make_pair(make_mentor(), make_seeker(full_name="Dr Ana Łukasiewicz"))
    respond(make_survey(event=event, open_now=True), newcomer, text="Très utile — धन्यवाद")
    queue_message(newcomer, subject="Bienvenue, Zoë")
    db.session.commit()


def _every_row(url):
    """{table: sorted rows} for every table in the database at `url`."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = {}
            for name in sorted(inspect(conn).get_table_names()):
                table = db.metadata.tables.get(name)
                rows = conn.execute(select(table)) if table is not None else conn.exec_driver_sql(
                    f"SELECT * FROM {conn.dialect.identifier_preparer.quote(name)}")
                tables[name] = sorted((tuple(row) for row in rows), key=repr)
            return tables
    finally:
        engine.dispose()


def test_restore_into_a_new_database_gives_back_every_row_and_refuses_a_full_one(
        app, database_url, new_database, tmp_path):
    with app.app_context():
        _populate()
    made = app.test_cli_runner().invoke(args=["backup", "create", str(tmp_path / "nightly.backup")])
    assert made.exit_code == 0, made.output
    assert "Backup written to" in made.output
    original = _every_row(database_url)
    assert any(UNICODE_NAME in row for row in original["user"])

    target_url = new_database()
    target = create_app(make_config(target_url, tmp_path / "mail"))
    runner = target.test_cli_runner()
    restored = runner.invoke(args=["backup", "restore", str(tmp_path / "nightly.backup")])
    assert restored.exit_code == 0, restored.output
    assert _every_row(target_url) == original
    assert sum(len(rows) for rows in original.values()) > 30

    with target.app_context():  # someone works on the restored copy; a second restore must not eat that
        make_user(full_name="Added after the restore")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    refused = runner.invoke(args=["backup", "restore", str(tmp_path / "nightly.backup")])
    assert refused.exit_code != 0
    assert "Refusing to restore" in refused.output and "--force" in refused.output
    assert any("Added after the restore" in row for row in _every_row(target_url)["user"])

    forced = runner.invoke(args=["backup", "restore", "--force", str(tmp_path / "nightly.backup")])
    assert forced.exit_code == 0, forced.output
    assert _every_row(target_url) == original
    with target.app_context():
        db.engine.dispose()


def test_sqlite_backup_under_load_has_what_the_wal_holds_and_nothing_uncommitted(tmp_path):
    live = tmp_path / "live.db"
    app = create_app(make_config(f"sqlite:///{live}", tmp_path / "mail"))
    with app.app_context():
        db.create_all()
        make_user(full_name="Before")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    checkpoint = sqlite3.connect(live)  # the schema and "Before" are in the main file from here
    assert checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    checkpoint.close()
    # An open read snapshot stops SQLite checkpointing later commits into the main file.
    reader = sqlite3.connect(live, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM user").fetchone()
    with app.app_context():
        make_user(full_name="Committed Ada")
        db.session.commit()
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE user SET full_name = 'Uncommitted Bea' WHERE full_name = 'Before'")
    try:
        shutil.copy(live, tmp_path / "cp-copy.db")  # what `cp` would have saved
        made = app.test_cli_runner().invoke(args=["backup", "create", str(tmp_path / "online.sqlite3")])
        assert made.exit_code == 0, made.output
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        reader.close()
    copied = sqlite3.connect(tmp_path / "cp-copy.db")
    assert "Committed Ada" not in {name for (name,) in copied.execute("SELECT full_name FROM user")}
    copied.close()
    backed_up = sqlite3.connect(tmp_path / "online.sqlite3")
    names = {name for (name,) in backed_up.execute("SELECT full_name FROM user")}
    backed_up.close()
    assert names == {"Before", "Committed Ada"}
    with app.app_context():
        assert set(db.session.scalars(select(User.full_name))) == {"Before", "Committed Ada"}
        db.engine.dispose()


def test_pg_dump_gets_the_password_through_its_environment_not_its_command_line(app, monkeypatch, tmp_path):
    from softlanding.core import backup

    seen = {}

    def fake_run(command, env, **kwargs):
        seen.update(command=command, env=env)
        (tmp_path / "x.dump.partial").write_bytes(b"PGDMP")
        return type("Done", (), {"returncode": 0, "stderr": ""})()

    monkeypatch.setattr(backup.subprocess, "run", fake_run)
    url = backup.make_url("postgresql+psycopg://softlanding:s3cret-pw@db.internal:6543/network?sslmode=require")
    with app.app_context():
        backup.create_backup(url, tmp_path / "x.dump")
    assert not any("s3cret-pw" in part or "softlanding:" in part for part in seen["command"])
    assert seen["env"]["PGPASSWORD"] == "s3cret-pw" and seen["env"]["PGUSER"] == "softlanding"
    assert (seen["env"]["PGHOST"], seen["env"]["PGPORT"], seen["env"]["PGDATABASE"]) == ("db.internal", "6543",
                                                                                         "network")
    assert seen["env"]["PGSSLMODE"] == "require"
