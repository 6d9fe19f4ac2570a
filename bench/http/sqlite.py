"""The HTTP benchmark's SQLite section: the embedded default at demo scale, with 1 and with 4 workers.

With each worker count it measures what the PostgreSQL section measures (every page at 8, 32 and 64
connections beside the minimal route and the floor page, then the open-model mix), signed in as the demo's
own members. Then the workers' ratio.

The goal it checks (4 workers serve at least 1.6 × what 1 worker serves for the listing) is a ratio of two
runs. On a shared 2-core machine one run's rate can swing by a third with what the neighbours do, so a
single pair measures the machine as much as the code. Both servers therefore run side by side on the same
file (an idle one costs nothing), and the runs alternate between them over several rounds, the order
flipped each round; each figure is the median of its rounds, and the ratio is the median of the rounds'
own ratios (each taken from two runs seconds apart). The floor page's ratio is printed beside it: the same
measurement of a page with no domain code, so a low figure on a noisy machine shows as a low floor too.
The CPU time the hypervisor took from this machine during the section (steal) is printed as well.
"""

import os
import re
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from bench.http import run as http
from bench.http.load import Server, etag_of, wrk
from bench.http.seed import PASSWORD, Seeded

WORKERS = (1, 4)
# Runs per worker count and page; with BENCH_SECONDS=3 the section takes about 2 minutes.
ROUNDS = int(os.environ.get("BENCH_SQLITE_ROUNDS", "3"))
CONNS = 16


def cpu_steal_share():
    """A function that, called later, returns the share of CPU time stolen since now (from /proc/stat)."""
    def read():
        try:
            fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        except (OSError, ValueError, IndexError):
            return 0, 0
        return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])

    steal0, total0 = read()

    def since():
        steal1, total1 = read()
        return (steal1 - steal0) / max(1, total1 - total0)

    return since


