"""Accounts: registration, sign-in, passwords and sessions; admins grant roles, organisers keep lists."""


def register(app):
    """Attach the accounts blueprint, the user loader, account message kinds, nav and commands."""
    from softlanding.blueprints.accounts import cli, home, routes, routes_admin, users  # noqa: F401  (views)
    from softlanding.blueprints.accounts.blueprint import bp
    from softlanding.blueprints.notifications.notify import add_kinds
    from softlanding.core.extensions import login_manager
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    login_manager.user_loader(users.load_user)
    add_kinds(app, users.KINDS)
    get_registry(app).add_nav("Admin", "accounts.users", "admin", 100)
    home.register_panels(get_registry(app))
    cli.register(app)
