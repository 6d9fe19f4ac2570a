"""Sign-in, registration and reset are rate limited per client address and per account."""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _attempt(client, email, addr="10.0.0.1"):
    return client.post("/account/login", data={"email": email, "password": "not the password at all"},
                       environ_base={"REMOTE_ADDR": addr})


def test_per_client_address_limit_gives_a_clear_429_page(client):
    statuses = [_attempt(client, f"person{i}@example.org").status_code for i in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    page = _attempt(client, "someone@example.org")
    assert page.status_code == 429
    assert b"Too many attempts" in page.data
    assert page.headers["Retry-After"]
    # Another address is not affected.
    assert _attempt(client, "fresh@example.org", addr="10.0.0.2").status_code == 200


def test_per_account_limit_counts_failures_from_one_address(client):
    statuses = [_attempt(client, "Target@example.org", addr="10.0.1.1").status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    # Case does not dodge the account limit; other accounts from that address are unaffected.
    assert _attempt(client, "target@EXAMPLE.org", addr="10.0.1.1").status_code == 429
    assert _attempt(client, "other@example.org", addr="10.0.1.1").status_code == 200


def test_registration_and_reset_are_limited_too(client):
    for i in range(10):
        client.post("/account/forgot", data={"email": f"p{i}@example.org"}, environ_base={"REMOTE_ADDR": "10.9.0.1"})
    assert client.post("/account/forgot", data={"email": "x@example.org"},
                       environ_base={"REMOTE_ADDR": "10.9.0.1"}).status_code == 429
    for i in range(10):
        client.post("/account/register", data={"email": f"q{i}@example.org"}, environ_base={"REMOTE_ADDR": "10.9.0.2"})
    assert client.post("/account/register", data={"email": "y@example.org"},
                       environ_base={"REMOTE_ADDR": "10.9.0.2"}).status_code == 429


def _redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_limits_are_shared_through_redis_storage(tmp_path):
    """Production keeps counts in Redis: two app processes share one budget."""
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("CI is set but Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    prefix = f"sltest{os.getpid()}"
    script = textwrap.dedent(f"""
        import json, sys
        from config import TestingConfig
        from softlanding import create_app
        from softlanding.core.extensions import db
        class C(TestingConfig):
            SQLALCHEMY_DATABASE_URI = "sqlite:///{tmp_path}/r.db"
            RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
            RATELIMIT_KEY_PREFIX = "{prefix}"
            MAIL_DIR = "{tmp_path}/mail"
        app = create_app(C)
        with app.app_context():
            db.create_all()
        client = app.test_client()
        codes = [client.post("/account/login", data={{"email": f"a{{i}}@example.org", "password": "x" * 12}},
                             environ_base={{"REMOTE_ADDR": "10.5.5.5"}}).status_code for i in range(int(sys.argv[1]))]
        print(json.dumps(codes))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run([sys.executable, "-c", script, "6"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    second = subprocess.run([sys.executable, "-c", script, "5"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    codes = json.loads(first.stdout.strip().splitlines()[-1]) + json.loads(second.stdout.strip().splitlines()[-1])
    assert codes[:10] == [200] * 10 and codes[10] == 429
    import redis

    r = redis.Redis(host="127.0.0.1", port=6379)
    keys = list(r.scan_iter(f"LIMITS:LIMITER/{prefix}/*"))
    assert keys, "the counts should live in Redis"
    r.delete(*keys)


def test_limits_slide_so_a_new_window_does_not_double_the_allowance(client, monkeypatch):
    """One failure, four more 55 s later, two more just after the first minute: the last is refused, because
    five failures fell within the last minute (a fixed window would have started afresh and allowed both)."""
    import limits.storage.memory as memory

    clock = {"now": 1_000_000.0}
    monkeypatch.setattr(memory.time, "time", lambda: clock["now"])

    def attempt_at(seconds):
        clock["now"] = 1_000_000.0 + seconds
        return _attempt(client, "edge@example.org", addr="10.0.3.1").status_code

    statuses = [attempt_at(0)] + [attempt_at(55 + n / 10) for n in range(4)] + [attempt_at(60.5), attempt_at(60.6)]
    assert statuses == [200] * 6 + [429]


def test_a_database_error_while_keying_the_limit_does_not_switch_the_limiter_off(client, monkeypatch):
    """Seen: a sign-in during a database outage made the limiter think its storage had died and fall back,
    splitting its counts, so the next person's eleventh try went through."""
    from sqlalchemy.exc import OperationalError

    from softlanding.blueprints.accounts import users

    real_epoch = users.sign_in_epoch

    def database_down(email):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(users, "sign_in_epoch", database_down)
    _attempt(client, "during@example.org", addr="10.0.4.1")
    monkeypatch.setattr(users, "sign_in_epoch", real_epoch)
    statuses = [_attempt(client, f"after{i}@example.org", addr="10.0.4.2").status_code for i in range(5)]
    time.sleep(1.2)  # long enough for a limiter that fell back to look at its storage again and switch back
    statuses += [_attempt(client, f"later{i}@example.org", addr="10.0.4.2").status_code for i in range(6)]
    assert statuses == [200] * 10 + [429]
