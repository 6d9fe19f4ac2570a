"""Accounts: registration, sign-in, passwords and sessions; admins grant roles, suspend members and read
the audit trail; members download or erase their data; organisers keep lists."""


def register(app):
    """Attach the accounts blueprint, the user loader, account message kinds, nav, jobs and commands."""
    from softlanding.blueprints.accounts import (  # noqa: F401  (views)
        cli,
        home,
        jobs,
        routes,
        routes_admin,
        routes_people,
        routes_privacy,
        sessions,
        users,
    )
    from softlanding.blueprints.accounts.blueprint import bp
    from softlanding.blueprints.notifications.notify import add_kinds
    from softlanding.core import stamps
    from softlanding.core.extensions import login_manager
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    login_manager.user_loader(sessions.load_user)
    stamps.watch(sessions.VIEWER_KIND, sessions.VIEWER_TABLES)
    add_kinds(app, users.KINDS)
    registry = get_registry(app)
    registry.add_nav("Admin", "accounts.users", "admin", 100)
    registry.add_job("accounts_prune_sign_ins", jobs.prune_sign_ins)
    registry.add_job("audit_retention", jobs.prune_audit)
    registry.add_job("data_exports", jobs.make_exports)
    registry.add_job("account_retention", jobs.account_retention)
    from softlanding.blueprints.accounts import privacy
    registry.add_privacy("account", privacy.export_account)
    home.register_panels(registry)
    cli.register(app)
