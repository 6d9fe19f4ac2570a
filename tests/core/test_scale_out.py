"""Two app instances and two job runners on one PostgreSQL and one Redis (bench/http/scaleout.py).

Runs where both are reachable on 127.0.0.1 (CI has both; there a missing one is a failure, not a skip):
a member signed in on one instance is signed in on the other, a rate limit counts both instances'
attempts, bookings split across both stay exact, and two runners send every message exactly once.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _up(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.concurrency
def test_two_instances_and_two_runners_share_sessions_limits_bookings_and_the_outbox():
    missing = [name for name, port in (("PostgreSQL", 5432), ("Redis", 6379)) if not _up(port)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {' and '.join(missing)} is not reachable on 127.0.0.1")
        pytest.skip(f"{' and '.join(missing)} not running on 127.0.0.1")
    process = subprocess.Popen([sys.executable, "-m", "bench.http", "scaleout"], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        stdout, stderr = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        process.terminate()  # SIGTERM: the script stops its gunicorns and runners and drops its database
        stdout, stderr = process.communicate(timeout=90)
    lines = [line for line in stdout.splitlines() if line.startswith("BENCH http.scaleout")]
    report = "\n".join(lines) or stdout[-2000:] + stderr[-2000:]
    assert process.returncode == 0, report
    assert any("shared=yes" in line for line in lines if ".session " in line), report
    assert any("refused_at_attempt=7 shared=yes" in line for line in lines if ".rate_limit " in line), report
    assert any("exact=yes" in line for line in lines if ".bookings " in line), report
    assert any("sent_twice=0" in line and "once_each=yes" in line for line in lines if ".mail " in line), report
