"""Outbox throughput on a temporary SQLite file (and PostgreSQL, when reachable) and a loopback SMTP server.

Times, in the same run: queueing 1,000 optional emails through notify() one by one, and through
notify_many() in bulk (in-app rows, preferences, unsubscribe tokens, both templates, outbox rows)
beside rendering the same templates alone; and delivering them with claims over SMTP beside raw
smtplib sending the same MIME messages with no database, one connection per batch of MAIL_BATCH_SIZE
(as the runner does) and, for the record, one connection per message.

Delivery runs in an app context of its own, as the job runner and inline delivery (core.transaction)
do: the bench's own 2,000 live users stay out of the session whose per-message commits would expire
them.

The SMTP server (aiosmtpd, accepting and counting every message) runs in a process of its own, spawned
at the start, for the measured delivery and the raw smtplib baseline alike. Until December 2026 it ran
in the bench's own process, so its CPU work competed with the client's under one GIL in both runs and
every SMTP reply waited for a thread switch: that inflated both figures (raw smtplib took about 5 ms a
message) and hid how much the outbox itself costs. Figures from before that change are not comparable
with later ones. Each round also checks at the server that every message arrived exactly once, and
the baseline sends messages built for that round (a message flattened before keeps its MIME boundary,
so the baseline's later rounds skipped making one, which the outbox, sending each message once, never can).
The baseline's messages are build_mime's own, so whatever makes them cheaper to flatten (e.g. headers kept
unparsed, December 2026) makes the baseline cheaper too: only building them and the bookkeeping are the
outbox's own. The bulk and delivery figures are the medians of BENCH_REPEAT (default 3) rounds, each beside
its baseline taken in the same round. The delivery line also gives this process's CPU seconds for both
(cpu_ratio): the SMTP server and the database run elsewhere, so it leaves out their time, but it moves
far less than the wall clock when other work shares the machine. PostgreSQL: BENCH_PG_URL, else
TEST_DATABASE_URL, else the local test server; the bench makes a database of its own there and drops it.
"""

import multiprocessing
import os
import shutil
import smtplib
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestingConfig

N = 1000
LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _line(name, seconds, baseline, **keys):
    extra = " ".join(f"{k}={v}" for k, v in keys.items())
    print(f"BENCH notifications.{name} {extra} seconds={seconds:.3f} baseline_seconds={baseline:.3f} "
          f"ratio={seconds / baseline:.2f}")


def _pg_server():
    """A PostgreSQL URL that answers within 3 seconds, or None."""
    candidates = [os.environ.get("BENCH_PG_URL"), os.environ.get("TEST_DATABASE_URL"), LOCAL_PG]
    for url in candidates:
        if not url or not url.startswith("postgresql"):
            continue
        engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        try:
            with engine.connect():
                return url
        except Exception:  # not running here: the bench measures SQLite only
            continue
        finally:
            engine.dispose()
    return None


def _serve_smtp(port, ready, received):
    """The bench's SMTP server, in a process of its own: accepts every message and counts it."""
    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += 1
            return "250 Message accepted for delivery"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    threading.Event().wait()  # until the bench terminates this process


class SMTPServerProcess:
    """Start the counting SMTP server in another process (spawned: nothing of the bench's state goes with it)."""

    def __init__(self):
        from tests.support.smtp_server import free_port

        context = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.received = context.Value("i", 0)
        ready = context.Event()
        self.process = context.Process(target=_serve_smtp, args=(self.port, ready, self.received), daemon=True)
        self.process.start()
        if not ready.wait(60):
            self.stop()
            raise RuntimeError("the bench's SMTP server did not start")

    def count(self):
        """Messages accepted so far."""
        with self.received.get_lock():
            return self.received.value

    def stop(self):
        """End the server process."""
        self.process.terminate()
        self.process.join(10)


