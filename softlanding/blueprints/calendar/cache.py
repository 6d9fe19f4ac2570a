"""The feeds' shared cache: change stamps, validators computed once per change, the public feed's bytes.

A feed's validator is an aggregate over the events it shows (feeds.py). Computing it costs a query over
thousands of rows, so a poll that ends in 304 would cost as much as a page. Instead every commit that
touches what a feed shows (events, hosts, bookings, feed tokens, a deactivated account, reference
labels) bumps a change stamp after it committed; a request reads the stamp (one Redis GET, or one small
file read on a single host) and reuses the validator computed under the same stamp. A stamp older than
VALIDATOR_SECONDS is recomputed anyway: the feeds' 8-week window moves with the clock, and a write made
outside the ORM (raw SQL by hand) is picked up within that time.

The public feed's bytes are stored under their ETag (content-addressed, so never stale) in Redis when
the rate limits use it (every worker and instance shares them), else in a folder under instance/
(every worker on the host). Nothing here writes to the database: GETs still never write.
"""

import logging
import os
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

VALIDATOR_SECONDS = 60.0
# How long a process trusts the stamp it last read: a poll then costs no round trip at all (on a busy
# host every round trip, even to Redis, can wait a scheduler time slice). Another instance's change is
# seen within this time; the committing process sees its own at once.
STAMP_SECONDS = 1.0
BYTES_TTL_SECONDS = 24 * 3600
LOCAL_VALIDATORS = 20_000  # entries per process before the map is emptied (one per feed polled)
# What each stamp depends on. Bookings change personal feeds only: the public feed shows no counts.
PUBLIC_TABLES = frozenset({"event", "ref_option"})
PERSONAL_TABLES = frozenset({"event", "event_host", "booking", "calendar_feed_token", "user", "ref_option"})
_EXTENSION = "softlanding_feed_cache"


class FileStore:
    """Stamps and bytes in files under one folder: shared by every worker on this host."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _write(self, name: str, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, self.folder / name)  # atomic: a reader sees the old file or the new one

    def stamp(self, kind: str) -> str:
        """The current stamp of `kind` ("" before the first change)."""
        try:
            return (self.folder / f"stamp-{kind}").read_text()
        except FileNotFoundError:
            return ""

    def bump(self, kind: str) -> None:
        """A new stamp: every validator computed under the old one is recomputed."""
        self._write(f"stamp-{kind}", secrets.token_hex(8).encode())

    def get(self, key: str) -> bytes | None:
        """Stored bytes, or None."""
        try:
            return (self.folder / f"bytes-{key}").read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Store bytes under a content key (older files of the same feed are removed)."""
        prefix = key.rsplit("-", 1)[0]
        for old in self.folder.glob(f"bytes-{prefix}-*"):
            old.unlink(missing_ok=True)
        self._write(f"bytes-{key}", data)


class RedisStore:
    """Stamps and bytes in Redis: shared by every worker of every instance."""

    def __init__(self, url: str, prefix: str, options: dict[str, Any]):
        import redis

        self.client = redis.Redis.from_url(url, **options)
        self.prefix = f"{prefix}:feeds:"

    def stamp(self, kind: str) -> str:
        """The current stamp of `kind`."""
        value = self.client.get(self.prefix + "stamp:" + kind)
        return value.decode() if isinstance(value, bytes) else ""

    def bump(self, kind: str) -> None:
        """A new stamp."""
        self.client.incr(self.prefix + "stamp:" + kind)

    def get(self, key: str) -> bytes | None:
        """Stored bytes, or None."""
        value = self.client.get(self.prefix + "bytes:" + key)
        return value if isinstance(value, bytes) else None

    def put(self, key: str, data: bytes) -> None:
        """Store bytes for a day (the key is an ETag: an old one is simply never asked for again)."""
        self.client.set(self.prefix + "bytes:" + key, data, ex=BYTES_TTL_SECONDS)


