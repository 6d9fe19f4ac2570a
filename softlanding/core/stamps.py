"""Change stamps: values computed once per change of the tables they read, shared by workers and instances.

A page or feed that reads thousands of rows (a feed's validator, a mentor's suggestion scores, the impact
report's figures) registers a *kind* with the tables it reads (`watch`). Every commit that touches one
of those tables bumps the kind's stamp after it committed; a request reads the stamp (one Redis GET, or
one small file read on a single host, at most once per STAMP_SECONDS per process) and reuses the value
computed under the same stamp (`SharedCache.value`). A value older than its max age is recomputed
anyway: what depends on the clock (a feed's 8-week window, "waiting for 3 days") moves on, and a write
made outside the ORM (raw SQL by hand) is picked up within that time.

The browser whose request committed a change reads the stamps afresh for a few seconds (FRESH_COOKIE), so
the page it is sent to next shows that change whichever worker or instance serves it.

Bytes worth sharing between processes (the public feed) are stored under a content key (an ETag, so
never stale) in Redis when the rate limits use it (every worker and instance shares them), else in a
folder under instance/ (every worker on the host). Nothing here writes to the database: GETs still never
write.
"""

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app, g, has_app_context, has_request_context, request
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from softlanding.core.extensions import db
from softlanding.core.stamp_stores import FileStore, RedisStore

log = logging.getLogger(__name__)

VALUE_SECONDS = 60.0
# How long a process trusts the stamp it last read: a poll then costs no round trip at all (on a busy
# host every round trip, even to Redis, can wait a scheduler time slice). Another instance's change is
# seen within this time; the committing process sees its own at once.
STAMP_SECONDS = 1.0
LOCAL_VALUES = 20_000  # entries per kind and process before its map is emptied (one per feed, per newcomer)
# Columns of the account row that sign-in and the retention job write: they change what no cached value
# shows, and every sign-in writes them, so they bump no stamp. (The session token is not among them: a
# new one ends every sign-in of the account, which the kept viewers must see.)
BOOKKEEPING_USER_COLUMNS = frozenset({"last_login_at", "inactivity_warned_at", "password_hash"})
# Tables whose new rows change no kept value: a new sign-in has a key of its own, which no kept viewer
# holds (ending one, an UPDATE, renews the viewers). So a sign-in renews nothing.
NEW_ROWS_RENEW_NOTHING = frozenset({"login_session"})
# A browser whose request changed something gets this cookie for a few seconds: its next requests read the
# stamps from the store instead of this process's trusted copy, so the page it is sent to next shows its
# own change even from another worker or instance (read your own writes). It holds nothing but "1".
FRESH_COOKIE = "sl_fresh"
FRESH_SECONDS = 3
PROCESS_BYTES = 64  # byte strings (feeds) a process keeps: the public ones and the most polled personal ones
_EXTENSION = "softlanding_shared_cache"
# kind -> the tables its values read; filled by each domain's register(app) through watch().
WATCHED: dict[str, frozenset[str]] = {}


def watch(kind: str, tables: set[str] | frozenset[str]) -> None:
    """Declare that values of `kind` read `tables`: a commit touching any of them gives the kind a new stamp."""
    WATCHED[kind] = frozenset(WATCHED.get(kind, frozenset()) | set(tables))


class SharedCache:
    """One app's view of the shared store, with this process's values and a few shared byte strings."""

    def __init__(self, store: FileStore | RedisStore, stamp_seconds: float = STAMP_SECONDS):
        self.store = store
        self.stamp_seconds = stamp_seconds
        self.stamps: dict[str, tuple[str, float]] = {}
        self.values: dict[str, dict[str, tuple[str, float, Any]]] = {}  # kind -> key -> (stamp, until, value)
        self.recent: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()
        self.down_until = 0.0

    def _stamp(self, kind: str) -> str | None:
        now = time.monotonic()
        if now < self.down_until:
            return None
        known = self.stamps.get(kind)
        if known is not None and known[1] > now and not _after_own_change():
            return known[0]
        try:
            stamp = self.store.stamp(kind)
            self.stamps[kind] = (stamp, now + self.stamp_seconds)
            return stamp
        except Exception:  # noqa: BLE001  a store that fails means computing from the database, never a 500
            log.warning("shared cache unavailable; values come from the database for 30 s")
            self.down_until = time.monotonic() + 30
            return None

    def value(self, kind: str, key: str, compute: Callable[[], Any],
              max_age: float | Callable[[Any], float] = VALUE_SECONDS, keep: int = LOCAL_VALUES) -> Any:
        """The value `compute` gave under the current stamp of `kind`, computing it once per change.

        `max_age` may be a function of the computed value (a value that knows when the clock will change
        it). The value is kept in this process, among at most `keep` of its kind, and handed out as it
        is: callers must not change it. While
        this transaction has changes of its own in the tables the kind reads, the value is computed
        afresh and not kept: a stamp moves only when a commit lands, so a kept value would hide the
        transaction's own writes from it, and one computed from them would outlive a rollback.
        """
        if kind not in WATCHED:
            raise KeyError(f"no watch() for the kind {kind!r}: its values would never be renewed")
        if _changed_here(kind):
            return compute()
        stamp = self._stamp(kind)
        if stamp is None:
            return compute()
        kept = self.values.setdefault(kind, {})
        found = kept.get(key)
        if found is not None and found[0] == stamp and found[1] > time.monotonic():
            return found[2]
        value = compute()
        if len(kept) >= keep:
            kept.clear()
        seconds = max_age(value) if callable(max_age) else max_age
        kept[key] = (stamp, time.monotonic() + seconds, value)
        return value

    def shared_bytes(self, key: str, build: Callable[[], bytes], share: bool = True) -> bytes:
        """The bytes stored under `key` (an ETag), building and storing them on the first request only.

        With share=False they stay in this process's memory only (one person's data: never in Redis or
        a file), among the PROCESS_BYTES most recently asked for.
        """
        with self.lock:
            data = self.recent.get(key)
        if data is None and not share:
            data = build()
        if data is None and time.monotonic() >= self.down_until:
            try:
                data = self.store.get(key)
            except Exception:  # noqa: BLE001
                self.down_until = time.monotonic() + 30
        if data is None:
            data = build()
            try:
                if time.monotonic() >= self.down_until:
                    self.store.put(key, data)
            except Exception:  # noqa: BLE001
                self.down_until = time.monotonic() + 30
        with self.lock:
            self.recent[key] = data
            self.recent.move_to_end(key)
            while len(self.recent) > PROCESS_BYTES:
                self.recent.popitem(last=False)
        return data

    def forget(self) -> None:
        """Drop what this process keeps, as a newly started worker has nothing (tests count from there)."""
        self.stamps.clear()
        self.values.clear()
        with self.lock:
            self.recent.clear()

    def bump(self, kinds: set[str]) -> None:
        """New stamps for `kinds`, after a commit changed what their values read."""
        try:
            self.store.bump_all(sorted(kinds))
        except Exception:  # noqa: BLE001  the values then live at most their max age
            log.warning("shared cache unavailable; a change is seen within %s s", VALUE_SECONDS)
        for kind in kinds:  # this process sees its own change at once; other kinds' values stay
            self.stamps.pop(kind, None)
            self.values.pop(kind, None)
        if has_request_context():
            g.stamps_bumped = True


