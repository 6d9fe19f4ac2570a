"""An idle worker stays small: scikit-learn, scipy and numpy load only when suggestions or matches are computed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sklearn", "scipy", "numpy")
MAX_RSS_MB = 100

REPORT = """
import atexit, sys
def report():
    rss = [l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1]
    print("LOADED", ",".join(m for m in {heavy!r} if m in sys.modules) or "-", file=sys.stderr)
    print("RSS_KB", rss, file=sys.stderr)
atexit.register(report)
"""

JOBS_LIST = REPORT + """
from flask.cli import main
sys.argv = ["flask", "jobs", "list"]
main()
"""

HEALTHZ = REPORT + """
import wsgi
response = wsgi.app.test_client().get("/healthz")
assert response.status_code == 200, response.status_code
"""


def _run(code):
    """Run `code` in a fresh interpreter on an in-memory SQLite app; (heavy modules loaded, RSS in MB)."""
    env = {**os.environ, "FLASK_APP": "wsgi.py", "SOFTLANDING_ENV": "testing", "TEST_DATABASE_URL": "sqlite://",
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code.replace("{heavy!r}", repr(HEAVY))], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stderr.splitlines() if line.startswith(("LOADED", "RSS_KB")))
    loaded = [] if lines["LOADED"] == "-" else lines["LOADED"].split(",")
    return loaded, int(lines["RSS_KB"]) / 1024, done.stdout


@pytest.mark.parametrize("code", [JOBS_LIST, HEALTHZ], ids=["flask jobs list", "idle app /healthz"])
def test_idle_process_does_not_load_the_numeric_stack(code):
    loaded, rss_mb, stdout = _run(code)
    print(f"RSS {rss_mb:.0f} MB, heavy modules loaded: {loaded or 'none'}")
    assert loaded == [], f"imported at start-up: {loaded}"
    assert rss_mb < MAX_RSS_MB, f"resident memory {rss_mb:.0f} MB"
    if code is JOBS_LIST:
        assert "surveys" in stdout  # the command really ran and listed the registered jobs


def test_computing_suggestions_still_loads_scikit_learn():
    loaded, _, _ = _run(REPORT + """
from softlanding.lib.topics import suggest
texts = [f"induction {w} rota {w} support" for w in ("ward", "clinic", "night", "exam", "portfolio")] * 4
assert suggest(texts, k=3)
""")
    assert "sklearn" in loaded and "numpy" in loaded
