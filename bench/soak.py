"""Soak: gunicorn on a PostgreSQL database of its own under a bounded load, with a database outage in the middle.

Run by `make soak` (not by `make bench`: it needs PostgreSQL and Redis on 127.0.0.1). It makes a database,
migrates and seeds it, starts gunicorn, and drives page views and bookings from signed-in members twice:
once as the baseline, once while the database refuses connections for a few seconds (ALTER DATABASE …
ALLOW_CONNECTIONS false and pg_terminate_backend: the shared server itself is never restarted). Every
booking a member was told about must be in the database, and none that they were not told about.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestingConfig

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("SOAK_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/0")
THREADS, USERS_PER_THREAD, EVENTS_PER_PHASE, CAPACITY = 4, 8, 5, 20
DURATION, OUTAGE_AT, OUTAGE_SECONDS = 20.0, 6.0, 5.0
PASSWORD = "soak-password-not-secret"


class SoakConfig(TestingConfig):
    """The app as gunicorn serves it here: its own database and Redis key prefix, CSRF off, cheap hashing."""

    ENV_NAME = "soak"
    TESTING = False  # errors become error pages, as in production, instead of propagating
    SQLALCHEMY_DATABASE_URI = os.environ.get("SOAK_DATABASE_URL", "")
    RATELIMIT_STORAGE_URI = REDIS_URL
    RATELIMIT_KEY_PREFIX = os.environ.get("SOAK_KEY_PREFIX", "soak")
    RATELIMIT_LOGIN = RATELIMIT_ACCOUNT = "10000 per minute"
    MAIL_DIR = os.environ.get("SOAK_MAIL_DIR", "")
    MAIL_DELIVER_INLINE = False  # the outbox fills; no job runner is part of this check


def soak_app():
    """The WSGI app for gunicorn (`bench.soak:soak_app()`)."""
    from softlanding import create_app

    return create_app(SoakConfig)


def _admin():
    return create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")


def seed(app):
    """Migrate, load the default rows, and make the members and events; returns (emails, event ids)."""
    from flask_migrate import upgrade

    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.accounts.passwords import hash_password
    from softlanding.blueprints.events.models import Event
    from softlanding.blueprints.profiles.models import Profile
    from softlanding.core.cli import ensure_defaults
    from softlanding.core.extensions import db
    from softlanding.core.models import RefOption

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        ensure_defaults()
        category = db.session.scalar(db.select(RefOption.code).where(RefOption.kind == "event_category"))
        digest = hash_password(PASSWORD)
        users = []
        for n in range(2 * THREADS * USERS_PER_THREAD + 1):
            user = User(full_name=f"Soak Member {n}", email=f"soak{n}@example.org", password_hash=digest,
                        email_verified_at=datetime.now(UTC))
            user.profile = Profile(display_name=f"Member{n}", career_stage="st1_4", region="london",
                                   languages=["en"], timezone="Europe/London")
            users.append(user)
        db.session.add_all(users)
        db.session.flush()
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
        events = [Event(title=f"Soak webinar {n}", category=category, description_html="<p>About it.</p>",
                        starts_at=starts, ends_at=starts + timedelta(hours=1), timezone="Europe/London",
                        format="online", venue="", join_link="https://meet.example.org/soak", status="published",
                        host_id=users[-1].id, capacity=CAPACITY, mwres_indicators=[], published_at=starts)
                  for n in range(2 * EVENTS_PER_PHASE)]
        db.session.add_all(events)
        db.session.commit()
        return [u.email for u in users[:-1]], [e.id for e in events]


class Member:
    """One signed-in person: a cookie jar over plain http.client (one connection per request)."""

    def __init__(self, port, flashes):
        self.port, self.cookies, self.flashes, self.fresh_session = port, {}, flashes, False

    def request(self, method, path, form=None):
        """(status, body text); the session cookie is kept."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text_ = response.read().decode("utf-8", "replace")
            self.fresh_session = False
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
                    self.fresh_session = self.fresh_session or name == "session"
            return response.status, text_
        finally:
            conn.close()

    def last_flash(self):
        """The message the last response added to the session ("" if it set no session)."""
        shown = self.flashes(self.cookies.get("session")) if self.fresh_session else []
        return shown[-1][1] if shown else ""


