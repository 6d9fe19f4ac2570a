"""Soft Landing: a peer-support platform for IMG paediatricians in the UK."""

import logging
import os

from flask import Flask

from config import get_config

from .extensions import csrf, db, limiter, login_manager, migrate


def create_app(config_object=None):
    """Build the app: configuration, then one register_* step after another."""
    config_object = config_object or get_config()
    if hasattr(config_object, "validate"):
        config_object.validate()
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(config_object)
    app.config["SOFTLANDING_ENV"] = getattr(config_object, "ENV_NAME", "development")
    os.makedirs(app.instance_path, exist_ok=True)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_logging(app):
    """Plain INFO logging; request bodies, passwords and tokens are never logged."""
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def register_extensions(app):
    """Bind the unbound extensions to this app."""
    from . import models  # noqa: F401  (every table registered before create_all / Alembic)
    from .services.accounts import load_user

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)


def register_blueprints(app):
    """Register every area's blueprint (see softlanding/blueprints/__init__.py)."""
    from .blueprints import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_errorhandlers(app):
    """Error pages in the site's style for every status a user can meet."""
    from .blueprints.errors import register

    register(app)


def register_request_hooks(app):
    """Security headers, no-store for personal pages, inline mail delivery."""
    from .web import register

    register(app)


def register_template_helpers(app):
    """Filters and globals for templates (times in the viewer's zone, navigation, labels)."""
    from .templating import register

    register(app)


def register_cli(app):
    """flask commands: seed-reference, seed-demo, create-admin, ..."""
    from .cli import register

    register(app)