def median_figure(figures):
    """The run with the median rate (its own p50 and p95 go with it)."""
    ordered = sorted(figures, key=lambda fig: fig.rps)
    return ordered[len(ordered) // 2]


def measure_rounds(ports, seconds, rounds=ROUNDS, run=wrk):
    """{workers: {page: [Figure per round]}} for the minimal route, the floor page, the listing and the
    public feed's 304, alternating between the servers (the order flipped each round)."""
    tag = etag_of(ports[WORKERS[0]], "/events/feed.ics")
    pages = (("minimal", "/_bench/minimal", ""), ("floor", "/_bench/floor", ""), ("events.listing", "/events/", ""),
             ("feed.public_304", "/events/feed.ics", tag))
    got = {n: {label: [] for label, _, _ in pages} for n in ports}
    for number in range(rounds):
        order = list(ports) if number % 2 == 0 else list(reversed(ports))
        for label, path, if_none_match in pages:
            for n in order:
                got[n][label].append(run(ports[n], path, CONNS, seconds, if_none_match=if_none_match))
    return got


def round_ratios(got, label):
    """Each round's rate with 4 workers over its rate with 1."""
    return [four.rps / max(one.rps, 0.1) for one, four in zip(got[WORKERS[0]][label], got[WORKERS[1]][label],
                                                             strict=True)]


def report(got, steal):
    """The BENCH lines: each figure as the median of its rounds, then the workers' ratio beside the floor's."""
    for n, pages in got.items():
        minimal = median_figure(pages["minimal"])
        for label in ("minimal", "floor"):
            fig = median_figure(pages[label])
            print(f"BENCH http.sqlite.{label} workers={n} conns={CONNS} rps={fig.rps:.1f} "
                  f"p95_ms={fig.p95_ms:.1f} errors={sum(f.errors for f in pages[label])} rounds={len(pages[label])}")
        for label in ("events.listing", "feed.public_304"):
            fig = median_figure(pages[label])
            print(f"BENCH http.sqlite.{label} workers={n} conns={CONNS} rps={fig.rps:.1f} p50_ms={fig.p50_ms:.1f} "
                  f"p95_ms={fig.p95_ms:.1f} errors={sum(f.errors for f in pages[label])} "
                  f"minimal_rps={minimal.rps:.1f} ratio={fig.rps / max(minimal.rps, 0.1):.2f}", flush=True)
    listing, floor = round_ratios(got, "events.listing"), round_ratios(got, "floor")
    one, four = (median_figure(got[n]["events.listing"]) for n in WORKERS)
    print(f"BENCH http.sqlite.workers listing_rps_1={one.rps:.1f} listing_rps_4={four.rps:.1f} "
          f"ratio={statistics.median(listing):.2f} rounds={','.join(f'{r:.2f}' for r in listing)} "
          f"floor_ratio={statistics.median(floor):.2f} floor_rounds={','.join(f'{r:.2f}' for r in floor)} "
          f"cpu_steal_pct={100 * steal:.1f}", flush=True)


def demo_seeded(app):
    """What the load needs, read from the demo's data: its organiser, a newcomer waiting for a mentor,
    newcomers to sign in as, upcoming events to book, the listing's last page, and a personal feed."""
    from sqlalchemy import exists, select

    from softlanding.blueprints.accounts.models import User, UserRole
    from softlanding.blueprints.calendar.models import CalendarFeedToken
    from softlanding.blueprints.events.models import Event
    from softlanding.blueprints.mentoring.models import MenteePreference
    from softlanding.core.db import utcnow
    from softlanding.core.extensions import db

    with app.app_context():
        plain = (User.is_active_account.is_(True), User.suspended_at.is_(None), User.erased_at.is_(None),
                 User.email_verified_at.is_not(None))
        waiting = db.session.scalar(select(User.email).join(MenteePreference, MenteePreference.user_id == User.id)
                                    .where(MenteePreference.seeking.is_(True), *plain).order_by(User.id).limit(1))
        newcomers = db.session.execute(select(User.id, User.email).where(
            ~exists().where(UserRole.user_id == User.id), User.email != waiting, *plain)
            .order_by(User.id).limit(60)).all()
        events = db.session.scalars(select(Event.id).where(
            Event.status == "published", Event.starts_at > utcnow() + timedelta(days=2)).order_by(Event.id)).all()
        token = db.session.scalar(select(CalendarFeedToken.token).where(CalendarFeedToken.user_id == newcomers[0].id))
        if token is None:
            token = "benchdemofeed" + uuid.uuid4().hex
            db.session.add(CalendarFeedToken(user_id=newcomers[0].id, token=token))
            db.session.commit()
        listing = app.test_client().get("/events/").get_data(as_text=True)
    pages = [int(n) for n in re.findall(r"[?&]page=(\d+)", listing)]
    return Seeded(organiser_email="organiser@example.org", newcomer_emails=[row.email for row in newcomers],
                  waiting_email=waiting, bookable_event_ids=list(events), event_id=events[0], feed_token=token,
                  seconds=0.0, rows=0, deep_page=max(pages, default=1))


def sqlite(seconds):
    """Seed the demo into a new SQLite file and serve it with 1 and with 4 workers side by side: every page
    and the mix with each, then the workers' ratio in alternating rounds."""
    from softlanding.core.demo import seed
    from softlanding.core.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="bench-http-sqlite-"))
    url = f"sqlite:///{folder / 'demo.db'}"
    env = {**http._env(url, folder, f"bench-sqlite-{uuid.uuid4().hex[:6]}"), "BENCH_REDIS_URL": ""}
    servers = {}
    try:
        app = http._app_for(env)
        http.migrate(app)
        with app.app_context():
            began = time.perf_counter()
            seed(PASSWORD)
            db.session.commit()
            print(f"BENCH http.seed engine=sqlite scale=demo seconds={time.perf_counter() - began:.1f}", flush=True)
        seeded = demo_seeded(app)
        for n in WORKERS:
            servers[n] = Server(env, n, folder / f"gunicorn-{n}.log")
        for n, server in servers.items():
            targets = http.endpoint_targets(server.port, seeded)
            http.measure(server.port, targets, seconds, prefix="sqlite.", where=f"workers={n}")
            http._mix_line(server.port, seeded, where=f"engine=sqlite workers={n}")
        steal = cpu_steal_share()
        got = measure_rounds({n: server.port for n, server in servers.items()}, seconds)
        report(got, steal())
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
