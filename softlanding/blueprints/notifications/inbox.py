"""The in-app notification list: paging, unread counts, marking read."""

from urllib.parse import urlsplit

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select, update

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.notifications.models import Notification
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import NotFound
from softlanding.core.extensions import db


def unread_count(user: User) -> int:
    """How many of the member's notifications are unread."""
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id,
                                                  Notification.read_at.is_(None))
    ) or 0


def notifications_page(user: User, page: int, per_page: int) -> Pagination:
    """One page of the member's notifications, newest first."""
    stmt = (select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def open_notification(user: User, notification_id: int) -> str:
    """Mark one of the member's own notifications read; returns the on-site path it points to."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound("No such notification.")
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.flush()
    return local_path(notification.link)


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the member read; returns how many changed."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)


def local_path(link: str | None) -> str:
    """The path (and query) of a stored absolute link, so a redirect never leaves this site."""
    if not link:
        return ""
    parts = urlsplit(link)
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    return path + (f"?{parts.query}" if parts.query else "")
