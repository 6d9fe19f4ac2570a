"""Outbox throughput on a temporary SQLite file and a loopback SMTP server (aiosmtpd).

Times, in the same run: queueing 1,000 optional emails through notify() one by one, and through
notify_many() in bulk (in-app rows, preferences, unsubscribe tokens, both templates, outbox rows)
beside rendering the same templates alone; and delivering them with claims over SMTP beside raw
smtplib sending the same MIME messages with no database, one connection per batch of MAIL_BATCH_SIZE
(as the runner does) and, for the record, one connection per message.
"""

import shutil
import smtplib
import tempfile
import time
from pathlib import Path

from config import TestingConfig

N = 1000


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _line(name, seconds, baseline, **keys):
    extra = " ".join(f"{k}={v}" for k, v in keys.items())
    print(f"BENCH notifications.{name} {extra} seconds={seconds:.3f} baseline_seconds={baseline:.3f} "
          f"ratio={seconds / baseline:.2f}")


def main():
    """Run both measurements and print the table and BENCH lines."""
    from aiosmtpd.controller import Controller

    from softlanding import create_app
    from softlanding.blueprints.notifications.notify import notify, notify_many
    from softlanding.core.db import utcnow
    from softlanding.core.extensions import db
    from softlanding.core.mailer import build_mime, deliver_pending, external_url, render_email
    from softlanding.core.models import OutboxMessage
    from tests.factories import make_user
    from tests.support.smtp_server import Inbox, free_port

    folder = Path(tempfile.mkdtemp(prefix="bench-notifications-"))
    port = free_port()
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    config = type("BenchConfig", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "MAIL_DIR": str(folder / "mail"),
        "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "PASSWORD_HASH_MEMORY_KIB": 8})
    app = create_app(config)
    context = {"week": "2026-W48", "now": utcnow(), "external_url": external_url, "review": (0, []), "waiting": (0, []),
               "surveys": []}
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

            render_s, _ = _timed(render_only)
            queue_s, _ = _timed(queue_all)
            bulk_s, queued = _timed(queue_bulk)
            assert queued == N, queued
            db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.subject == "Digest"))
            db.session.commit()
            mimes = [build_mime(m) for m in db.session.scalars(db.select(OutboxMessage).limit(N)).all()]
            batch = app.config["MAIL_BATCH_SIZE"]

            def raw_smtp(size):
                for start in range(0, len(mimes), size):
                    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                        for mime in mimes[start:start + size]:
                            client.send_message(mime)

            raw_s, _ = _timed(lambda: raw_smtp(batch))
            raw_each_s, _ = _timed(lambda: raw_smtp(1))
            deliver_s, sent = _timed(lambda: deliver_pending(limit=N))
            assert sent == N, sent
    finally:
        controller.stop()
        shutil.rmtree(folder, ignore_errors=True)

    print(f"{'figure':<34}{'seconds':>10}{'baseline':>10}{'ratio':>8}")
    print(f"{'queue 1,000 via notify()':<34}{queue_s:>10.3f}{render_s:>10.3f}{queue_s / render_s:>8.2f}"
          "  (baseline: render templates only)")
    print(f"{'queue 1,000 via notify_many()':<34}{bulk_s:>10.3f}{render_s:>10.3f}{bulk_s / render_s:>8.2f}"
          "  (baseline: render templates only)")
    print(f"{'deliver 1,000 via the outbox':<34}{deliver_s:>10.3f}{raw_s:>10.3f}{deliver_s / raw_s:>8.2f}"
          f"  (baseline: raw smtplib, no database, one connection per {batch})")
    print(f"{'  (raw smtplib, one per message)':<34}{raw_each_s:>10.3f}")
    _line("queue", queue_s, render_s, messages=N, per_message_ms=f"{1000 * queue_s / N:.2f}")
    _line("queue_bulk", bulk_s, render_s, messages=N, per_message_ms=f"{1000 * bulk_s / N:.2f}")
    _line("deliver", deliver_s, raw_s, messages=N, per_message_ms=f"{1000 * deliver_s / N:.2f}", batch=batch,
          raw_one_connection_each_seconds=f"{raw_each_s:.3f}")


if __name__ == "__main__":
    main()
