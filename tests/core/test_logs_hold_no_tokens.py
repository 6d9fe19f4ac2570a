"""Logs never hold tokens: gunicorn serves the app, requests carry real reset, confirmation, email-change,
unsubscribe and feed tokens, and the access log file it writes is read back."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from softlanding.blueprints.accounts import users as accounts
from softlanding.blueprints.notifications.notify import unsubscribe_token
from softlanding.core.logs import TOKEN_PREFIXES
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    try:
        urllib.request.urlopen(url, timeout=10).read()
    except Exception:  # noqa: BLE001 - a 302/404 is fine: the line in the log is what counts
        pass


def test_the_access_log_gunicorn_writes_has_no_token(app, tmp_path):
    with app.app_context():
        user = make_user()
        tokens = {
            "verify": accounts.verification_token(user),
            "unsubscribe": unsubscribe_token(user, "event_reminder"),
            "reset": "InRoZS1yZXNldC10b2tlbiI.aQ3x9Z.reset-secret-part",
            "email": "eyJ1IjoxLCJlIjoibmV3QGV4YW1wbGUub3JnIn0.email-secret-part",
            "feed": "feedsecret0123456789abcdef",
        }
    paths = [f"/account/verify/{tokens['verify']}", f"/account/reset/{tokens['reset']}?from=mail",
             f"/account/email/confirm/{tokens['email']}", f"/notifications/unsubscribe/{tokens['unsubscribe']}",
             f"/calendar/{tokens['feed']}.ics"]
    log = tmp_path / "access.log"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SOFTLANDING_ENV", "DATABASE_URL", "FLASK_DEBUG")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}", MAIL_DIR=str(tmp_path / "mail"))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "--access-logfile", str(log), "--error-logfile", str(tmp_path / "error.log"),
                               "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except Exception:  # noqa: BLE001 - still starting
                time.sleep(0.2)
        for path in paths:
            _get(f"http://127.0.0.1:{port}{path}")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and log.read_text().count("\n") < len(paths) + 1:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=20)
    written = log.read_text() + (tmp_path / "error.log").read_text()
    assert written.count("<token>") == len(paths), written  # every request line is there, redacted
    for name, token in tokens.items():
        assert token not in written, name
        assert token.split(".")[-1] not in written, name


def test_every_route_that_takes_a_token_is_covered(app):
    covered = (*TOKEN_PREFIXES, "/calendar/")
    token_rules = [r.rule for r in app.url_map.iter_rules() if "<token>" in r.rule]
    assert token_rules
    assert [r for r in token_rules if not r.startswith(covered)] == []
