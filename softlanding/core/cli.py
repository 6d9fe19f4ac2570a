"""flask commands of the core: reference data and the demo community (domains add their own)."""

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import downgrade as migrate_downgrade
from flask_migrate.cli import db as migrate_group
from sqlalchemy import select

from softlanding.core import reference
from softlanding.core.demo import DEFAULT_PASSWORD, seed
from softlanding.core.extensions import db
from softlanding.core.registry import get_registry


def ensure_defaults():
    """Reference lists and every domain's default rows (idempotent); returns reference options added."""
    added = reference.ensure_defaults()
    for make_defaults in get_registry().defaults:
        make_defaults()
    return added


@click.command("downgrade")
@click.option("-d", "--directory", default=None, help='Migration script directory (default is "migrations").')
@click.option("--sql", is_flag=True, help="Don't emit SQL to the database: dump it to standard output instead.")
@click.option("--tag", default=None, help='Arbitrary "tag" name for env.py.')
@click.option("-x", "--x-arg", multiple=True, help="Additional arguments consumed by env.py.")
@click.option("--yes", is_flag=True, help="Go ahead: every downgrade here drops tables and the rows in them.")
@click.argument("revision", default="-1")
@with_appcontext
def downgrade_command(directory, sql, tag, x_arg, yes, revision):
    """Revert to a previous version; refuses without --yes (migrations/env.py says what would be dropped)."""
    migrate_downgrade(directory, revision, sql, tag, x_arg=list(x_arg) + (["yes"] if yes else []))


def register(app):
    """Add the core commands, `flask jobs` and `flask backup` to `flask`, and `--yes` to `flask db downgrade`."""
    from softlanding.core.backup import backup
    from softlanding.core.cli_jobs import jobs

    app.cli.add_command(jobs)
    app.cli.add_command(backup)
    # Flask-Migrate's `db` group with its downgrade replaced by ours (same options, plus --yes).
    migrate_group.add_command(downgrade_command, "downgrade")

    @app.cli.command("seed-reference")
    def seed_reference():
        """Load the shipped reference lists and default settings (safe to run again)."""
        added = ensure_defaults()
        db.session.commit()
        click.echo(f"Reference lists ready ({added} options added).")

    @app.cli.command("seed-demo")
    @click.option("--password", envvar="DEMO_PASSWORD", default=None,
                  help="Password for every demo login (default: the demo-only one in README).")
    @click.option("--if-empty", is_flag=True, help="Do nothing if the database already has accounts.")
    def seed_demo(password, if_empty):
        """Make a fictional demo community (refused in production)."""
        if current_app.config["SOFTLANDING_ENV"] == "production":
            raise click.ClickException("seed-demo refuses to run in production.")
        users = db.metadata.tables["user"]
        if if_empty and db.session.execute(select(users.c.id).limit(1)).first() is not None:
            click.echo("Database already has accounts; demo data not loaded.")
            return
        ensure_defaults()
        summary = seed(password or DEFAULT_PASSWORD)
        db.session.commit()
        for line in summary:
            click.echo(line)
