"""Change stamps (core/stamps.py): a value is computed once per change of the tables it reads, every
worker on a host and every instance sees a change, and sign-in bookkeeping renews nothing."""

import os
import socket
import time
import uuid

import pytest

from softlanding.blueprints.accounts.models import User
from softlanding.core import stamps
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from tests.factories import make_user


def test_another_worker_uses_the_stored_bytes_and_sees_the_change(app, tmp_path):
    """Two caches on one folder stand for two workers on a host: the second never builds the bytes, and
    sees the first one's change once its copy of the stamp (kept STAMP_SECONDS) is older than that."""
    first, second = (stamps.SharedCache(stamps.FileStore(tmp_path), stamp_seconds=0.3) for _ in range(2))
    assert first.shared_bytes("public--abc", lambda: b"BEGIN:VCALENDAR") == b"BEGIN:VCALENDAR"
    assert second.shared_bytes("public--abc", lambda: pytest.fail("built again")) == b"BEGIN:VCALENDAR"
    seen = second.value("public", "", lambda: "v1")
    assert second.value("public", "", lambda: "v2") == seen == "v1"
    first.bump({"public"})
    time.sleep(0.35)
    assert second.value("public", "", lambda: "v2") == "v2"


def _redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_instances_share_stamps_and_bytes_through_redis():
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("CI is set but Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    prefix = f"sltest-stamps-{uuid.uuid4().hex[:8]}"
    one, two = (stamps.SharedCache(stamps.RedisStore("redis://127.0.0.1:6379/0", prefix, {}), stamp_seconds=0)
                for _ in range(2))
    try:
        assert one.shared_bytes("public--e1", lambda: b"feed") == b"feed"
        assert two.shared_bytes("public--e1", lambda: pytest.fail("built again")) == b"feed"
        assert two.value("personal", "tok", lambda: "old") == "old"
        one.bump({"personal"})
        assert two.value("personal", "tok", lambda: "new") == "new"
    finally:
        keys = list(one.store.client.scan_iter(match=f"{prefix}*"))
        if keys:
            one.store.client.delete(*keys)


def _two_caches(store_of):
    return stamps.SharedCache(store_of(), stamp_seconds=0), stamps.SharedCache(store_of(), stamp_seconds=0)


@pytest.mark.parametrize("engine", ["folder", "redis"])
def test_one_commit_that_changes_several_kinds_renews_each_of_them_and_no_other(engine, tmp_path):
    """A booking changes what five kinds read: after its commit another worker recomputes each of those
    (the Redis store sends the new stamps in one round trip), and keeps the value of a kind not changed."""
    prefix = f"sltest-stamps-{uuid.uuid4().hex[:8]}"
    if engine == "redis":
        if not _redis_up():
            if os.environ.get("CI"):
                pytest.fail("CI is set but Redis is not reachable at 127.0.0.1:6379")
            pytest.skip("Redis is not running at 127.0.0.1:6379")
        one, two = _two_caches(lambda: stamps.RedisStore("redis://127.0.0.1:6379/0", prefix, {}))
    else:
        one, two = _two_caches(lambda: stamps.FileStore(tmp_path))
    try:
        for kind in ("public", "personal", "unread"):
            assert two.value(kind, "k", lambda: "old") == "old"
        one.bump({"public", "personal"})
        assert two.value("public", "k", lambda: "new") == "new"
        assert two.value("personal", "k", lambda: "new") == "new"
        assert two.value("unread", "k", lambda: "new") == "old"
    finally:
        if engine == "redis":
            keys = list(one.store.client.scan_iter(match=f"{prefix}*"))
            if keys:
                one.store.client.delete(*keys)


def test_a_value_of_a_kind_nobody_watches_is_refused(app):
    with app.app_context(), pytest.raises(KeyError, match="watch"):
        stamps.get_cache().value("never-watched", "", lambda: 1)


def test_a_value_expires_after_its_max_age(app):
    with app.app_context():
        cache = stamps.get_cache()
        assert cache.value("public", "age", lambda: "first", max_age=0.05) == "first"
        assert cache.value("public", "age", lambda: "second") == "first"
        time.sleep(0.06)
        assert cache.value("public", "age", lambda: "third") == "third"


def test_a_sign_in_renews_nothing_but_a_name_change_renews_what_reads_accounts(app):
    """Every sign-in writes the account row; only a real change to it (a new name) gives a new stamp."""
    with app.app_context():
        user_id = make_user(full_name="Amina Yusuf").id
        db.session.commit()
        cache = stamps.get_cache()
        before = cache.store.stamp("personal")
        db.session.get(User, user_id).last_login_at = utcnow()
        db.session.commit()
        assert cache.store.stamp("personal") == before
        db.session.get(User, user_id).full_name = "Amina Yusuf-Khan"
        db.session.commit()
        assert cache.store.stamp("personal") != before


def test_pages_read_the_reference_lists_once_per_change_not_once_per_page(app, login_as, count_queries):
    member = login_as("newcomer")
    assert member.get("/profile/edit").status_code == 200
    with count_queries(warm=True) as counter:
        assert member.get("/profile/edit").status_code == 200 and b"Wales" in member.get("/profile/edit").data
        assert member.get("/events/").status_code == 200
    assert [s for s in counter.statements if "ref_option" in s] == []


def test_a_change_renews_only_the_kinds_that_read_it(app):
    with app.app_context():
        cache = stamps.get_cache()
        assert cache.value("reference", "probe", lambda: "lists") == "lists"
        assert cache.value("personal", "probe", lambda: "feed") == "feed"
        cache.bump({"personal"})
        assert cache.value("reference", "probe", lambda: pytest.fail("recomputed")) == "lists"
        assert cache.value("personal", "probe", lambda: "feed again") == "feed again"


def test_a_transaction_sees_its_own_changes_and_a_rollback_leaves_nothing_kept(app):
    with app.app_context():
        cache = stamps.get_cache()
        assert cache.value("personal", "names", lambda: "before") == "before"
        make_user(full_name="Not yet committed")
        db.session.flush()
        # Until the commit moves the stamp, this transaction computes afresh and keeps nothing.
        assert cache.value("personal", "names", lambda: "with my change") == "with my change"
        db.session.rollback()
        assert cache.value("personal", "names", lambda: pytest.fail("recomputed")) == "before"


def test_the_browser_that_made_a_change_sees_it_next_even_on_a_worker_that_trusts_an_older_stamp(app, login_as):
    """Read your own writes: a commit gives its browser FRESH_COOKIE for a few seconds, and a request
    carrying it reads the stamps from the store, not the worker's trusted copy (kept STAMP_SECONDS)."""
    organiser = login_as("organiser")
    done = organiser.post("/account/logout-everywhere")
    fresh = [c for c in done.headers.getlist("Set-Cookie") if c.startswith(f"{stamps.FRESH_COOKIE}=")]
    assert len(fresh) == 1 and f"Max-Age={stamps.FRESH_SECONDS}" in fresh[0] and "HttpOnly" in fresh[0]
    assert not [c for c in login_as("newcomer").get("/events/").headers.getlist("Set-Cookie")
                if c.startswith(stamps.FRESH_COOKIE)]  # a page view changes nothing and gets none

    with app.app_context():
        worker = stamps.get_cache()  # this worker read the stamp a moment ago and trusts it
        worker.stamp_seconds = 60.0  # (for as long as the test takes, however slow the machine)
        try:
            assert worker.value("public", "page", lambda: "before") == "before"
            elsewhere = stamps.SharedCache(worker.store, stamp_seconds=0)  # another worker commits a change
            elsewhere.bump({"public"})
            with app.test_request_context("/events/"):
                assert worker.value("public", "page", lambda: "after") == "before"  # anyone else: a while old
            with app.test_request_context("/events/", headers={"Cookie": f"{stamps.FRESH_COOKIE}=1"}):
                assert worker.value("public", "page", lambda: "after") == "after"  # the browser that changed it
        finally:
            worker.stamp_seconds = stamps.STAMP_SECONDS


def test_a_refused_change_gives_no_fresh_cookie(app, login_as):
    organiser = login_as("organiser")
    refused = organiser.post("/events/new", data={"title": ""})
    assert refused.status_code in (200, 400, 422)
    assert not [c for c in refused.headers.getlist("Set-Cookie") if c.startswith(stamps.FRESH_COOKIE)]
