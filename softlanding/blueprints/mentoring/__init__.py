"""Mentoring: find a mentor, requests, the shared space, batch matching, the rep directory."""


def register(app):
    """Attach the mentoring blueprint, jobs, message kinds, nav, commands, default settings and seeder."""
    from softlanding.blueprints.mentoring import (  # noqa: F401  (views)
        checkins,
        cli,
        dashboard,
        dashboard_tables,
        demo,
        find,
        home,
        meetings,
        mentor_pool,
        messages,
        offers,
        requests,
        routes,
        routes_checkins,
        routes_meetings,
        routes_messages,
        routes_organiser,
        routes_quiet,
        routes_space,
        space,
        waiting,
    )
    from softlanding.blueprints.mentoring.blueprint import bp
    from softlanding.blueprints.notifications.notify import add_kinds
    from softlanding.core import stamps
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    mentor_pool.register()
    waiting.register()
    dashboard_tables.register()
    find.register()
    stamps.watch(dashboard.RATE_KIND, {"mentorship"})
    registry = get_registry(app)
    registry.add_job("mentoring_requests", requests.expire_requests)
    registry.add_job("mentoring_nudges", space.nudge_quiet_pairs)
    registry.add_job("mentoring_meetings", meetings.send_reminders)
    registry.add_job("mentoring_checkins", checkins.send_invitations)
    add_kinds(app, requests.KINDS + space.KINDS + messages.KINDS + meetings.KINDS
              + checkins.KINDS)
    registry.add_nav("Find a mentor", "mentoring.index", "member", 30)
    registry.add_nav("My mentees", "mentoring.mentor_home", "rep", 40)
    registry.add_nav("Rep directory", "mentoring.directory", "member", 50)
    registry.add_nav("Mentoring", "mentoring.organiser_dashboard", "organiser", 60)
    registry.add_defaults(offers.ensure_settings)
    registry.add_settings_section("mentoring/_settings_section.html")
    registry.add_profile_grant(space.sees_paired_profile)
    home.register_panels(registry)
    registry.add_seeder(demo.seed_mentoring)
    from softlanding.blueprints.mentoring import privacy, suspension
    registry.add_privacy("mentoring", privacy.export, privacy.erase)
    registry.add_holdings(privacy.holdings)
    registry.add_suspension_hook(suspension.release_open_requests)
    cli.register(app)
