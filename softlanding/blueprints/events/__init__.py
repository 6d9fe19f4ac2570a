"""Events: listing, event pages, booking and waitlists, interview slots, hosting and review."""


def register(app):
    """Attach the events blueprint, the reminders job, message kinds, nav and the demo seeder."""
    from softlanding.blueprints.events import (  # noqa: F401  # noqa: F401
        demo,
        home,
        notices,
        routes,
        routes_booking,
        routes_certificates,
        routes_desk,
        routes_manage,
        routes_people,
    )
    from softlanding.blueprints.events.blueprint import bp
    from softlanding.blueprints.events.listing import COUNT_KIND, COUNT_TABLES
    from softlanding.blueprints.events.search import HOSTS_KIND, HOSTS_TABLES
    from softlanding.blueprints.notifications.notify import add_kinds
    from softlanding.core import stamps
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    stamps.watch(COUNT_KIND, COUNT_TABLES)
    stamps.watch(HOSTS_KIND, HOSTS_TABLES)
    # The certificate check lives at the site's root (/certificates/<code>, printed on every certificate).
    app.add_url_rule("/certificates/<code>", endpoint="events.verify_certificate",
                     view_func=routes_certificates.verify_certificate)
    registry = get_registry(app)
    registry.add_job("event_reminders", notices.send_reminders)
    add_kinds(app, notices.KINDS)
    registry.add_nav("Events", "events.index", "all", 10)
    registry.add_nav("My events", "events.my_events", "member", 20)
    registry.add_seeder(demo.seed_events)
    from softlanding.blueprints.events import privacy
    registry.add_privacy("events", privacy.export, privacy.erase)
    registry.add_holdings(privacy.holdings)
    home.register_panels(registry)
