"""A delivery runner stopped (SIGTERM) or killed (SIGKILL) mid-batch: a real `flask jobs worker`
process against a real SMTP server; arrivals are counted by Message-ID at the server."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.mailer import build_mime, deliver_pending
from softlanding.core.models import OutboxMessage
from tests.factories import make_user
from tests.factories.notifications import queue_message
from tests.support.smtp_server import smtp_fixture  # noqa: F401  (the `smtp` fixture)

ROOT = Path(__file__).resolve().parents[2]


def _queue(app, count):
    with app.app_context():
        users = [make_user() for _ in range(3)]
        for i in range(count):
            queue_message(users[i % 3], f"batch message {i}")
        db.session.commit()
        ids = {build_mime(row)["Message-ID"] for row in db.session.scalars(select(OutboxMessage))}
        db.session.remove()
    return ids


def _worker(smtp, database_url, tmp_path, **settings):
    env = {**os.environ, "FLASK_APP": "wsgi.py", "SOFTLANDING_ENV": "testing", "TEST_DATABASE_URL": database_url,
           "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "MAIL_DIR": str(tmp_path),
           "PYTHONUNBUFFERED": "1", **settings}
    return subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--interval", "60"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for_first_arrival(smtp, process):
    deadline = time.monotonic() + 60  # the process has to start the app first
    while not smtp.inbox.received and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert smtp.inbox.received, "the worker sent nothing"


def _statuses(app):
    with app.app_context():
        counts = dict(db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
        db.session.remove()
    return counts


def test_a_runner_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight(
        app, smtp, database_url, tmp_path):
    smtp.inbox.delay = 0.3
    smtp.start()
    expected = _queue(app, 6)
    process = _worker(smtp, database_url, tmp_path, MAIL_BATCH_SIZE="3", MAIL_CLAIM_SECONDS="2")
    try:
        _wait_for_first_arrival(smtp, process)
        process.kill()  # SIGKILL: no handler, no cleanup, claims left behind
        process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()

    with app.app_context():
        held = db.session.scalars(select(OutboxMessage.claimed_until)
                                  .where(OutboxMessage.status == "sending")).all()
        db.session.remove()
    if held:  # the killed runner's claims keep others off until they lapse (MAIL_CLAIM_SECONDS)
        time.sleep(max(0.0, (max(held) - utcnow()).total_seconds() + 0.1))
    with app.app_context():
        deliver_pending()
        db.session.remove()

    arrivals = smtp.inbox.message_ids()
    assert set(arrivals) == expected  # every message arrived
    assert sum(count - 1 for count in arrivals.values()) <= 1  # at most the one in flight, twice
    assert _statuses(app) == {"sent": 6}


def test_sigterm_stops_the_worker_after_the_message_in_flight_and_hands_the_rest_back(
        app, smtp, database_url, tmp_path):
    smtp.inbox.delay = 0.5
    smtp.start()
    expected = _queue(app, 6)
    process = _worker(smtp, database_url, tmp_path, MAIL_BATCH_SIZE="6")
    try:
        _wait_for_first_arrival(smtp, process)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()

    assert process.returncode == 0, output
    assert "signal SIGTERM received" in output and "worker: stopped after 1 run(s)" in output
    sent_by_worker = len(smtp.inbox.received)
    assert sent_by_worker <= 2  # the first, and at most the one in flight when the signal came: not all 6
    # The rest were handed back, not left claimed for MAIL_CLAIM_SECONDS: the next run sends them now.
    assert _statuses(app) == {"sent": sent_by_worker, "pending": 6 - sent_by_worker}
    with app.app_context():
        assert deliver_pending() == 6 - sent_by_worker
        db.session.remove()
    assert smtp.inbox.message_ids() == {mid: 1 for mid in expected}
