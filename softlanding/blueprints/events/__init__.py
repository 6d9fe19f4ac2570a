"""Events: listing, event pages, booking and waitlists, interview slots, hosting and review."""


def register(app):
    """Attach the events blueprint, the reminders job, message kinds, nav and the demo seeder."""
    from softlanding.blueprints.events import demo, home, notices, routes, routes_booking, routes_manage  # noqa: F401
    from softlanding.blueprints.events.blueprint import bp
    from softlanding.blueprints.notifications.notify import add_kinds
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    registry = get_registry(app)
    registry.add_job("event_reminders", notices.send_reminders)
    add_kinds(app, notices.KINDS)
    registry.add_nav("Events", "events.index", "all", 10)
    registry.add_nav("My events", "events.my_events", "member", 20)
    registry.add_seeder(demo.seed_events)
    home.register_panels(registry)