def run_phase(port, emails, event_ids, flashes, outage=None):
    """Drive the load for DURATION seconds; returns the figures (and runs `outage` beside it if given)."""
    errors, made, ghosts, lock = Counter(), [0], [0], threading.Lock()
    successes, requests = [], [0]
    start = time.monotonic()
    allowed = {}

    def note(ok, kind=None):
        with lock:
            requests[0] += 1
            if ok:
                successes.append(time.monotonic())
            else:
                errors[kind] += 1

    def call(member, method, path, form=None):
        began = time.monotonic()
        try:
            status, body = member.request(method, path, form)
        except (OSError, http.client.HTTPException) as error:
            note(False, type(error).__name__)
            return None, ""
        ok = status < 400
        note(ok, None if ok else f"http_{status}")
        if ok and began >= allowed.get("at", float("inf")):
            allowed.setdefault("first_success", time.monotonic())
        return status, body

    def worker(mine):
        members = []
        for email in mine:
            member = Member(port, flashes)
            call(member, "POST", "/account/login", {"email": email, "password": PASSWORD})
            members.append(member)
        todo = [(m, e, 0) for e in event_ids for m in members]
        pace, step = DURATION / len(todo), 0
        while todo and time.monotonic() - start < DURATION + 10:
            step += 1
            member, event_id, tries = todo.pop(0)
            call(member, "GET", "/events/")
            call(member, "GET", f"/events/{event_id}")
            status, _ = call(member, "POST", f"/events/{event_id}/book")
            said = member.last_flash() if status == 302 else ""
            if "You are booked" in said:
                with lock:
                    made[0] += 1
            elif "already booked" in said:
                with lock:
                    ghosts[0] += 1  # an earlier attempt that reported an error had in fact committed
            elif status != 302 and tries < 3:
                todo.append((member, event_id, tries + 1))  # as a person would: try again a little later
            # Keep to the schedule (the load is spread over DURATION), however long the requests took.
            time.sleep(max(0.0, start + step * pace - time.monotonic()))

    threads = [threading.Thread(target=worker, args=(emails[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    if outage is not None:
        time.sleep(OUTAGE_AT)
        outage()
        allowed["at"] = time.monotonic()
    for t in threads:
        t.join(DURATION + 60)
    seconds = time.monotonic() - start
    recover = (allowed["first_success"] - allowed["at"]) if "first_success" in allowed else None
    return {"requests": requests[0], "errors": sum(errors.values()), "kinds": dict(errors), "made": made[0],
            "ghosts": ghosts[0], "recover": recover, "seconds": seconds}


def confirmed(url, event_ids):
    """Places booked on these events, read from the database."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM booking WHERE status = 'booked' AND event_id = ANY(:ids)"),
                                {"ids": list(event_ids)}).scalar()
    finally:
        engine.dispose()


def database_outage(name):
    """Refuse new connections to `name` and end the open ones, for OUTAGE_SECONDS; then allow them again."""
    engine = _admin()
    try:
        with engine.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
            time.sleep(OUTAGE_SECONDS)
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    finally:
        engine.dispose()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port, process, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {process.returncode}")
        try:
            Member(port, None).request("GET", "/")
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


def _line(label, figures, extra=""):
    kinds = ",".join(f"{k}:{v}" for k, v in sorted(figures["kinds"].items())) or "none"
    recover = "n/a" if figures["recover"] is None else f"{figures['recover']:.2f}"
    print(f"BENCH soak.{label} threads={THREADS} requests={figures['requests']} errors={figures['errors']} "
          f"error_kinds={kinds} recover_seconds={recover} bookings_made={figures['made']} "
          f"bookings_confirmed={figures['confirmed']} seconds={figures['seconds']:.1f}{extra}")


def main():
    """Make the database, serve it with gunicorn, run the baseline and the outage, print, clean up."""
    name = f"soak_{uuid.uuid4().hex[:8]}"
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    prefix = f"soak-{name}"
    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    env = {**os.environ, "SOAK_DATABASE_URL": url, "SOAK_KEY_PREFIX": prefix, "SOAK_MAIL_DIR": str(folder)}
    os.environ.update({k: env[k] for k in ("SOAK_DATABASE_URL", "SOAK_KEY_PREFIX", "SOAK_MAIL_DIR")})
    SoakConfig.SQLALCHEMY_DATABASE_URI, SoakConfig.RATELIMIT_KEY_PREFIX, SoakConfig.MAIL_DIR = url, prefix, str(folder)
    with _admin().connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    process = None
    try:
        app = soak_app()
        emails, event_ids = seed(app)
        serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]

        def flashes(cookie):
            return serializer.loads(cookie).get("_flashes", []) if cookie else []

        port = _free_port()
        log = open(folder / "gunicorn.log", "w")  # noqa: SIM115  (closed with the folder, after gunicorn)
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--threads", "4",
             "--worker-class", "gthread", "--timeout", "30", "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning", "bench.soak:soak_app()"], cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT)
        _wait_ready(port, process)
        half = len(emails) // 2
        base_events, outage_events = event_ids[:EVENTS_PER_PHASE], event_ids[EVENTS_PER_PHASE:]
        baseline = run_phase(port, emails[:half], base_events, flashes)
        baseline["confirmed"] = confirmed(url, base_events)
        outage = run_phase(port, emails[half:], outage_events, flashes, outage=lambda: database_outage(name))
        outage["confirmed"] = confirmed(url, outage_events)
        print(f"{'phase':<10}{'requests':>9}{'errors':>8}{'recover s':>10}{'booked told':>12}"
              f"{'booked in db':>13}{'seconds':>9}  error kinds")
        for label, f in (("baseline", baseline), ("outage", outage)):
            recover = "-" if f["recover"] is None else f"{f['recover']:.2f}"
            print(f"{label:<10}{f['requests']:>9}{f['errors']:>8}{recover:>10}{f['made']:>12}{f['confirmed']:>13}"
                  f"{f['seconds']:>9.1f}  {f['kinds'] or '-'}")
        _line("baseline", baseline)
        _line("outage", outage, f" ghost_bookings={outage['ghosts']} outage_seconds={OUTAGE_SECONDS} "
                                f"baseline_seconds={baseline['seconds']:.1f} "
                                f"ratio={outage['seconds'] / baseline['seconds']:.2f}")
        logged = (folder / "gunicorn.log").read_text(errors="replace")
        print(f"gunicorn logged {logged.count('Exception on ')} request errors in its log "
              f"({logged.count('not currently accepting connections')} lines name the refused connections)")
        if outage["made"] + outage["ghosts"] != outage["confirmed"] or baseline["made"] != baseline["confirmed"]:
            print("SOAK FAILED: the bookings people were told about differ from those in the database")
    finally:
        _cleanup(process, name, prefix, folder)


def _cleanup(process, name, prefix, folder):
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    except Exception as error:  # the limits expire by themselves; say so rather than fail the run
        print(f"(could not remove the soak's Redis keys: {error})")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
