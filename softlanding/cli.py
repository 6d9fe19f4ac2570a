"""flask commands: reference data, demo community, admin accounts."""

import click
from flask import current_app

from .extensions import db
from .services import accounts, reference
from .services.errors import ValidationError


def register(app):
    """Add the commands to `flask`."""
    from .cli_jobs import jobs
    from .mentoring_cli import register as register_mentoring_commands

    app.cli.add_command(jobs)
    register_mentoring_commands(app)

    @app.cli.command("seed-reference")
    def seed_reference():
        """Load the shipped reference lists (safe to run again)."""
        added = reference.ensure_defaults()
        from .services.survey_templates import ensure_default_template

        ensure_default_template()  # the default post-event survey template (feedback area; idempotent)
        db.session.commit()
        click.echo(f"Reference lists ready ({added} options added).")

    @app.cli.command("seed-demo")
    @click.option("--password", envvar="DEMO_PASSWORD", default=None,
                  help="Password for every demo login (default: the demo-only one in README).")
    @click.option("--if-empty", is_flag=True, help="Do nothing if the database already has accounts.")
    def seed_demo(password, if_empty):
        """Make a fictional demo community (refused in production)."""
        from .demo import DEFAULT_PASSWORD, seed

        if current_app.config["SOFTLANDING_ENV"] == "production":
            raise click.ClickException("seed-demo refuses to run in production.")
        from .models import User

        if if_empty and db.session.query(User.id).first() is not None:
            click.echo("Database already has accounts; demo data not loaded.")
            return
        reference.ensure_defaults()
        summary = seed(password or DEFAULT_PASSWORD)
        db.session.commit()
        for line in summary:
            click.echo(line)

    @app.cli.command("create-admin")
    @click.argument("email")
    @click.option("--name", default="Administrator", help="Full name for a new account.")
    @click.password_option("--password", prompt="Password", help="Prompted for when not given.")
    def create_admin(email, name, password):
        """Create an admin account, or make an existing account admin."""
        user = accounts.find_by_email(email)
        try:
            if user is None:
                user = accounts.create_user(name, email, password, roles=("admin",))
                message = f"Admin account created for {user.email}."
            else:
                if not user.is_admin:
                    from .models import UserRole

                    user.role_rows.append(UserRole(role="admin"))
                message = f"{user.email} is now an admin (password unchanged)."
        except ValidationError as error:
            raise click.ClickException(error.message) from None
        db.session.commit()
        click.echo(message)
