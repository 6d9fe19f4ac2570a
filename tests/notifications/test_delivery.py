"""Delivery over a real SMTP server on loopback: headers and bodies, outages, retries, claims."""

import os
import re
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from softlanding.blueprints.accounts import users as accounts
from softlanding.core import outbox
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.jobs import run_all
from softlanding.core.mailer import backoff, deliver_pending
from softlanding.core.models import OutboxMessage
from tests.factories import make_user
from tests.factories.notifications import queue_message
from tests.support.smtp_server import smtp_fixture  # noqa: F401  (the `smtp` fixture)

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"


def statuses():
    return dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def test_message_arrives_with_headers_multipart_body_and_attachment(ctx, smtp):
    smtp.start()
    user = make_user(full_name="Amara Okafor", email="amara@example.org")
    queue_message(user, "Your weekly digest", attachments=[("event.ics", "text/calendar; charset=utf-8; method=PUBLISH", ICS)])
    db.session.commit()

    assert deliver_pending() == 1
    [(rcpts, message)] = smtp.inbox.received
    assert rcpts == ["amara@example.org"]
    assert message["From"] == "Soft Landing <no-reply@softlanding.example.org>"
    assert message["To"] == "amara@example.org"
    assert message["Subject"] == "Your weekly digest"
    assert message["Message-ID"].endswith("@softlanding.example.org>")
    # RFC 8058 one-click unsubscribe for this optional kind.
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # On the wire: one plain <URL> per header (no folding, no encoded-words) so clients can act on it.
    raw = smtp.inbox.raw[0].decode()
    assert re.search(r"^List-Unsubscribe: <http://127\.0\.0\.1:5000/notifications/unsubscribe/[\w.-]+>\r?$", raw, re.M)
    assert re.search(r"^Subject: Your weekly digest\r?$", raw, re.M)
    assert message.get_content_type() == "multipart/mixed"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hello Amara," in text  # the display name from the profile
    assert "http://127.0.0.1:5000/" in text and 'href="http://127.0.0.1:5000/"' in html
    assert "Stop emails like this with one click: http://127.0.0.1:5000/notifications/unsubscribe/" in text
    assert "Stop emails like this" in html and 'name="viewport"' in html  # phone-friendly layout
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "event.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert "METHOD:PUBLISH" in attachment.get_content()
    assert db.session.scalar(select(OutboxMessage.status)) == "sent"


def test_safety_email_has_no_unsubscribe(ctx, smtp):
    smtp.start()
    user = make_user()
    accounts.send_verification(user)
    db.session.commit()
    deliver_pending()
    [message] = smtp.inbox.messages()
    assert message["Subject"] == "Confirm your email address"
    assert message["List-Unsubscribe"] is None
    assert "unsubscribe" not in message.get_body(("plain",)).get_content().lower()
    assert message.get_body(("html",)) is not None


def test_rolled_back_change_sends_nothing(ctx, smtp):
    smtp.start()
    user = make_user()
    db.session.commit()
    queue_message(user)
    db.session.rollback()
    run_all()
    assert smtp.inbox.received == []
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_smtp_down_messages_stay_pending_then_each_arrives_exactly_once(ctx, smtp):
    users = [make_user() for _ in range(3)]
    for user in users:
        queue_message(user)
    accounts.send_verification(users[0])
    db.session.commit()
    start = utcnow()

    run_all(start)  # server down: connection refused
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert [r.status for r in rows] == ["pending"] * 4
    assert all(r.attempts == 1 and r.last_error and r.next_attempt_at > start for r in rows)

    smtp.start()
    run_all(start)  # back, but the backoff has not elapsed: nothing is sent early
    assert smtp.inbox.received == []
    run_all(start + timedelta(minutes=2))
    run_all(start + timedelta(days=1))  # and a later run sends nothing twice
    received = smtp.inbox.messages()
    assert sorted(m["To"] for m in received) == sorted([u.email for u in users] + [users[0].email])
    assert len({m["Message-ID"] for m in received}) == 4
    db.session.expire_all()
    assert statuses() == {"sent": 4}


