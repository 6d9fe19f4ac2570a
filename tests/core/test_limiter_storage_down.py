"""A Redis that refuses or hangs degrades the limits to this process's memory; it never breaks sign-in."""

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# In a fresh interpreter: the limiter is one object per process, so a broken store must not leak into the
# suite's app. Signs in 12 times from one address ("sign-in"), timing each POST, then asks /readyz.
SCRIPT = textwrap.dedent("""
    import json, logging, sys, time
    from config import TestingConfig
    from softlanding import create_app
    from softlanding.core.extensions import db

    warnings = []
    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING and record.name == "flask-limiter":
                warnings.append(record.getMessage())
    logging.getLogger("flask-limiter").addHandler(Collect())

    class C(TestingConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + sys.argv[1] + "/r.db"
        MAIL_DIR = sys.argv[1] + "/mail"
        RATELIMIT_STORAGE_URI = sys.argv[2]
        RATELIMIT_STORAGE_OPTIONS = {**TestingConfig.RATELIMIT_STORAGE_OPTIONS}
    app = create_app(C)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    results = []
    for i in range(12 if sys.argv[3] == "sign-in" else 0):
        started = time.monotonic()
        status = client.post("/account/login", data={"email": f"a{i}@example.org", "password": "x" * 12},
                             environ_base={"REMOTE_ADDR": "10.5.5.5"}).status_code
        results.append([status, time.monotonic() - started])
    started = time.monotonic()
    ready = client.get("/readyz")
    print(json.dumps({"sign_ins": results, "warnings": warnings, "ready": [ready.status_code, ready.get_json(),
                                                                            time.monotonic() - started]}))
""")


def _run(tmp_path, storage_uri, what="sign-in"):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), storage_uri, what], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_redis():
    """A socket on 127.0.0.1 that accepts connections and never answers (a hung Redis)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for conn in held:
        conn.close()
    server.close()


def _assert_degraded(outcome):
    statuses = [status for status, _ in outcome["sign_ins"]]
    slowest = max(seconds for _, seconds in outcome["sign_ins"])
    print(f"sign-in POSTs: slowest {slowest:.2f} s; /readyz {outcome['ready'][2]:.2f} s")
    assert statuses[:10] == [200] * 10, statuses  # sign-in keeps answering (the wrong password), no 500
    assert statuses[10:] == [429, 429], statuses  # and the limits still hold, counted in memory
    assert slowest < 5.0  # not the 30 s a hanging store used to hold each sign-in for (about 1 s here)
    assert len(outcome["warnings"]) == 1 and "falling back to in-memory" in outcome["warnings"][0]
    status, body, seconds = outcome["ready"]
    assert status == 503 and body["down"] == ["redis"] and body["database"] == "ok"
    assert seconds < 5.0  # short timeouts: never the 40 s /healthz took against a hanging store


def test_redis_refusing_connections(tmp_path):
    _assert_degraded(_run(tmp_path, f"redis://127.0.0.1:{_closed_port()}/0"))


def test_redis_that_accepts_and_never_answers(tmp_path, silent_redis):
    _assert_degraded(_run(tmp_path, f"redis://127.0.0.1:{silent_redis}/0"))


def test_readyz_is_200_when_redis_answers(tmp_path):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    # Only /readyz: no counts are left in the shared Redis.
    status, body, _ = _run(tmp_path, "redis://127.0.0.1:6379/0", what="ready")["ready"]
    assert status == 200 and body == {"status": "ok", "database": "ok", "redis": "ok", "down": []}
