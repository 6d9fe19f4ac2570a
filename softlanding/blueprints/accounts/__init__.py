"""Accounts: registration, sign-in, passwords and sessions; admins grant roles, suspend members and read
the audit trail; members download or erase their data; organisers keep lists."""


def register(app):
    """Attach the accounts blueprint, the user loader, account message kinds, nav, jobs and commands."""
    from softlanding.blueprints.accounts import cli, jobs, routes, routes_admin, routes_people, users  # noqa: F401
    from softlanding.blueprints.accounts.blueprint import bp
    from softlanding.blueprints.notifications.notify import add_kinds
    from softlanding.core.extensions import login_manager
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    login_manager.user_loader(users.load_user)
    add_kinds(app, users.KINDS)
    registry = get_registry(app)
    registry.add_nav("Admin", "accounts.users", "admin", 100)
    registry.add_job("accounts_prune_sign_ins", jobs.prune_sign_ins)
    registry.add_job("audit_retention", jobs.prune_audit)
    cli.register(app)
