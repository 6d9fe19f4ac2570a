"""Exactly once, as far as SMTP allows: one connection per batch, claims renewed before each send,
failures that stay on their own message, against a real SMTP server that is slow, refuses or hangs."""

import threading
import time
from datetime import timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import func, select

from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.mailer import build_mime, deliver_due, deliver_pending
from softlanding.core.models import OutboxMessage
from tests.factories import make_user
from tests.factories.notifications import queue_message
from tests.support.smtp_server import smtp_fixture  # noqa: F401  (the `smtp` fixture)


def _queue(count, prefix="message"):
    users = [make_user() for _ in range(min(count, 5))]
    rows = [queue_message(users[i % len(users)], f"{prefix} {i}") for i in range(count)]
    db.session.commit()
    return rows


def _statuses():
    db.session.expire_all()
    return dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def _expected_ids(app):
    with app.app_context():
        return {build_mime(row)["Message-ID"] for row in db.session.scalars(select(OutboxMessage))}


def test_a_batch_goes_over_one_connection_with_date_and_stable_message_id(ctx, smtp, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BATCH_SIZE", 5)
    smtp.start()
    rows = _queue(12)
    before = utcnow().replace(microsecond=0)
    expected = {row.id: build_mime(row)["Message-ID"] for row in rows}

    assert deliver_pending() == 12

    assert smtp.inbox.connections() == 3  # batches of 5, 5 and 2: one connection each, not 12
    received = smtp.inbox.messages()
    assert smtp.inbox.message_ids() == {mid: 1 for mid in expected.values()}  # built again: same ids
    for message in received:
        assert message["Message-ID"].endswith("@softlanding.example.org>")
        sent_date = parsedate_to_datetime(message["Date"])  # RFC 5322 requires Date
        assert sent_date.tzinfo is not None and abs(sent_date - before) < timedelta(minutes=1)


def test_a_dropped_connection_mid_batch_is_reopened_once_and_nothing_is_lost(ctx, smtp):
    smtp.inbox.drop_after = 2  # the relay closes the connection after the second message
    smtp.start()
    _queue(4)

    assert deliver_pending() == 4

    assert smtp.inbox.connections() == 2
    assert sorted(smtp.inbox.message_ids().values()) == [1, 1, 1, 1]
    assert _statuses() == {"sent": 4}


def test_a_refused_or_unbuildable_message_fails_alone_and_the_others_arrive(ctx, smtp, app, runner):
    smtp.start()
    first, refused, broken, temporary, last = _queue(5)
    smtp.inbox.refuse = {refused.to_addr: "550 5.1.1 No such mailbox", temporary.to_addr: "451 4.3.0 Try later"}
    broken.headers = {**broken.headers, "X-Note": "one\r\nBcc: everyone@example.org"}  # cannot be built
    db.session.commit()
    ids = {r.id: r.to_addr for r in (first, refused, broken, temporary, last)}

    result = runner.invoke(args=["jobs", "run"])

    assert sorted(m["To"] for m in smtp.inbox.messages()) == sorted([ids[first.id], ids[last.id]])
    db.session.expire_all()
    rows = {r.id: r for r in db.session.scalars(select(OutboxMessage))}
    assert (rows[refused.id].status, rows[refused.id].attempts) == ("failed", 1)  # 5xx: no retries
    assert (rows[broken.id].status, rows[broken.id].attempts) == ("failed", 1)
    assert rows[temporary.id].status == "pending" and rows[temporary.id].next_attempt_at > utcnow()  # 4xx
    assert "outbox: 2 delivered, 1 retrying, 2 failed" in result.output
    assert "MAIL DELIVERY FAILED: 1 message(s) will be retried, 2 given up" in result.output
    assert result.exit_code == 1


def test_a_hanging_relay_times_out_that_message_and_the_others_still_arrive(ctx, smtp, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 1)
    smtp.start()
    rows = _queue(4)
    smtp.inbox.hang, smtp.inbox.hang_seconds = {rows[1].to_addr}, 1.5
    start = utcnow()

    report = deliver_due()

    assert (report.sent, report.retrying, report.failed) == (3, 1, 0)
    assert report.problem in ("TimeoutError", "SMTPServerDisconnected")
    held = db.session.get(OutboxMessage, rows[1].id)
    db.session.refresh(held)
    assert held.status == "pending" and held.attempts == 1 and held.next_attempt_at > start
    smtp.inbox.hang = set()
    deliver_pending(now=start + timedelta(minutes=2))  # its backoff has passed
    assert smtp.inbox.message_ids() == {mid: 1 for mid in _expected_ids(app)}


def test_flask_jobs_run_during_an_smtp_outage_exits_non_zero_and_says_so(app, smtp, runner):
    with app.app_context():
        _queue(3)
        db.session.remove()

    result = runner.invoke(args=["jobs", "run"])  # the server is down: connection refused

    assert result.exit_code == 1
    assert "outbox: 0 delivered, 3 retrying, 0 failed" in result.output
    assert "MAIL DELIVERY FAILED: 3 message(s) will be retried, 0 given up" in result.output
    assert "ConnectionRefusedError" in result.output


def test_a_runner_that_lost_its_lease_sends_nothing_it_lost_and_the_next_sends_nothing_held(app, smtp, monkeypatch):
    """Runner A claims 4 messages for 1.4 s; each takes 1 s. Its batch claim lapses while it sends
    the second; runner B then takes the third and fourth, not the second (A renewed that one just
    before sending it). A must then skip what it lost."""
    monkeypatch.setitem(app.config, "MAIL_CLAIM_SECONDS", 1.4)
    monkeypatch.setitem(app.config, "MAIL_BATCH_SIZE", 4)
    smtp.inbox.delay = 1.0
    smtp.start()
    with app.app_context():
        last_id = _queue(4)[-1].id
        db.session.remove()
    sent = {}

    def run(name):
        with app.app_context():
            try:
                sent[name] = deliver_pending()
            finally:
                db.session.remove()

    a = threading.Thread(target=run, args=("a",))
    a.start()
    deadline = time.monotonic() + 10
    while not smtp.inbox.received and time.monotonic() < deadline:  # A is sending
        time.sleep(0.01)
    with app.app_context():
        batch_until = db.session.get(OutboxMessage, last_id).claimed_until
        db.session.remove()
    time.sleep(max(0.0, (batch_until - utcnow()).total_seconds() + 0.1))  # A's batch claim has lapsed
    run("b")
    a.join(20)

    assert not a.is_alive()
    assert smtp.inbox.message_ids() == {mid: 1 for mid in _expected_ids(app)}  # each exactly once
    assert sent["a"] + sent["b"] == 4 and sent["b"] >= 1 and sent["a"] >= 2  # B took over what lapsed
    with app.app_context():
        assert _statuses() == {"sent": 4}


def test_an_unreachable_server_ends_the_run_after_one_batch_and_the_rest_keep_their_turn(ctx, smtp, app,
                                                                                        monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BATCH_SIZE", 2)
    _queue(6)  # the server is down

    report = deliver_due()

    assert (report.sent, report.retrying, report.failed) == (0, 2, 0)
    assert report.problem.startswith("ConnectionFailed: ConnectionRefusedError")
    db.session.expire_all()
    assert sorted(row.attempts for row in db.session.scalars(select(OutboxMessage))) == [0, 0, 0, 0, 1, 1]
    assert _statuses() == {"pending": 6}


def test_a_message_refused_for_now_is_tried_once_per_run_even_if_its_next_try_falls_within_the_run(ctx, smtp):
    smtp.start()
    first, refused = _queue(2)
    smtp.inbox.refuse = {refused.to_addr: "451 4.3.0 Try later"}

    report = deliver_due(now=utcnow() + timedelta(days=1))  # by this run's clock every backoff has passed

    assert (report.sent, report.retrying, report.failed) == (1, 1, 0)
    db.session.expire_all()
    held = db.session.get(OutboxMessage, refused.id)
    assert (held.status, held.attempts) == ("pending", 1)  # not tried again and again until it failed
    assert [m["To"] for m in smtp.inbox.messages()] == [first.to_addr]


def test_delivery_bookkeeping_commits_without_waiting_for_the_disk_and_hands_its_connection_back_as_it_came(app):
    """On PostgreSQL the run's own connection commits claims and outcomes asynchronously (seen at once by
    every other runner, only a database crash can undo the last moment); the pooled connection then goes
    back with the server's default, so a request that borrows it next still waits for the disk."""
    from softlanding.core.delivery import _delivery_connection

    with app.app_context():
        with _delivery_connection() as conn:
            raw = conn.connection.dbapi_connection
            if conn.dialect.name == "postgresql":
                assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == "off"
            else:
                assert conn.exec_driver_sql("SELECT 1").scalar() == 1
        if db.engine.dialect.name == "postgresql":
            with raw.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                assert cursor.fetchone()[0] == "on"
            raw.rollback()
