"""The HTTP benchmark's sections: PostgreSQL at network scale, SQLite at demo scale, the open-model mix."""

import os
import random
import shutil
import signal
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.http.load import Call, Client, Server, drain, etag_of, open_mix, wrk
from bench.http.seed import PASSWORD, SCALES

ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parent.parent.parent
CONNS = (8, 32, 64)
# Coarse below 200/s, 25/s apart from 200 to 350/s (where the goal, half the floor page's rate, falls on
# this machine), then 50/s apart up to 500/s: at 10 s a step (full scale) the mix takes under 2.5 minutes.
MIX_RATES = (25, 50, 100, 150, 200, 225, 250, 275, 300, 325, 350, 400, 450, 500)


def _scale():
    return os.environ.get("BENCH_SCALE", "full")


def _seconds():
    return float(os.environ.get("BENCH_SECONDS", "5" if _scale() == "full" else "2"))


def workers():
    """(2 × cores) + 1, gunicorn's own advice."""
    return 2 * (os.cpu_count() or 1) + 1


def _env(url, folder, prefix):
    return {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_REDIS_URL": REDIS_URL, "BENCH_KEY_PREFIX": prefix,
            "BENCH_MAIL_DIR": str(folder / "mail"), "PYTHONPATH": str(ROOT)}


def _app_for(env):
    """The bench app in this process (for migrating and seeding), on the database named in env."""
    keys = ("BENCH_DATABASE_URL", "BENCH_REDIS_URL", "BENCH_KEY_PREFIX", "BENCH_MAIL_DIR")
    os.environ.update({k: env[k] for k in keys})
    import importlib

    from bench.http import app as bench_app_module

    importlib.reload(bench_app_module)
    return bench_app_module.bench_app()


def migrate(app):
    """Alembic to head and the default rows, as `make migrate` does."""
    from flask_migrate import upgrade

    from softlanding.core.cli import ensure_defaults
    from softlanding.core.extensions import db

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        ensure_defaults()
        db.session.commit()


def line(name, conns, fig, floor=None, minimal=None, where=""):
    """One BENCH line: the figure, the floor page's rate in the same run and the ratio (`where`, such as
    "workers=4", follows the name)."""
    parts = [f"BENCH http.{name}{' ' + where if where else ''} conns={conns} rps={fig.rps:.1f} p50_ms={fig.p50_ms:.1f} p95_ms={fig.p95_ms:.1f} "
             f"errors={fig.errors}"]
    if floor is not None:
        parts.append(f"floor_rps={floor.rps:.1f} ratio={fig.rps / max(floor.rps, 0.1):.2f}")
    if minimal is not None:
        parts.append(f"minimal_rps={minimal.rps:.1f} minimal_ratio={fig.rps / max(minimal.rps, 0.1):.2f}")
    print(" ".join(parts), flush=True)


def measure(port, targets, seconds, conns_list=CONNS, prefix="", where=""):
    """Every target at every connection count, the two baselines first at each count."""
    for conns in conns_list:
        minimal = wrk(port, "/_bench/minimal", conns, seconds)
        floor = wrk(port, "/_bench/floor", conns, seconds)
        line(f"{prefix}minimal", conns, minimal, where=where)
        line(f"{prefix}floor", conns, floor, minimal=minimal, where=where)
        for name, path, cookie, inm, against in targets:
            fig = wrk(port, path, conns, seconds, cookie=cookie, if_none_match=inm)
            line(f"{prefix}{name}", conns, fig, floor=floor, minimal=minimal if against == "minimal" else None,
                 where=where)


def rss_mb(pid):
    """Resident memory of a process, from /proc."""
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    return 0.0


# What each kind of mix request should answer, as a member would see it: a booking answers with a redirect
# to the event page whether it booked, joined the waitlist (a full event) or was refused (already booked);
# a feed poll 304 while the feed is unchanged (200 if it changed). Anything else (say, a redirect to the
# sign-in page) means the step did not measure what it says, so the step is not held.
EXPECTED = {"view_listing": {"200"}, "view_event": {"200"}, "poll_feed": {"304", "200"},
            "book": {"302 /events/N"}, "organiser_page": {"200"}}


def unexpected(result):
    """{kind: {answer: count}} of the answers outside EXPECTED (errors included)."""
    odd = {kind: {a: n for a, n in got.items() if a not in EXPECTED.get(kind, set())}
           for kind, got in result.answers.items()}
    return {kind: got for kind, got in odd.items() if got}


