"""Soft Landing: a peer-support platform for IMG paediatricians in the UK."""

from flask import Flask

from config import get_config
from softlanding.blueprints import (
    accounts,
    analysis,
    calendar,
    events,
    feedback,
    mentoring,
    notifications,
    profiles,
)
from softlanding.core import register_core

# Each domain's register(app) adds its blueprint, jobs, message kinds, navigation, settings sections,
# default rows and demo seeder. The order is the order of navigation ties, settings sections and demo
# seeding (later seeders use what earlier ones made).
DOMAINS = (accounts, profiles, events, calendar, feedback, mentoring, analysis, notifications)


def create_app(config_object=None):
    """Build the app: configuration, the core, then every domain in DOMAINS."""
    config_object = config_object or get_config()
    if hasattr(config_object, "validate"):
        config_object.validate()
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(config_object)
    app.config["SOFTLANDING_ENV"] = getattr(config_object, "ENV_NAME", "development")
    register_core(app)
    for domain in DOMAINS:
        domain.register(app)
    return app
