"""Run ical.js (Thunderbird's calendar parser, from npm) over calendar files: tests/support/js/."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).parent / "js"
SCRIPT = JS / "check_ical.mjs"


def require_icaljs():
    """Fail under CI, skip elsewhere, when node or the pinned ical.js (`make js-deps`) is missing."""
    node = shutil.which("node")
    problem = None
    if node is None:
        problem = "node is not installed (apt-get install nodejs npm)"
    elif not (JS / "node_modules" / "ical.js" / "package.json").exists():
        problem = "ical.js is not installed: run `make js-deps` (npm ci in tests/support/js)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {problem}.")
        pytest.skip(problem)
    return node


def parse_with_icaljs(files):
    """{name: {"method", "events": [{uid, tzid, start_local, end_local, start_utc, end_utc, sequence}]}}."""
    node = require_icaljs()
    payload = json.dumps([{"name": name, "ics": data.decode("utf-8")} for name, data in files.items()])
    done = subprocess.run([node, str(SCRIPT)], input=payload, capture_output=True, text=True, timeout=60,
                          cwd=JS, check=False)
    assert done.returncode == 0, f"ical.js failed to parse: {done.stderr[-2000:]}"
    return json.loads(done.stdout)
