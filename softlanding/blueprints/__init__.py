"""Blueprints, one per area. Each area adds its import and list entry here."""

from .admin.routes import bp as admin_bp
from .analysis.routes import bp as analysis_bp
from .auth.routes import bp as auth_bp
from .calendar.routes import bp as calendar_bp
from .events import bp as events_bp
from .feedback import bp as feedback_bp
from .main.routes import bp as main_bp
from .mentoring.routes import bp as mentoring_bp
from .notifications.outbox import bp as outbox_bp
from .notifications.routes import bp as notifications_bp
from .profiles.routes import bp as profiles_bp

BLUEPRINTS = [main_bp, auth_bp, profiles_bp, admin_bp, events_bp, notifications_bp, outbox_bp, feedback_bp,
              calendar_bp, analysis_bp, mentoring_bp]