def _after_own_change() -> bool:
    """True on a request from a browser that changed something a moment ago (FRESH_COOKIE)."""
    return has_request_context() and FRESH_COOKIE in request.cookies


def mark_own_change(response: Any) -> Any:
    """After a request's commit moved stamps: give its browser FRESH_COOKIE for FRESH_SECONDS."""
    if g.pop("stamps_bumped", False):
        cfg = current_app.config
        response.set_cookie(FRESH_COOKIE, "1", max_age=FRESH_SECONDS, httponly=True, samesite="Lax",
                            secure=bool(cfg.get("SESSION_COOKIE_SECURE")))
    return response


def make_cache(app) -> SharedCache:
    """Redis when the rate limits use it, else a folder in the instance directory."""
    uri = str(app.config.get("RATELIMIT_STORAGE_URI") or "")
    if uri.startswith(("redis://", "rediss://")):
        options = app.config.get("RATELIMIT_STORAGE_OPTIONS") or {}
        store: FileStore | RedisStore = RedisStore(uri, app.config.get("RATELIMIT_KEY_PREFIX") or "softlanding",
                                                   dict(options))
    else:
        store = FileStore(Path(app.instance_path) / "shared-cache")
    return SharedCache(store)


def get_cache() -> SharedCache:
    """The current app's shared cache."""
    return current_app.extensions[_EXTENSION]


# Change detection --------------------------------------------------------------------------------

def _changed_tables(session: Session) -> set[str]:
    tables = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(obj), "__tablename__", None)
        if table in NEW_ROWS_RENEW_NOTHING and obj in session.new:
            continue
        if table == "user" and obj in session.dirty:
            # Every sign-in updates the account row: only a change beyond that bookkeeping counts.
            state = inspect(obj)
            columns = set(state.mapper.column_attrs.keys()) - BOOKKEEPING_USER_COLUMNS
            if not any(state.attrs[key].history.has_changes() for key in columns):
                continue
        if table:
            tables.add(table)
    return tables


def _changed_here(kind: str) -> bool:
    """True while the request's transaction has flushed or pending changes that `kind` reads."""
    if not has_app_context():
        return False
    session = db.session()
    if kind in session.info.get("stamp_changes", ()):
        return True
    return bool((session.new or session.dirty or session.deleted) and WATCHED[kind] & _changed_tables(session))


def _note(session: Session, tables: set[str]) -> None:
    kinds = session.info.setdefault("stamp_changes", set())
    kinds.update(kind for kind, watched in WATCHED.items() if tables & watched)


def _after_flush(session, flush_context):
    _note(session, _changed_tables(session))


def _do_orm_execute(state):
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if name:
            _note(state.session, {name})


def _after_commit(session):
    kinds = session.info.pop("stamp_changes", None)
    if not kinds:
        return
    if has_app_context() and _EXTENSION in current_app.extensions:
        current_app.extensions[_EXTENSION].bump(kinds)


def _after_rollback(session, previous_transaction):
    if previous_transaction.parent is None:  # the whole transaction went; a savepoint's undo keeps the notes
        session.info.pop("stamp_changes", None)


def install(app) -> None:
    """Give the app its shared cache and listen (once per process) for commits that change watched tables."""
    app.extensions[_EXTENSION] = make_cache(app)
    for name, listener in (("after_flush", _after_flush), ("do_orm_execute", _do_orm_execute),
                           ("after_commit", _after_commit), ("after_soft_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
