"""Calendar files and feeds: per-event .ics, public and personal subscription feeds."""


def register(app):
    """Attach the calendar blueprint, the feed-token log filter, template helpers and a settings section."""
    from softlanding.blueprints.calendar import routes  # noqa: F401  (views)
    from softlanding.blueprints.calendar.blueprint import bp
    from softlanding.blueprints.calendar.links import install_log_filter, personal_feed_links, public_feed_links
    from softlanding.core import stamps
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    # What each feed's validator reads. Bookings change personal feeds only: the public feed shows no counts.
    stamps.watch("public", {"event", "ref_option"})
    stamps.watch("personal", {"event", "event_host", "booking", "calendar_feed_token", "user", "ref_option"})
    install_log_filter()
    app.jinja_env.globals.update(public_feed_links=public_feed_links, personal_feed_links=personal_feed_links)
    get_registry(app).add_settings_section("calendar/_settings_section.html")
    from softlanding.blueprints.calendar import privacy
    get_registry(app).add_privacy("calendar", privacy.export, privacy.erase)