def _admin(url):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def measure(database_url, folder, repeat):
    """{figure: (seconds, baseline seconds)} on one database, and the batch size."""
    from softlanding import create_app
    from softlanding.blueprints.notifications.notify import notify, notify_many
    from softlanding.core.db import utcnow
    from softlanding.core.extensions import db
    from softlanding.core.mailer import build_mime, deliver_pending, external_url, render_email
    from softlanding.core.models import OutboxMessage
    from tests.factories import make_user

    server = SMTPServerProcess()
    port = server.port
    config = type("BenchConfig", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_DIR": str(folder / "mail"),
        "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "PASSWORD_HASH_MEMORY_KIB": 8})
    app = create_app(config)
    context = {"week": "2026-W48", "now": utcnow(), "external_url": external_url, "review": (0, []), "waiting": (0, []),
               "surveys": []}
    figures = {}
    try:
        with app.app_context():
            db.create_all()
            users = [make_user() for _ in range(50)]
            db.session.commit()

            def render_only():
                for i in range(N):
                    render_email("notifications_digest", subject=f"Digest {i}", user=users[i % 50], link="x",
                                 **context)

            def queue_all():
                for i in range(N):
                    notify(users[i % 50], "organiser_digest", f"Digest {i}", "notifications_digest",
                           endpoint="main.index", **context)
                db.session.commit()

            recipients = [make_user() for _ in range(N - 50)] + users
            db.session.commit()

            def queue_bulk():
                queued = notify_many(recipients, "organiser_digest", "Digest", "notifications_digest",
                                     endpoint="main.index", **context)
                db.session.commit()
                return queued

            render_only()  # warm the template cache: every round below measures the same work
            render_s, _ = _timed(render_only)
            queue_s, _ = _timed(queue_all)
            figures["queue"] = (queue_s, render_s)
            bulk = []
            for _ in range(repeat):
                render_s, _ = _timed(render_only)
                bulk_s, queued = _timed(queue_bulk)
                assert queued == N, queued
                bulk.append((bulk_s, render_s))
                db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.subject == "Digest"))
                db.session.commit()
            figures["queue_bulk"] = _median(bulk)
            stored = db.session.execute(db.select(*OutboxMessage.__table__.c).limit(N)).all()
            batch = app.config["MAIL_BATCH_SIZE"]

            def fresh_mimes():
                # Built anew for every timed run (outside its time): a message flattened once keeps the MIME
                # boundary it was given, and later runs would skip making one, which delivery never can.
                return [build_mime(row) for row in stored]

            def raw_smtp(size, mimes):
                for start in range(0, len(mimes), size):
                    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                        for mime in mimes[start:start + size]:
                            client.send_message(mime)

            def deliver():
                with app.app_context():  # a session of its own, as the job runner's and deliver_now's
                    return deliver_pending(limit=N)

            rounds = []
            for _ in range(repeat):
                db.session.execute(db.update(OutboxMessage).values(status="pending", attempts=0, sent_at=None,
                                                                  next_attempt_at=utcnow(), claimed_until=None))
                db.session.commit()
                arrived = server.count()
                mimes = fresh_mimes()
                cpu = time.process_time()
                raw_s, _ = _timed(lambda mimes=mimes: raw_smtp(batch, mimes))
                cpu, raw_cpu = time.process_time(), time.process_time() - cpu
                deliver_s, sent = _timed(deliver)
                deliver_cpu = time.process_time() - cpu
                assert sent == N, sent
                assert server.count() - arrived == 2 * N, server.count() - arrived  # each of both, once
                rounds.append((deliver_s, raw_s, deliver_cpu, raw_cpu))
            figures["deliver"] = _median(rounds)
            mimes = fresh_mimes()
            figures["raw_each"], _ = _timed(lambda: raw_smtp(1, mimes))
            db.session.remove()
            db.engine.dispose()
    finally:
        server.stop()
    return figures, batch


def _median(rounds):
    """The round with the median ratio (its own seconds and baseline, so the two stay a pair)."""
    ordered = sorted(rounds, key=lambda pair: pair[0] / pair[1])
    return ordered[len(ordered) // 2]


def report(label, figures, batch):
    """Print one database's table and BENCH lines."""
    suffix = "" if label == "sqlite" else f"_{label}"
    queue_s, render_s = figures["queue"]
    bulk_s, bulk_render_s = figures["queue_bulk"]
    deliver_s, raw_s, deliver_cpu, raw_cpu = figures["deliver"]
    raw_each_s = figures["raw_each"]
    print(f"-- {label}")
    print(f"{'figure':<34}{'seconds':>10}{'baseline':>10}{'ratio':>8}")
    print(f"{'queue 1,000 via notify()':<34}{queue_s:>10.3f}{render_s:>10.3f}{queue_s / render_s:>8.2f}"
          "  (baseline: render templates only)")
    print(f"{'queue 1,000 via notify_many()':<34}{bulk_s:>10.3f}{bulk_render_s:>10.3f}"
          f"{bulk_s / bulk_render_s:>8.2f}  (baseline: render templates only)")
    print(f"{'deliver 1,000 via the outbox':<34}{deliver_s:>10.3f}{raw_s:>10.3f}{deliver_s / raw_s:>8.2f}"
          f"  (baseline: raw smtplib, no database, one connection per {batch})")
    print(f"{'  (raw smtplib, one per message)':<34}{raw_each_s:>10.3f}")
    _line(f"queue{suffix}", queue_s, render_s, messages=N, per_message_ms=f"{1000 * queue_s / N:.2f}")
    _line(f"queue_bulk{suffix}", bulk_s, bulk_render_s, messages=N, per_message_ms=f"{1000 * bulk_s / N:.2f}")
    _line(f"deliver{suffix}", deliver_s, raw_s, messages=N, per_message_ms=f"{1000 * deliver_s / N:.2f}",
          batch=batch, raw_one_connection_each_seconds=f"{raw_each_s:.3f}", cpu_seconds=f"{deliver_cpu:.3f}",
          baseline_cpu_seconds=f"{raw_cpu:.3f}", cpu_ratio=f"{deliver_cpu / raw_cpu:.2f}")


def main():
    """Measure on SQLite, then on PostgreSQL if one answers, and print the tables and BENCH lines."""
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    folder = Path(tempfile.mkdtemp(prefix="bench-notifications-"))
    try:
        report("sqlite", *measure(f"sqlite:///{folder / 'bench.db'}", folder, repeat))
        server = _pg_server()
        if server is None:
            print("-- postgresql: no server answered (set BENCH_PG_URL); skipped")
            return
        name = f"bench_notify_{uuid.uuid4().hex[:10]}"
        admin = _admin(server)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(server).set(database=name).render_as_string(hide_password=False)
            report("postgresql", *measure(url, folder, repeat))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
