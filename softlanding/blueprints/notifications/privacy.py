"""Notifications' part of "download my data" and of erasure: in-app notifications and email choices."""

from typing import Any

from sqlalchemy import delete, select

from softlanding.blueprints.notifications.models import Notification, NotificationPreference
from softlanding.core.extensions import db


def export(user: Any) -> dict[str, Any]:
    """Every notification of the member and their email preferences."""
    notes = _rows(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    prefs = _rows(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    return {
        "notifications": [{"kind": n.kind, "message": n.message, "link": n.link,
                           "created_at": n.created_at.isoformat(),
                           "read_at": n.read_at.isoformat() if n.read_at else None} for n in notes],
        "email_preferences": {p.kind: p.email_enabled for p in prefs},
    }


def erase(user: Any, context: Any) -> None:
    """Delete the member's notifications and preferences."""
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(NotificationPreference).where(NotificationPreference.user_id == user.id))


def _rows(stmt):
    """Rows of a select, as a list."""
    return list(db.session.scalars(stmt))
