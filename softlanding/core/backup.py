"""`flask backup create` and `flask backup restore`: a consistent copy of the database, and putting one back.

SQLite is copied with its online backup API, which reads through SQLite itself and so includes what is
committed in the WAL file (a plain `cp` of the database file misses it). PostgreSQL uses pg_dump's
custom format and pg_restore; the password and the rest of the URL reach them through libpq's
environment variables, never their command line, where `ps` would show them to every local user.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url

from softlanding.core.extensions import db

backup = AppGroup("backup", help="Back up the database, or restore a backup.")

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# The URL's query options that libpq also reads from the environment.
LIBPQ_QUERY_ENV = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                   "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
                   "application_name": "PGAPPNAME"}


def database_url() -> URL:
    """The configured database's URL."""
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def libpq_environment(url: URL) -> dict[str, str]:
    """The process environment plus PGHOST, PGUSER, PGPASSWORD … taken from `url`."""
    env = dict(os.environ)
    for name, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                        ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[name] = str(value)
    for key, name in LIBPQ_QUERY_ENV.items():
        option = url.query.get(key)
        if option is not None:
            env[name] = option if isinstance(option, str) else option[0]
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise click.ClickException(f"{name} was not found; install the PostgreSQL client tools.")
    return found


def _run(command: list[str], url: URL) -> None:
    done = subprocess.run(command, env=libpq_environment(url), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise click.ClickException(f"{Path(command[0]).name} failed:\n{done.stderr.strip()}")


def default_path(url: URL) -> Path:
    """instance/backups/softlanding-<UTC time>.<sqlite3|dump>."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if url.get_backend_name() == "sqlite" else "dump"
    return Path(current_app.instance_path) / "backups" / f"softlanding-{stamp}.{suffix}"


def create_backup(url: URL, path: Path) -> None:
    """Write a consistent copy of the database at `url` to `path` (made atomically: all or nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database or "")
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run([_tool("pg_dump"), "--format=custom", "--no-password", f"--file={partial}"], url)
    # A reader of the backup folder never sees half a file under the final name.
    os.replace(partial, path)


def table_summary(url: URL) -> tuple[int, int]:
    """(tables, rows) in the database at `url`."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            rows = 0
            for name in names:
                quoted = conn.dialect.identifier_preparer.quote(name)
                rows += conn.exec_driver_sql(f"SELECT count(*) FROM {quoted}").scalar() or 0
        return len(names), rows
    finally:
        engine.dispose()


def _check_kind(url: URL, path: Path) -> None:
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    sqlite = url.get_backend_name() == "sqlite"
    if sqlite and not head.startswith(SQLITE_MAGIC):
        raise click.ClickException(f"{path} is not a SQLite backup; this app's database is SQLite.")
    if not sqlite and not head.startswith(PG_DUMP_MAGIC):
        raise click.ClickException(f"{path} is not a pg_dump custom-format backup; this database is PostgreSQL.")


def restore_backup(url: URL, path: Path) -> None:
    """Replace the database at `url` with the backup at `path`."""
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(path)
        target = sqlite3.connect(url.database or "")
        try:
            # Page by page into the live file, under SQLite's own locks: every table is replaced.
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error",
              "--single-transaction", "--no-password", f"--dbname={url.database}", str(path)], url)


@backup.command("create")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def create_command(path: Path | None) -> None:
    """Write a backup to PATH (default: instance/backups/softlanding-<time>.sqlite3 or .dump)."""
    url = database_url()
    path = path or default_path(url)
    create_backup(url, path)
    click.echo(f"Backup written to {path} ({path.stat().st_size} bytes).")


@backup.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that already has tables.")
def restore_command(file: Path, force: bool) -> None:
    """Restore FILE into the configured database (refused if it already has tables, unless --force)."""
    url = database_url()
    _check_kind(url, file)
    db.session.remove()
    db.engine.dispose()  # no pooled connection of ours holds the database while it is replaced
    tables, rows = table_summary(url)
    where = url.render_as_string(hide_password=True)
    if tables and not force:
        raise click.ClickException(
            f"Refusing to restore: {where} is not empty ({tables} tables, {rows} rows) and restoring "
            "replaces what is in it. Restore into a new empty database, or run again with --force "
            "to overwrite this one.")
    restore_backup(url, file)
    tables, rows = table_summary(url)
    click.echo(f"Restored {file} into {where}: {tables} tables, {rows} rows.")