def test_backoff_grows_then_failed_after_max_attempts_and_admin_retry_sends(ctx, smtp, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(30) == timedelta(hours=6)
    user = make_user()
    queue_message(user)
    db.session.commit()
    now = utcnow()
    delays = []
    for _ in range(3):
        run_all(now)
        db.session.expire_all()
        message = db.session.scalar(select(OutboxMessage))
        delays.append(message.next_attempt_at - utcnow())
        now = message.next_attempt_at + timedelta(seconds=1)
    assert message.status == "failed" and message.attempts == 3
    assert delays[1] > delays[0]  # 1 minute, then 2
    run_all(now + timedelta(days=7))
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).attempts == 3  # failed is left alone

    smtp.start()
    outbox.retry(message.id)
    db.session.commit()
    run_all()
    assert len(smtp.inbox.received) == 1
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == "sent"


def test_live_claim_is_respected_and_lapsed_claim_is_taken_over(ctx, smtp):
    smtp.start()
    a, b = make_user(), make_user()
    held, lapsed = queue_message(a, "held"), queue_message(b, "lapsed")
    held.status, held.claimed_until = "sending", utcnow() + timedelta(minutes=5)  # another runner has it
    lapsed.status, lapsed.claimed_until = "sending", utcnow() - timedelta(minutes=1)  # that runner died
    db.session.commit()
    run_all()
    assert [m["Subject"] for m in smtp.inbox.messages()] == ["lapsed"]


def _concurrent_runs(app, runners=3):
    barrier = threading.Barrier(runners)
    counts, errors = [], []

    def runner():
        with app.app_context():
            try:
                barrier.wait()
                counts.append(sum(r.count for r in run_all() if r.name.startswith("outbox")))
            except Exception as exc:  # surfaced below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=runner) for _ in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return counts, errors


def test_concurrent_job_runs_send_each_message_once(app, smtp):
    smtp.inbox.delay = 0.01  # a slow relay keeps the runners overlapping
    smtp.start()
    with app.app_context():
        users = [make_user() for _ in range(8)]
        for i in range(40):
            queue_message(users[i % 8], f"message {i}")
        db.session.commit()
        db.session.remove()

    counts, errors = _concurrent_runs(app)

    assert errors == []
    received = smtp.inbox.messages()
    assert sorted(m["Subject"] for m in received) == sorted(f"message {i}" for i in range(40))
    assert sum(counts) == 40
    assert sorted(smtp.inbox.message_ids().values()) == [1] * 40  # counted by Message-ID at the server
    with app.app_context():
        assert statuses() == {"sent": 40}


def test_two_flask_jobs_run_processes_send_each_message_once(app, smtp, database_url, tmp_path):
    """Two cron hosts: two real `flask jobs run` processes against the same database and relay."""
    smtp.inbox.delay = 0.02
    smtp.start()
    with app.app_context():
        users = [make_user() for _ in range(5)]
        for i in range(60):
            queue_message(users[i % 5], f"cron message {i}")
        db.session.commit()
        db.session.remove()
    env = {**os.environ, "FLASK_APP": "wsgi.py", "SOFTLANDING_ENV": "testing", "TEST_DATABASE_URL": database_url,
           "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "MAIL_BATCH_SIZE": "5",
           "MAIL_DIR": str(tmp_path)}
    root = Path(__file__).resolve().parents[2]
    processes = [subprocess.Popen([sys.executable, "-m", "flask", "jobs", "run"], cwd=root, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    subjects = sorted(m["Subject"] for m in smtp.inbox.messages())
    assert subjects == sorted(f"cron message {i}" for i in range(60))
    assert sorted(smtp.inbox.message_ids().values()) == [1] * 60
    with app.app_context():
        assert statuses() == {"sent": 60}
