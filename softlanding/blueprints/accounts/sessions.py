"""Sign-ins: each one is a LoginSession row whose key rides in the session and remember cookies.

Signing out ends the row, so the cookies of that sign-in (however copied) are refused afterwards;
rotating the user's session token ends every sign-in at once (sign out everywhere, suspension).
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from softlanding.blueprints.accounts.models import LoginSession, User, new_session_token
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.extensions import db


def start(user: User) -> User:
    """Open a sign-in for `user`; their get_id() now names it (call login_user next)."""
    key = secrets.token_urlsafe(24)
    db.session.add(LoginSession(key=key, user_id=user.id))
    db.session.flush()
    user.login_key = key  # transient: read by get_id at login_user
    return user


def end(login_id: str | None) -> None:
    """End the sign-in named by a Flask-Login id (`user:token:key`); ids without a key end nothing."""
    parts = (login_id or "").split(":")
    if len(parts) == 3 and parts[2]:
        db.session.execute(update(LoginSession).where(LoginSession.key == parts[2],
                                                      LoginSession.ended_at.is_(None)).values(ended_at=utcnow()))


def end_all(user: User) -> None:
    """End every sign-in of `user` on every device."""
    user.session_token = new_session_token()
    db.session.execute(update(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.ended_at.is_(None)).values(ended_at=utcnow()))
    db.session.flush()


def is_open(user_id: int, key: str) -> bool:
    """True if the sign-in `key` of `user_id` has not been ended."""
    return db.session.scalar(select(LoginSession.id).where(
        LoginSession.key == key, LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))) is not None


def prune(now: datetime, keep: timedelta = timedelta(days=31)) -> int:
    """Forget sign-ins ended, or begun, longer ago than the longest remember cookie."""
    cutoff = now - keep
    result = db.session.execute(delete(LoginSession).where(
        or_(LoginSession.ended_at < cutoff, LoginSession.created_at < cutoff)))
    return rows_changed(result)
