"""Profiles: a member's own profile and settings page; other members' profiles as visibility allows."""


def register(app):
    """Attach the profiles blueprint, nav and the demo community seeder."""
    from softlanding.blueprints.profiles import demo, home, routes  # noqa: F401  (views)
    from softlanding.blueprints.profiles.blueprint import bp
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    registry = get_registry(app)
    registry.add_nav("My profile", "profiles.me", "member", 90)
    registry.add_seeder(demo.seed_community)
    from softlanding.blueprints.profiles import privacy
    registry.add_privacy("profile", privacy.export, privacy.erase)
    home.register_panels(registry)