def mix_actions(port, seeded):
    """The mix: page views, feed polls with 304s, booking POSTs with CSRF by 60 signed-in members, organiser pages."""
    members = [Client(port).sign_in(email, PASSWORD) for email in seeded.newcomer_emails[:60]]
    tokens = {id(m): m.csrf() for m in members}
    organiser = Client(port).sign_in(seeded.organiser_email, PASSWORD)
    feed = f"/calendar/{seeded.feed_token}.ics"
    feed_etag = etag_of(port, feed)
    public_etag = etag_of(port, "/events/feed.ics")
    anon = Client(port)
    events = seeded.bookable_event_ids

    def view_listing(rng):
        return Call(rng.choice(members), "GET", "/events/" if rng.random() < .7 else "/events/?q=ARCP")

    def view_event(rng):
        return Call(rng.choice(members), "GET", f"/events/{rng.choice(events)}")

    def poll_feed(rng):
        path, tag = (feed, feed_etag) if rng.random() < .5 else ("/events/feed.ics", public_etag)
        return Call(anon, "GET", path, headers={"If-None-Match": tag})

    def book(rng):
        member = rng.choice(members)
        return Call(member, "POST", f"/events/{rng.choice(events)}/book", {"csrf_token": tokens[id(member)]})

    def organiser_page(rng):
        return Call(organiser, "GET", rng.choice(["/events/manage", "/mentoring/organiser", "/surveys/manage"]))

    return [(35, view_listing), (25, view_event), (20, poll_feed), (10, book), (10, organiser_page)]


def _answers(result):
    return " ".join(f"{kind}=" + ",".join(f"{a}x{n}" for a, n in sorted(got.items()))
                    for kind, got in sorted(result.answers.items()))


def _by_kind(result):
    return " ".join(f"{kind}={v['p50_ms']:.0f}/{v['p95_ms']:.0f}" for kind, v in sorted(result.by_kind.items()))


def mix(port, seeded, seconds, rates=MIX_RATES):
    """Step the open-model mix up in rate; the highest step with p95 < 200 ms, no error and only the
    expected answers is sustained."""
    actions = mix_actions(port, seeded)
    # Every worker's first requests to each page load templates and fill per-process caches; a short
    # unjudged step at the lowest rate does that before the first judged one (it books, as the steps do).
    warm = open_mix(port, actions, rates[0], min(seconds, 4.0), seed=0)
    print(f"  mix warm-up rate={rates[0]}/s done={warm.done} p95_ms={warm.p95_ms:.1f} errors={warm.errors}", flush=True)
    sustained, at_p95 = 0.0, 0.0
    for rate in rates:
        drain(port)
        result = open_mix(port, actions, rate, seconds, seed=rate)
        odd = unexpected(result)
        ok = result.errors == 0 and result.p95_ms < 200 and not odd
        print(f"  mix step rate={rate}/s done={result.done} p50_ms={result.p50_ms:.1f} p95_ms={result.p95_ms:.1f} "
              f"errors={result.errors} {result.kinds or ''} "
              f"client_cpu_ms_per_req={result.client_cpu_ms_per_request:.2f} client_max_lag_ms={result.max_lag_ms:.1f} "
              f"{'held' if ok else 'not held'}", flush=True)
        if rate == rates[0] or odd or not ok:
            print(f"    answers: {_answers(result)}", flush=True)
            print(f"    p50/p95 ms by kind: {_by_kind(result)}", flush=True)
        if odd:
            print(f"    unexpected answers: {odd}", flush=True)
        if not ok:
            break
        sustained, at_p95 = rate, result.p95_ms
    return sustained, at_p95


@contextmanager
def _served_postgres(with_data=True):
    """A new PostgreSQL database at BENCH_SCALE, seeded (unless `with_data` is false: then migrated only, and
    None stands for the seed) and served by (2 × cores) + 1 workers; dropped after."""
    from bench.http.seed import seed

    name = f"benchhttp_{uuid.uuid4().hex[:8]}"
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    folder = Path(tempfile.mkdtemp(prefix="bench-http-"))
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    server = None
    try:
        env = _env(url, folder, f"bench-{name}")
        app = _app_for(env)
        migrate(app)
        if not with_data:
            server = Server(env, workers(), folder / "gunicorn.log")
            yield server, None
            return
        scale = SCALES[_scale()]
        seeded = seed(app, scale)
        print(f"BENCH http.seed engine=postgresql scale={_scale()} members={scale.members} reps={scale.reps} "
              f"events={scale.events} bookings={scale.bookings} waiting={scale.waiting} "
              f"responses={scale.responses} codings={scale.codings} rows={seeded.rows} seconds={seeded.seconds:.1f}",
              flush=True)
        server = Server(env, workers(), folder / "gunicorn.log")
        yield server, seeded
    finally:
        if server is not None:
            server.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        _drop_keys(f"bench-{name}")
        shutil.rmtree(folder, ignore_errors=True)


