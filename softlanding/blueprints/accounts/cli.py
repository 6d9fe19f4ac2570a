"""`flask create-admin`: the first admin account, or admin rights for an existing one."""

import click

from softlanding.blueprints.accounts import users as accounts
from softlanding.blueprints.accounts.models import UserRole
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db


def register(app):
    """Add `flask create-admin` to the app's commands."""

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
                    user.role_rows.append(UserRole(role="admin"))
                message = f"{user.email} is now an admin (password unchanged)."
        except ValidationError as error:
            raise click.ClickException(error.message) from None
        db.session.commit()
        click.echo(message)
