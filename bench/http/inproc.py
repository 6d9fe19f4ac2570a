"""The HTTP benchmark's pages timed in one process, beside the floor page, for finding where the time goes.

    python -m bench.http.inproc                     # seed a fresh PostgreSQL database, time every page, drop it
    python -m bench.http.inproc --keep              # ... and keep the database (its name is printed)
    python -m bench.http.inproc --db NAME           # reuse a kept database (migrated to head first)
    python -m bench.http.inproc --db NAME --only events.listing --profile   # cProfile of one page
    python -m bench.http.inproc --db NAME --only events.book --profile      # ... or of the booking POST

Each figure is the median of `--repeat` requests through Flask's test client (no sockets, no gunicorn), so
it is steadier than wrk on a busy machine; the ratio floor_ms / page_ms approximates wrk's rps ratio from
above (wrk also pays each request's HTTP and worker cost, which is the same for both). page/floor is
against the floor page timed just before and just after the page (as many requests each), so a machine whose
other work comes and goes moves both alike; floor/page is against the floor line at the start.

`events.book` is the mix's booking POST: signed-in members each book, with their session's CSRF token, an
upcoming event they hold no booking on (a new booking and its confirmation mail, as most of the mix's
bookings are), answered with the redirect to the event page. Every request books a different pair, so
each run adds bookings to a kept database; there are far more free pairs than any run uses.
"""

import argparse
import cProfile
import pstats
import re
import statistics
import time
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.http.run import ADMIN_URL, _app_for, _env, migrate
from bench.http.seed import PASSWORD, SCALES, seed

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _sign_in(app, email):
    client = app.test_client()
    token = CSRF_RE.search(client.get("/account/login").get_data(as_text=True)).group(1)
    response = client.post("/account/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and "/account/login" not in response.headers.get("Location", ""), email
    return client


def targets(app, seeded):
    """(name, client, path) for every page the HTTP bench loads."""
    anon = app.test_client()
    newcomer = _sign_in(app, seeded.newcomer_emails[0])
    waiting = _sign_in(app, seeded.waiting_email)
    organiser = _sign_in(app, seeded.organiser_email)
    return [
        ("floor", anon, "/_bench/floor"),
        ("minimal", anon, "/_bench/minimal"),
        ("healthz", anon, "/healthz"),
        ("events.listing", anon, "/events/"),
        ("events.listing_deep", anon, "/events/?page=40"),
        ("events.search", anon, "/events/?q=ARCP&category=arcp&format=online"),
        ("events.listing_signed_in", newcomer, "/events/"),
        ("events.page", newcomer, f"/events/{seeded.event_id}"),
        ("feed.personal_200", anon, f"/calendar/{seeded.feed_token}.ics"),
        ("mentoring.suggestions", waiting, "/mentoring/"),
        ("mentoring.browse", newcomer, "/mentoring/mentors"),
        ("analysis.workspace", organiser, "/analysis/"),
        ("feedback.report", organiser, "/surveys/report"),
        ("events.manage", organiser, "/events/manage"),
        ("events.book", Booker(app, seeded.newcomer_emails[1:4]), "POST /events/<id>/book"),
        ("mentoring.organiser", organiser, "/mentoring/organiser"),
        ("surveys.manage", organiser, "/surveys/manage"),
    ]


class Booker:
    """The booking POST as the mix makes it: POST /events/<id>/book with the member's CSRF token, a new
    (member, event) pair each time; the flash message it leaves is dropped (the mix never reads it)."""

    def __init__(self, app, emails, per_member=200):
        from softlanding.core.extensions import db

        self.pairs = []
        for email in emails:
            with app.app_context():
                free = db.session.execute(text(
                    "SELECT e.id FROM event e WHERE e.status = 'published' AND e.capacity IS NULL "
                    "AND e.starts_at > now() + interval '2 days' AND NOT EXISTS (SELECT 1 FROM booking b "
                    "JOIN \"user\" u ON u.id = b.user_id WHERE b.event_id = e.id AND u.email = :email) "
                    "ORDER BY e.id LIMIT :n"), {"email": email, "n": per_member}).scalars().all()
            client = _sign_in(app, email)
            token = CSRF_RE.search(client.get("/events/").get_data(as_text=True)).group(1)
            self.pairs += [(client, token, event_id) for event_id in free]
        self.pairs.reverse()

    def __call__(self):
        """One booking: (milliseconds of the POST alone, then its answer checked untimed); fails loudly
        unless it answered with the redirect to the event page and the booked message."""
        client, token, event_id = self.pairs.pop()
        began = time.perf_counter()
        response = client.post(f"/events/{event_id}/book", data={"csrf_token": token})
        ms = (time.perf_counter() - began) * 1000
        location = response.headers.get("Location", "")
        assert response.status_code == 302 and location.endswith(f"/events/{event_id}"), (response.status, location)
        with client.session_transaction() as session:
            flashes = session.pop("_flashes", [])
        assert any("You are booked" in message for _, message in flashes), flashes
        return ms


def time_page(client, path, repeat, floor=None):
    """Median milliseconds of `repeat` GETs (after two warm-ups); fails loudly on a non-200.
    A Booker in place of the client: of `repeat` bookings (after two). With `floor` (a client): the floor page
    is timed as often just before and just after, and (page ms, floor ms) is returned, so a machine whose
    load changes during the run moves both alike."""
    if floor is not None:
        before = time_page(floor, "/_bench/floor", repeat)
        page = time_page(client, path, repeat)
        return page, statistics.mean([before, time_page(floor, "/_bench/floor", repeat)])
    if isinstance(client, Booker):
        times = [client() for _ in range(repeat + 2)][2:]
        return statistics.median(times)
    for _ in range(2):
        status = client.get(path).status_code
        assert status == 200, f"{path} answered {status}"
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _statement_counter(app):
    """[n]: the statements sent to the database so far (one more request after timing shows a page's count)."""
    from sqlalchemy import event

    from softlanding.core.extensions import db

    count = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *_: count.__setitem__(0, count[0] + 1))
    return count


