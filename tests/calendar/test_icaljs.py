"""ical.js (Thunderbird's parser) reads our feeds and invitations at the right London times, across
the March and October clock changes, including an overnight event spanning the spring change.

Before each change date had its own RDATE line, ical.js read only the first date of a list and showed
events after later changes an hour late; an onset written an hour late put the overnight event out.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.calendar import feeds as calendar
from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events.models import Event
from softlanding.core.extensions import db
from tests.factories import make_event, make_user, read_mail
from tests.support.calendar_parsers import by_uid, uid
from tests.support.icaljs import parse_with_icaljs, require_icaljs

LONDON = ZoneInfo("Europe/London")
# (local start, hours, expected local start and end as ical.js shows them, UTC start and end)
CASES = [
    (datetime(2027, 3, 27, 10, 0), 1, "2027-03-27T10:00", "2027-03-27T11:00", "2027-03-27T10:00", "2027-03-27T11:00"),
    (datetime(2027, 3, 28, 10, 0), 1, "2027-03-28T10:00", "2027-03-28T11:00", "2027-03-28T09:00", "2027-03-28T10:00"),
    (datetime(2027, 10, 30, 10, 0), 1, "2027-10-30T10:00", "2027-10-30T11:00", "2027-10-30T09:00", "2027-10-30T10:00"),
    (datetime(2027, 10, 31, 10, 0), 1, "2027-10-31T10:00", "2027-10-31T11:00", "2027-10-31T10:00", "2027-10-31T11:00"),
    (datetime(2028, 3, 26, 10, 0), 1, "2028-03-26T10:00", "2028-03-26T11:00", "2028-03-26T09:00", "2028-03-26T10:00"),
    # Overnight across the spring change: 00:30 GMT to 03:30 BST is two real hours.
    (datetime(2028, 3, 26, 0, 30), 2, "2028-03-26T00:30", "2028-03-26T03:30", "2028-03-26T00:30", "2028-03-26T02:30"),
    (datetime(2028, 10, 29, 10, 0), 1, "2028-10-29T10:00", "2028-10-29T11:00", "2028-10-29T10:00", "2028-10-29T11:00"),
]


def _make_events(person):
    ids = {}
    for local, hours, *expected in CASES:
        starts = local.replace(tzinfo=LONDON).astimezone(UTC)
        event = make_event(starts_at=starts, ends_at=starts + timedelta(hours=hours), title=f"Clock {local:%Y-%m-%d %H:%M}")
        bookings.book(person, event.id)
        ids[event.id] = expected
    return ids


def _check(events, ids, name):
    seen = {e["uid"]: e for e in events}
    for event_id, (start_local, end_local, start_utc, end_utc) in ids.items():
        got = seen.get(uid(event_id))
        assert got is not None, f"{name}: event {event_id} missing"
        assert got["tzid"] == "Europe/London", name
        assert (got["start_local"], got["end_local"]) == (start_local, end_local), (name, got)
        assert (got["start_utc"], got["end_utc"]) == (start_utc, end_utc), (name, got)


def test_icaljs_reads_public_category_and_personal_feeds_at_the_right_times(app, client):
    require_icaljs()
    with app.app_context():
        person = make_user()
        ids = _make_events(person)
        token = calendar.reset_feed_token(db.session.get(User, person.id))
        db.session.commit()
    files = {"public": client.get("/events/feed.ics").data,
             "category": client.get("/events/feed.ics?category=arcp").data,
             "personal": client.get(f"/calendar/{token}.ics").data}
    for name, data in files.items():
        rdates = [line for line in data.split(b"\r\n") if line.startswith(b"RDATE")]
        assert len(rdates) >= 2 and not any(b"," in line for line in rdates), name  # one date per line
        by_uid(data)  # the `ical` and `vobject` parsers agree with each other too
    parsed = parse_with_icaljs(files)
    for name in files:
        _check(parsed[name]["events"], ids, name)


def test_icaljs_reads_the_booking_invitation_at_the_slot_of_the_clock_change(app, mail_dir):
    require_icaljs()
    with app.app_context():
        person = make_user()
        local = datetime(2027, 3, 28, 10, 0, tzinfo=LONDON)
        event = make_event(starts_at=local.astimezone(UTC), title="Invitation across the change")
        bookings.book(person, event.id)
        db.session.commit()
        [message] = read_mail(mail_dir, to=person.email, deliver=True)
        event_id, sequence = event.id, db.session.get(Event, event.id).sequence
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    data = part.get_content()
    data = data.encode() if isinstance(data, str) else data
    parsed = parse_with_icaljs({"invite": data})["invite"]
    assert parsed["method"] == "REQUEST"
    [got] = parsed["events"]
    assert got["uid"] == uid(event_id) and got["sequence"] >= sequence
    assert (got["start_local"], got["start_utc"]) == ("2027-03-28T10:00", "2027-03-28T09:00")
