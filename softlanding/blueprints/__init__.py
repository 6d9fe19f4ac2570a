"""Blueprints, one per area. Each area adds its import and list entry here."""

from .admin.routes import bp as admin_bp
from .auth.routes import bp as auth_bp
from .main.routes import bp as main_bp
from .profiles.routes import bp as profiles_bp

BLUEPRINTS = [main_bp, auth_bp, profiles_bp, admin_bp]