def seeded_info(scale):
    """The Seeded facts of a database made by seed() at `scale` (seed() is deterministic)."""
    from bench.http.seed import Seeded

    s = SCALES[scale]
    first = s.reps + 2
    return Seeded(organiser_email="m1@example.org",
                  newcomer_emails=[f"m{i}@example.org" for i in range(first + s.waiting, s.members)],
                  waiting_email=f"m{first}@example.org", bookable_event_ids=[], event_id=0,
                  feed_token="benchfeedtoken" + "x" * 30, seconds=0.0, rows=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="reuse this (seeded) database instead of making one")
    parser.add_argument("--keep", action="store_true", help="keep the database made for this run")
    parser.add_argument("--scale", default="full", choices=sorted(SCALES))
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", action="append", help="time only these pages (repeatable)")
    parser.add_argument("--profile", action="store_true", help="cProfile the --only pages, top 40 by cumulative")
    args = parser.parse_args(argv)

    name = args.db or f"benchinproc_{uuid.uuid4().hex[:8]}"
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    if not args.db:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        import tempfile
        from pathlib import Path

        app = _app_for(_env(url, Path(tempfile.mkdtemp(prefix="bench-inproc-")), f"bench-{name}"))
        migrate(app)
        if args.db:
            info = seeded_info(args.scale)
            with app.app_context():
                from softlanding.core.extensions import db

                info.event_id = db.session.execute(text(
                    "SELECT id FROM event WHERE status='published' AND capacity IS NULL AND starts_at > now() "
                    "+ interval '2 days' ORDER BY id LIMIT 1")).scalar_one()
        else:
            info = seed(app, SCALES[args.scale])
            print(f"seeded {name} ({args.scale}) in {info.seconds:.1f} s", flush=True)
        pages = targets(app, info)
        statements = _statement_counter(app)
        floor_ms = None
        for page, client, path in pages:
            if args.only and page not in args.only and page != "floor":
                continue
            if page == "floor":
                ms = floor_ms = time_page(client, path, args.repeat)
                beside = ms
            else:
                ms, beside = time_page(client, path, args.repeat, floor=pages[0][1])
            before = statements[0]
            client() if isinstance(client, Booker) else client.get(path)
            print(f"INPROC {page:28s} {ms:8.2f} ms  floor/page={floor_ms / ms:5.2f}  page/floor={ms / beside:5.2f} "
                  f"(floor beside it {beside:.2f} ms)  statements={statements[0] - before}", flush=True)
            if args.profile and page != "floor":
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.repeat):
                    client() if isinstance(client, Booker) else client.get(path)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    finally:
        if args.keep or args.db:
            print(f"database kept: {name} ({url})")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
