"""Scale out: two app instances and two job runners on one PostgreSQL and one Redis.

Two gunicorn processes on different ports stand for two hosts (same SECRET_KEY, same database, same
Redis); two `flask jobs worker` processes stand for two runner hosts, delivering to one real SMTP
server (aiosmtpd). It checks, and prints one BENCH line per check:
  - a member signed in on one instance is signed in on the other;
  - a rate limit counts attempts on both instances together;
  - bookings stay exact when members book one event at once, split across both instances;
  - no mail goes twice when both runners work the same outbox.
Run by `make bench-http` (section scaleout) and by tests/core/test_scale_out.py.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.http.load import Client, Server
from bench.http.run import ADMIN_URL, ROOT, _app_for, _drop_keys, _env, migrate, stop_on_sigterm
from bench.http.seed import PASSWORD, Scale, seed

ACCOUNT_LIMIT = 6  # failed sign-ins per account and address per minute, across every instance
CAPACITY, BOOKERS, EXTRA_MAIL = 12, 24, 60


def _bookable(url, capacity):
    """An upcoming published event with `capacity` places and nobody booked yet; its id."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            event_id = conn.execute(text(
                "SELECT id FROM event WHERE status = 'published' AND starts_at > now() + interval '2 days' "
                "ORDER BY id LIMIT 1")).scalar_one()
            conn.execute(text("DELETE FROM booking WHERE event_id = :e"), {"e": event_id})
            conn.execute(text("UPDATE event SET capacity = :c WHERE id = :e"), {"c": capacity, "e": event_id})
        return event_id
    finally:
        engine.dispose()


def _counts(url, sql, **params):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()
    finally:
        engine.dispose()


def check_sessions(a, b, email):
    """Signed in on A, the same cookie is a signed-in member on B."""
    member = Client(a.port).sign_in(email, PASSWORD)
    on_b = Client(b.port)
    on_b.cookies = dict(member.cookies)
    status, headers, body = on_b.request("GET", "/events/mine")
    ok = status == 200 and "/account/login" not in (headers.get("Location") or "")
    print(f"BENCH http.scaleout.session signed_in_on=A page_on=B status={status} shared={'yes' if ok else 'NO'}")
    return ok


def check_rate_limit(a, b, email):
    """Failed sign-ins alternate between A and B: the limit must trip after ACCOUNT_LIMIT in all."""
    for n in range(1, 2 * ACCOUNT_LIMIT + 2):
        port = (a, b)[n % 2].port
        client = Client(port)
        token = client.csrf("/account/login")
        status, _, _ = client.request("POST", "/account/login",
                                      {"email": email, "password": "wrong-password-1234", "csrf_token": token})
        if status == 429:
            ok = n == ACCOUNT_LIMIT + 1
            print(f"BENCH http.scaleout.rate_limit limit={ACCOUNT_LIMIT} refused_at_attempt={n} "
                  f"shared={'yes' if ok else 'NO'}")
            return ok
    print(f"BENCH http.scaleout.rate_limit limit={ACCOUNT_LIMIT} refused_at_attempt=never shared=NO")
    return False


