"""Calendar files and feeds: per-event .ics, public and personal subscription feeds."""


def register(app):
    """Attach the calendar blueprint, the feed-token log filter, template helpers and a settings section."""
    from softlanding.blueprints.calendar import cache, routes  # noqa: F401  (views)
    from softlanding.blueprints.calendar.blueprint import bp
    from softlanding.blueprints.calendar.links import install_log_filter, personal_feed_links, public_feed_links
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    cache.install(app)
    install_log_filter()
    app.jinja_env.globals.update(public_feed_links=public_feed_links, personal_feed_links=personal_feed_links)
    get_registry(app).add_settings_section("calendar/_settings_section.html")
    from softlanding.blueprints.calendar import privacy
    get_registry(app).add_privacy("calendar", privacy.export, privacy.erase)
