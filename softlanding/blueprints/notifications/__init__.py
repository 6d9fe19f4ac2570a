"""Notifications: the in-app list, email preferences, one-click unsubscribe, and the admin outbox."""


def register(app):
    """Attach the notifications blueprint, the organisers' digest job and kind, nav and a settings section."""
    from softlanding.blueprints.notifications import digest, home, routes, routes_outbox  # noqa: F401  (views)
    from softlanding.blueprints.notifications.blueprint import bp
    from softlanding.blueprints.notifications.notify import add_kinds
    from softlanding.core import stamps
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    stamps.watch("unread", {"notification"})  # the header's unread count (routes.unread_notification_count)
    registry = get_registry(app)
    registry.add_job("organiser_digest", digest.send_weekly_digests)
    add_kinds(app, digest.KINDS)
    registry.add_nav("Outbox", "notifications.outbox", "admin", 110)
    registry.add_settings_section("notifications/_settings_section.html")
    from softlanding.blueprints.notifications import privacy
    registry.add_privacy("notifications", privacy.export, privacy.erase)
    home.register_panels(registry)