def check_bookings(a, b, url, emails):
    """BOOKERS members book one event with CAPACITY places at once, half through A, half through B."""
    event_id = _bookable(url, CAPACITY)
    members = [Client((a, b)[i % 2].port).sign_in(email, PASSWORD) for i, email in enumerate(emails[:BOOKERS])]
    tokens = [m.csrf() for m in members]
    statuses: Counter = Counter()
    gate = threading.Barrier(len(members))

    def book(member, token):
        gate.wait()
        status, _, _ = member.request("POST", f"/events/{event_id}/book", {"csrf_token": token})
        statuses[status] += 1

    threads = [threading.Thread(target=book, args=pair) for pair in zip(members, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    rows = dict(_counts(url, "SELECT status, count(*) FROM booking WHERE event_id = :e GROUP BY status", e=event_id))
    duplicates = _counts(url, "SELECT user_id FROM booking WHERE event_id = :e GROUP BY user_id HAVING count(*) > 1",
                         e=event_id)
    booked, waiting = rows.get("booked", 0), rows.get("waitlisted", 0)
    ok = booked == CAPACITY and waiting == BOOKERS - CAPACITY and not duplicates and statuses[302] == BOOKERS
    print(f"BENCH http.scaleout.bookings requests={BOOKERS} capacity={CAPACITY} booked={booked} waitlisted={waiting} "
          f"duplicates={len(duplicates)} responses={dict(statuses)} exact={'yes' if ok else 'NO'}")
    return ok


def check_mail(env, url, folder):
    """Two job runners work one outbox (the booking confirmations plus EXTRA_MAIL more): each message once."""
    from aiosmtpd.controller import Controller

    from tests.support.smtp_server import Inbox, free_port

    engine = create_engine(url)
    with engine.begin() as conn:  # more mail, so both runners have batches to fight over
        conn.execute(text(
            "INSERT INTO outbox_message (kind, sensitive, to_addr, subject, body_text, body_html, headers, attachments,"
            " status, attempts, next_attempt_at, last_error, created_at) SELECT 'bench', false, 'p' || n || "
            "'@example.org', 'Bench message ' || n, 'Hello', '', '{}', '[]', 'pending', 0, now(), '', now() "
            "FROM generate_series(1, :n) AS n"), {"n": EXTRA_MAIL})
    queued = _counts(url, "SELECT count(*) FROM outbox_message WHERE status = 'pending'")[0][0]
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    runner_env = {**env, "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
                  "MAIL_BATCH_SIZE": "5", "FLASK_APP": "bench.http.app:bench_app()"}
    flask = str(Path(sys.executable).parent / "flask")
    runners = [subprocess.Popen([flask, "jobs", "worker", "--interval", "0.2"], cwd=ROOT, env=runner_env,
                                stdout=open(folder / f"runner{i}.log", "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
               for i in range(2)]
    try:
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            left = _counts(url, "SELECT count(*) FROM outbox_message WHERE status <> 'sent'")[0][0]
            if left == 0:
                break
            time.sleep(0.5)
        time.sleep(1.0)  # anything still in flight arrives
    finally:
        for runner in runners:
            runner.send_signal(signal.SIGTERM)
        for runner in runners:
            try:
                runner.wait(30)
            except subprocess.TimeoutExpired:
                runner.kill()
        controller.stop()
        engine.dispose()
    # The runners also run every area's jobs, which may queue more (reminders): count what the outbox sent.
    sent = _counts(url, "SELECT count(*) FROM outbox_message WHERE status = 'sent'")[0][0]
    ids = Counter(message["Message-ID"] for _, message in inbox.received)
    twice = sum(1 for n in ids.values() if n > 1)
    per_runner = [sum(int(n) for n in re.findall(r"outbox: (\d+) delivered",
                                                 (folder / f"runner{i}.log").read_text(errors="replace")))
                  for i in range(2)]
    ok = sent >= queued and len(ids) == sent and twice == 0 and len(inbox.received) == sent
    print(f"BENCH http.scaleout.mail runners=2 queued_before={queued} sent={sent} received={len(inbox.received)} distinct={len(ids)} "
          f"sent_twice={twice} sent_by_runner={'+'.join(map(str, per_runner))} once_each={'yes' if ok else 'NO'}")
    return ok


def main():
    """Make the database, start two instances, run the four checks, clean up; exit 1 if any failed."""
    stop_on_sigterm()
    name = f"benchscale_{uuid.uuid4().hex[:8]}"
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    folder = Path(tempfile.mkdtemp(prefix="bench-scaleout-"))
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    servers: list[Server] = []
    prefix = f"bench-{name}"
    try:
        env = {**_env(url, folder, prefix), "BENCH_ACCOUNT_LIMIT": f"{ACCOUNT_LIMIT} per minute",
               "BENCH_SECRET_KEY": f"shared-secret-{uuid.uuid4().hex}"}
        app = _app_for(env)
        migrate(app)
        seeded = seed(app, Scale(members=200, reps=10, events=40, bookings=200, waiting=20, responses=50, codings=20))
        servers = [Server(env, 2, folder / "gunicorn-a.log"), Server(env, 2, folder / "gunicorn-b.log")]
        a, b = servers
        print(f"== bench.http scaleout: instances on :{a.port} and :{b.port}, one PostgreSQL, one Redis")
        emails = seeded.newcomer_emails
        results = [check_sessions(a, b, emails[-1]), check_rate_limit(a, b, emails[-2]),
                   check_bookings(a, b, url, emails), check_mail(env, url, folder)]
        print(f"BENCH http.scaleout checks={len(results)} passed={sum(results)}")
        if not all(results):
            raise SystemExit(1)
    finally:
        for server in servers:
            server.stop()
        os.environ.pop("BENCH_ACCOUNT_LIMIT", None)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        _drop_keys(prefix)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
