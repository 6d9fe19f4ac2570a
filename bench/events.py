"""Events at scale: 5,000 events and 50,000 bookings in a temporary SQLite file.

Times, in the same run: the listing page (events.index) beside a minimal Flask route; the public
feed (/events/feed.ics, full build) beside raw `icalendar` serialisation of the same events; the
feed's 304 answer beside its full build; the project's pure renderer beside raw `icalendar`.
"Cold" means the per-event VEVENT cache is empty (as after a restart); "warm" is the usual case,
where only events changed since the last build are serialised again.
"""

import random
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import insert

from ._common import make_app, median_time, print_figures

N_EVENTS, N_BOOKINGS, N_USERS = 5_000, 50_000, 2_000
CATEGORIES = ["arcp", "eportfolio", "mrcpch", "mock_interview", "induction", "academic",
              "wellbeing_culture", "other"]
ZONES = ["Europe/London"] * 8 + ["Asia/Kolkata", "Africa/Lagos"]






def populate(seed=11):
    """Users, events (half a year back to a year ahead) and bookings, inserted in bulk."""
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.events.models import Booking, Event
    from softlanding.blueprints.profiles.models import Profile
    from softlanding.core import reference
    from softlanding.core.extensions import db

    rng = random.Random(seed)
    db.create_all()
    reference.ensure_defaults()
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    db.session.execute(insert(User), [
        {"id": i, "email": f"bench{i}@example.org", "full_name": f"Bench Person {i}", "password_hash": "x",
         "session_token": f"t{i}", "created_at": now, "is_active_account": True} for i in range(1, N_USERS + 1)])
    db.session.execute(insert(Profile), [
        {"user_id": i, "display_name": f"Person{i}", "career_stage": "st1_4", "region": "london",
         "mrcpch": {}, "subspecialties": [], "languages": ["en"], "timezone": "Europe/London", "bio": "",
         "visibility": "members", "updated_at": now} for i in range(1, N_USERS + 1)])
    events = []
    for i in range(1, N_EVENTS + 1):
        starts = now + timedelta(hours=rng.randint(-24 * 182, 24 * 365))
        status = rng.choices(["published", "cancelled", "draft"], [90, 5, 5])[0]
        fmt = rng.choice(["online", "in_person", "hybrid"])
        events.append({
            "id": i, "title": f"Webinar {i}: preparing for the next step — تحضير 准备", "category": rng.choice(CATEGORIES),
            "description_html": "<p>" + "A practical session with time for questions. " * 8 + "</p><ul><li>One</li></ul>",
            "starts_at": starts, "ends_at": starts + timedelta(minutes=rng.choice([60, 90, 120])),
            "timezone": rng.choice(ZONES), "format": fmt, "venue": "" if fmt == "online" else f"Room {i}, Leeds",
            "join_link": "https://meet.example.org/x" if fmt != "in_person" else "", "capacity": rng.choice([None, 20, 50]),
            "career_stages": ["st1_4"], "mwres_indicators": [], "status": status, "review_comment": "",
            "cancel_reason": "Speaker unwell" if status == "cancelled" else "", "host_id": rng.randint(1, 200),
            "sequence": rng.randint(0, 3), "recording_url": "", "resources_public": False, "created_at": now,
            "updated_at": now, "published_at": now if status != "draft" else None})
    db.session.execute(insert(Event), events)
    bookings = []
    for event_id in range(1, N_EVENTS + 1):
        for position, user_id in enumerate(rng.sample(range(1, N_USERS + 1), N_BOOKINGS // N_EVENTS)):
            bookings.append({"event_id": event_id, "user_id": user_id, "created_at": now,
                             "status": "booked" if position < 8 else rng.choice(["waitlisted", "cancelled"])})
    db.session.execute(insert(Booking), bookings)
    db.session.commit()


def raw_icalendar(items):
    """The baseline: the same VEVENTs built and serialised directly with `icalendar`."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//bench//EN")
    cal.add("version", "2.0")
    for item in items:
        zone = ZoneInfo(item.tzid)
        ev = icalendar.Event()
        ev.add("uid", item.uid)
        ev.add("dtstamp", item.dtstamp)
        ev.add("dtstart", item.starts_at.astimezone(zone))
        ev.add("dtend", item.ends_at.astimezone(zone))
        ev.add("sequence", item.sequence)
        ev.add("last-modified", item.last_modified)
        ev.add("status", item.status.upper())
        ev.add("summary", item.summary)
        ev.add("description", item.description_text)
        ev.add("url", item.url)
        if item.location:
            ev.add("location", item.location)
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()


def main():
    """Build the data set, time everything in one run, print a table and BENCH lines."""
    folder = Path(tempfile.mkdtemp(prefix="bench-events-"))
    try:
        app = make_app(folder)
        with app.app_context():
            start = time.perf_counter()
            populate()
            setup_seconds = time.perf_counter() - start
        client = app.test_client()
        has_listing = "events.index" in app.view_functions
        figures = []

        minimal = median_time(lambda: client.get("/_bench/minimal"), 50)
        if has_listing:
            with app.test_request_context():
                listing_url = app.url_for("events.index")
            assert client.get(listing_url).status_code == 200
            listing = median_time(lambda: client.get(listing_url), 20)
            figures.append(("listing", "events.index page 1 (HTTP)", listing, "minimal Flask route", minimal))
            filtered = median_time(lambda: client.get(listing_url + "?category=mrcpch&format=online&q=practical"), 20)
            figures.append(("listing_filtered", "events.index with 3 filters", filtered, "minimal Flask route", minimal))

        from softlanding.lib.ical.render import _vevent_bytes
        from softlanding.lib.sanitize import html_to_text

        def cold_feed():
            # As after a restart: no VEVENT or description text cached yet.
            _vevent_bytes.cache_clear()
            html_to_text.cache_clear()
            return client.get("/events/feed.ics")

        feed = cold_feed()
        assert feed.status_code == 200
        feed_seconds = median_time(cold_feed, 3)
        warm_seconds = median_time(lambda: client.get("/events/feed.ics"), 5)
        with app.app_context():
            from softlanding.blueprints.calendar import feeds as cal_service
            from softlanding.lib.ical import render_feed

            now = datetime.now(UTC)
            rows = cal_service._rows(cal_service._public_scope(None), now)
            items = [cal_service.calendar_item(r) for r in rows]
            raw = median_time(lambda: raw_icalendar(items), 3)

            def ours_cold():
                _vevent_bytes.cache_clear()
                return render_feed(items, name="Soft Landing events")

            ours = median_time(ours_cold, 3)
        feed_events = len(items)
        figures.append(("public_feed", f"feed.ics, {feed_events} events, cold", feed_seconds,
                        "raw icalendar, same events", raw))
        figures.append(("public_feed_warm", "feed.ics, VEVENTs cached", warm_seconds,
                        "raw icalendar, same events", raw))
        figures.append(("feed_render", "pure renderer, cold, no DB/HTTP", ours, "raw icalendar, same events", raw))
        etag = feed.headers["ETag"]
        not_modified = median_time(lambda: client.get("/events/feed.ics", headers={"If-None-Match": etag}), 20)
        figures.append(("public_feed_304", "feed.ics, If-None-Match (304)", not_modified,
                        "feed.ics, cold", feed_seconds))

        print(f"events={N_EVENTS} bookings={N_BOOKINGS} users={N_USERS} setup={setup_seconds:.1f}s "
              f"(SQLite file, median of repeated runs)")
        if not has_listing:
            print("events.index is not registered: the listing page was not benchmarked")
        print_figures("events", figures, f"events={N_EVENTS} bookings={N_BOOKINGS} feed_events={feed_events}",
                      label_width=40)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
