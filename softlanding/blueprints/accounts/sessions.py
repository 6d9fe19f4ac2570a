"""Sign-ins: each one is a LoginSession row whose key rides in the session and remember cookies.

Signing out ends the row, so the cookies of that sign-in (however copied) are refused afterwards;
rotating the user's session token ends every sign-in at once (sign out everywhere, suspension).
"""

import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import BindParameter, String, bindparam, delete, exists, or_, select, true, update
from sqlalchemy.orm import joinedload

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


def open_clause(user_id, key: str | BindParameter[str]):
    """A SQL truth value: the sign-in `key` (a value or a bound parameter) of `user_id` (a value or a column)
    has not been ended."""
    return exists().where(LoginSession.key == key, LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))


def is_open(user_id: int, key: str) -> bool:
    """True if the sign-in `key` of `user_id` has not been ended."""
    return bool(db.session.scalar(select(open_clause(user_id, key))))


def prune(now: datetime, keep: timedelta = timedelta(days=31)) -> int:
    """Forget sign-ins ended, or begun, longer ago than the longest remember cookie."""
    cutoff = now - keep
    result = db.session.execute(delete(LoginSession).where(
        or_(LoginSession.ended_at < cutoff, LoginSession.created_at < cutoff)))
    return rows_changed(result)


def load_user(session_id: str | None) -> User | None:
    """Flask-Login loader: `id:session_token[:login_key]`; a stale token, an ended sign-in or a
    suspended or erased account yields None (signed out)."""
    parts = (session_id or "").split(":")
    if len(parts) not in (2, 3) or not parts[0].isdigit() or not parts[1] or len(parts[0]) > 18:
        return None
    if len(parts) == 2 and not current_app.config.get("ACCEPT_SIGN_INS_WITHOUT_KEY"):
        return None  # every sign-in through the form has a key; a cookie without one cannot be signed out
    # One statement per signed-in request: the account with the roles and profile every page reads, and
    # whether this sign-in is still open.
    params = {"user_id": int(parts[0]), "key": parts[2]} if len(parts) == 3 else {"user_id": int(parts[0])}
    row = db.session.execute(_viewer_statement(len(parts) == 3), params).unique().first()
    if row is None or not row[1]:
        return None
    user = row[0]
    return user if user.session_token == parts[1] and user.is_active else None


@cache
def _viewer_statement(with_key: bool):
    """The signed-in viewer's statement, built once per process with bound parameters: a statement
    object that is reused keeps its cache key, so a request neither rebuilds nor re-keys it."""
    signed_in = open_clause(User.id, bindparam("key", type_=String())) if with_key else true()
    return select(User, signed_in).where(User.id == bindparam("user_id")).options(
        joinedload(User.role_rows), joinedload(User.profile))