class FeedCache:
    """One app's view of the shared store, with this process's validators and a few rendered feeds."""

    def __init__(self, store: FileStore | RedisStore, stamp_seconds: float = STAMP_SECONDS):
        self.store = store
        self.stamp_seconds = stamp_seconds
        self.stamps: dict[str, tuple[str, float]] = {}
        self.validators: dict[tuple[str, str], tuple[str, float, Any]] = {}
        self.recent: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()
        self.down_until = 0.0

    def _stamp(self, kind: str) -> str | None:
        now = time.monotonic()
        if now < self.down_until:
            return None
        known = self.stamps.get(kind)
        if known is not None and known[1] > now:
            return known[0]
        try:
            stamp = self.store.stamp(kind)
            self.stamps[kind] = (stamp, now + self.stamp_seconds)
            return stamp
        except Exception:  # noqa: BLE001  a store that fails means computing from the database, never a 500
            log.warning("feed cache unavailable; validators come from the database for 30 s")
            self.down_until = time.monotonic() + 30
            return None

    def validator(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        """The value `compute` gave under the current stamp of `kind`, computing it once per change."""
        stamp = self._stamp(kind)
        if stamp is None:
            return compute()
        found = self.validators.get((kind, key))
        if found is not None and found[0] == stamp and found[1] > time.monotonic():
            return found[2]
        value = compute()
        if len(self.validators) >= LOCAL_VALIDATORS:
            self.validators.clear()
        self.validators[(kind, key)] = (stamp, time.monotonic() + VALIDATOR_SECONDS, value)
        return value

    def feed_bytes(self, key: str, build: Callable[[], bytes]) -> bytes:
        """The bytes stored under `key` (an ETag), building and storing them on the first request only."""
        with self.lock:
            data = self.recent.get(key)
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
            while len(self.recent) > 8:
                self.recent.popitem(last=False)
        return data

    def bump(self, kinds: set[str]) -> None:
        """New stamps for `kinds`, after a commit changed what those feeds show."""
        for kind in sorted(kinds):
            try:
                self.store.bump(kind)
            except Exception:  # noqa: BLE001  the validators then live at most VALIDATOR_SECONDS
                log.warning("feed cache unavailable; a change reaches feeds within %s s", VALIDATOR_SECONDS)
        self.stamps.clear()
        self.validators.clear()


def make_cache(app) -> FeedCache:
    """Redis when the rate limits use it, else a folder in the instance directory."""
    uri = str(app.config.get("RATELIMIT_STORAGE_URI") or "")
    if uri.startswith(("redis://", "rediss://")):
        options = app.config.get("RATELIMIT_STORAGE_OPTIONS") or {}
        store: FileStore | RedisStore = RedisStore(uri, app.config.get("RATELIMIT_KEY_PREFIX") or "softlanding",
                                                   dict(options))
    else:
        store = FileStore(Path(app.instance_path) / "feed-cache")
    return FeedCache(store)


def get_cache() -> FeedCache:
    """The current app's feed cache."""
    from flask import current_app

    return current_app.extensions[_EXTENSION]


# Change detection --------------------------------------------------------------------------------

def _changed_tables(session: Session) -> set[str]:
    tables = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(obj), "__tablename__", None)
        if table == "user" and obj in session.dirty:
            # Every sign-in updates the account row; only (de)activation changes a feed.
            if not inspect(obj).attrs.is_active_account.history.has_changes():
                continue
        if table:
            tables.add(table)
    return tables


def _note(session: Session, tables: set[str]) -> None:
    kinds = session.info.setdefault("feed_changes", set())
    if tables & PUBLIC_TABLES:
        kinds.add("public")
    if tables & PERSONAL_TABLES:
        kinds.add("personal")


def _after_flush(session, flush_context):
    _note(session, _changed_tables(session))


def _do_orm_execute(state):
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if name:
            _note(state.session, {name})


def _after_commit(session):
    kinds = session.info.pop("feed_changes", None)
    if not kinds:
        return
    from flask import current_app, has_app_context

    if has_app_context() and _EXTENSION in current_app.extensions:
        current_app.extensions[_EXTENSION].bump(kinds)


def _after_rollback(session, previous_transaction):
    if previous_transaction.parent is None:  # the whole transaction went; a savepoint's undo keeps the notes
        session.info.pop("feed_changes", None)


def install(app) -> None:
    """Give the app its feed cache and listen (once per process) for commits that change feeds."""
    app.extensions[_EXTENSION] = make_cache(app)
    for name, listener in (("after_flush", _after_flush), ("do_orm_execute", _do_orm_execute),
                           ("after_commit", _after_commit), ("after_soft_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