def _mix_line(port, seeded, where="engine=postgresql"):
    floor = wrk(port, "/_bench/floor", 32, _seconds())
    sustained, p95 = mix(port, seeded, 2 * _seconds())
    print(f"BENCH http.mix {where} sustained_rps={sustained} p95_ms={p95:.1f} errors=0 "
          f"floor_rps={floor.rps:.1f} ratio={sustained / max(floor.rps, 0.1):.2f}", flush=True)


def endpoint_targets(port, seeded):
    """(name, path, cookie, If-None-Match, against) for every page the bench loads, signed in as the load
    needs; a page that does not answer 200 before the load is named (the figure would measure an error)."""
    organiser = Client(port).sign_in(seeded.organiser_email, PASSWORD).cookie_header()
    waiting = Client(port).sign_in(seeded.waiting_email, PASSWORD).cookie_header()
    newcomer = Client(port).sign_in(seeded.newcomer_emails[0], PASSWORD).cookie_header()
    personal = f"/calendar/{seeded.feed_token}.ics"
    targets = [
        ("healthz", "/healthz", "", "", "minimal"),
        ("events.listing", "/events/", "", "", None),
        ("events.listing_deep", f"/events/?page={seeded.deep_page}", "", "", None),
        ("events.search", "/events/?q=ARCP&category=arcp&format=online", "", "", None),
        ("events.listing_signed_in", "/events/", newcomer, "", None),
        ("events.page", f"/events/{seeded.event_id}", newcomer, "", None),
        ("feed.public_200", "/events/feed.ics", "", "", None),
        ("feed.public_304", "/events/feed.ics", "", etag_of(port, "/events/feed.ics"), "minimal"),
        ("feed.personal_200", personal, "", "", None),
        ("feed.personal_304", personal, "", etag_of(port, personal), "minimal"),
        ("mentoring.suggestions", "/mentoring/", waiting, "", None),
        ("mentoring.browse", "/mentoring/mentors", newcomer, "", None),
        ("analysis.workspace", "/analysis/", organiser, "", None),
        ("feedback.report", "/surveys/report", organiser, "", None),
    ]
    for name_, path, cookie, _, _ in targets:
        status = Client(port)
        status.cookies = dict(part.split("=", 1) for part in cookie.split("; ")) if cookie else {}
        got = status.request("GET", path)[0]
        if got != 200:
            print(f"  warning: {name_} {path} answers {got} before the load")
    return targets


def postgres():
    """Network scale on PostgreSQL: seed, serve with (2 × cores) + 1 workers, measure, mix."""
    with _served_postgres() as (server, seeded):
        port = server.port
        idle = [rss_mb(p) for p in server.worker_pids()]
        measure(port, endpoint_targets(port, seeded), _seconds())
        print(f"BENCH http.idle_worker_rss engine=postgresql workers={len(idle)} "
              f"max_mb={max(idle, default=0):.1f} mean_mb={sum(idle) / max(1, len(idle)):.1f}", flush=True)
        _mix_line(port, seeded)


def mix_only():
    """Only the open-model mix on PostgreSQL (seed, serve, the floor page, the mix): for working on the mix."""
    with _served_postgres() as (server, seeded):
        _mix_line(server.port, seeded)


def _drop_keys(prefix):
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"*{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    except Exception as error:  # limits expire by themselves; say so rather than fail the run
        print(f"(could not remove the bench's Redis keys: {error})")


def sqlite():
    """The embedded default at demo scale: the listing with 1 and with 4 workers, beside the baselines."""
    from bench.http.sqlite import sqlite as measure_sqlite

    measure_sqlite(_seconds())


def stop_on_sigterm():
    """SIGTERM (a timeout, Ctrl-C in a supervisor) ends the run through its clean-up: gunicorn stopped, database dropped."""
    def handler(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, handler)


def main(argv=None):
    """Run the named sections (default: postgres and sqlite)."""
    random.seed(1)
    stop_on_sigterm()
    sections = {"postgres": postgres, "sqlite": sqlite, "mix": mix_only}
    names = list(argv or ["postgres", "sqlite"])
    if shutil.which("wrk") is None:
        if argv is None:  # a section of `make bench`: say why it is left out, run the others
            print("bench.http skipped: wrk is not on PATH (Debian: apt-get install wrk); `make bench-http` needs it")
            return
        raise SystemExit("bench-http needs wrk on PATH (Debian: apt-get install wrk)")
    for name in names:
        if name == "scaleout":
            from bench.http.scaleout import main as scaleout

            scaleout()
            continue
        if name not in sections:
            raise SystemExit(f"no section {name} (have: postgres, sqlite, mix, scaleout)")
        print(f"== bench.http {name} (scale={_scale()}, {_seconds():g} s per run, {workers()} workers on PostgreSQL)")
        sections[name]()
