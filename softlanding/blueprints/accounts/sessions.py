"""Sign-ins: each one is a LoginSession row whose key rides in the session and remember cookies.

Signing out ends the row, so the cookies of that sign-in (however copied) are refused afterwards;
rotating the user's session token ends every sign-in at once (sign out everywhere, suspension).

The signed-in viewer (account, roles, profile, and whether the sign-in is open) is read on every page. A
page view (GET or HEAD) takes it from a copy this process keeps under the "viewer" change stamp: a commit
that changes an account, a role, a profile or a sign-in (signing out, sign out everywhere, a password
change, suspension, erasure) renews it, on this worker at once and on every other worker and instance
within the stamp's second. Anything that changes state (every POST) reads the viewer from the database.
"""

import copy
import pickle
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from flask import current_app, has_request_context, request
from sqlalchemy import JSON, BindParameter, String, bindparam, delete, exists, or_, select, true, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapper, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from softlanding.blueprints.accounts.models import LoginSession, User, new_session_token
from softlanding.core import stamps
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.extensions import db

VIEWER_KIND = "viewer"
VIEWER_TABLES = frozenset({"user", "user_role", "profile", "login_session"})
VIEWER_SECONDS = 30.0  # a change made outside the ORM (SQL by hand) is seen within this time
VIEWERS_KEPT = 2_000  # signed-in viewers a process keeps (a few KB each)


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
    if not (has_request_context() and request.method in ("GET", "HEAD")):
        return _viewer(parts)
    kept = stamps.get_cache().value(VIEWER_KIND, str(session_id), lambda: _kept_copy(_viewer(parts)),
                                    max_age=VIEWER_SECONDS, keep=VIEWERS_KEPT)
    return None if kept is None else _in_this_session(kept)


def _viewer(parts: list[str]) -> User | None:
    """The viewer from the database: one statement with the roles and profile every page reads, and
    whether this sign-in is still open."""
    params = {"user_id": int(parts[0]), "key": parts[2]} if len(parts) == 3 else {"user_id": int(parts[0])}
    row = db.session.execute(_viewer_statement(len(parts) == 3), params).unique().first()
    if row is None or not row[1]:
        return None
    user = row[0]
    return user if user.session_token == parts[1] and user.is_active else None


def _kept_copy(user: User | None) -> User | None:
    """What the process keeps of a viewer: a copy of the loaded account, roles and profile that belongs
    to no session (SQLAlchemy's own pickling; the request's instance stays its own), or None for a
    refused cookie."""
    return None if user is None else pickle.loads(pickle.dumps(user))


def _in_this_session(kept: User) -> User:
    """The kept viewer as an instance of this request's session, loaded as from a query: merge copies its
    values onto a new instance (no statement); a JSON value (a list, a dict) is copied too, so nothing the
    request does to its instance can reach the kept one."""
    user = db.session.merge(kept, load=False)
    for instance in (user, user.profile):
        if instance is not None:
            for key in _json_attributes(type(instance)):
                if key in instance.__dict__:
                    set_committed_value(instance, key, copy.deepcopy(instance.__dict__[key]))
    return user


@cache
def _json_attributes(cls: type) -> tuple[str, ...]:
    """The attributes of a mapped class whose values are JSON (mutable lists and dicts)."""
    mapper: Mapper[Any] = sa_inspect(cls)
    return tuple(attr.key for attr in mapper.column_attrs if isinstance(attr.columns[0].type, JSON))


@cache
def _viewer_statement(with_key: bool):
    """The signed-in viewer's statement, built once per process with bound parameters: a statement
    object that is reused keeps its cache key, so a request neither rebuilds nor re-keys it."""
    signed_in = open_clause(User.id, bindparam("key", type_=String())) if with_key else true()
    return select(User, signed_in).where(User.id == bindparam("user_id")).options(
        joinedload(User.role_rows), joinedload(User.profile))
