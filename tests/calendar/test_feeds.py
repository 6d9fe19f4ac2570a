"""Per-event .ics downloads and the public feed, through HTTP, parsed by two independent parsers."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from softlanding.blueprints.calendar import feeds as calendar
from softlanding.blueprints.events.models import Event
from softlanding.core.extensions import db
from tests.factories import add_cohost, commit_ids, make_event
from tests.support.calendar_parsers import by_uid, check_wire_format, parse_both, uid, vevents

SECRET = "secret-room-42"



def test_event_download_is_one_vevent_attachment_with_every_property(app, client):
    with app.app_context():
        event = make_event(title="Ready for ARCP", format="hybrid", venue="RCPCH, 5-11 Theobalds Road, London",
                           description_html='<p>Bring your <em>portfolio</em>.</p><script>x()</script>')
        local_start = event.starts_at.astimezone(ZoneInfo("Europe/London"))
        event_id = commit_ids(event)
    response = client.get(f"/events/{event_id}.ics", headers={"Host": "evil.example.com"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = response.data
    check_wire_format(data)
    ical_calendar, vcal = parse_both(data)
    assert ical_calendar.method == "PUBLISH" and len(vevents(vcal)) == 1
    assert b"X-WR-CALNAME" not in data and b"\r\nNAME:" not in data
    item, vevent = by_uid(data)[uid(event_id)]  # UID from the configured domain, not the Host header
    assert b"evil.example.com" not in data
    assert item.summary == "Ready for ARCP"
    assert item.status.value == "CONFIRMED"
    assert item.location == "RCPCH, 5-11 Theobalds Road, London"
    assert item.url == f"http://127.0.0.1:5000/events/{event_id}"
    assert "Bring your portfolio." in item.description and "<" not in item.description
    assert "x()" not in item.description
    assert item.dtstamp.tzinfo is not None and item.last_modified is not None
    assert b"DTSTAMP:" in data and data.split(b"DTSTAMP:")[1].split(b"\r\n")[0].endswith(b"Z")
    assert f"DTSTART;TZID=Europe/London:{local_start:%Y%m%dT%H%M%S}".encode() in data
    assert [tz.tz_id for tz in ical_calendar.timezones] == ["Europe/London"]
    assert SECRET.encode() not in data


def test_online_event_has_no_location_and_never_the_join_link(app, client):
    with app.app_context():
        event_id = commit_ids(make_event(format="online"))
    data = client.get(f"/events/{event_id}.ics").data
    item, _ = by_uid(data)[uid(event_id)]
    assert item.location is None
    assert SECRET.encode() not in data and b"meet.example.org" not in data


def test_drafts_download_only_for_hosts_and_organisers(app, login_as):
    clients = {name: login_as(role) for name, role in (
        ("host", "rep"), ("cohost", "rep"), ("other_rep", "rep"), ("newcomer", "newcomer"),
        ("organiser", "organiser"), ("admin", "admin"))}
    with app.app_context():
        draft = make_event(host=clients["host"].user_id, status="submitted")
        add_cohost(draft, clients["cohost"].user_id)
        url = f"/events/{commit_ids(draft)}.ics"
    assert app.test_client().get(url).status_code == 404
    for name in ("newcomer", "other_rep"):
        assert clients[name].get(url).status_code == 404, name
    for name in ("host", "cohost", "organiser", "admin"):
        assert clients[name].get(url).status_code == 200, name
    assert app.test_client().get("/events/999999.ics").status_code == 404


def test_edit_keeps_uid_and_raises_sequence(app, client):
    with app.app_context():
        event_id = commit_ids(make_event(title="Mock interview ST3"))
    before, _ = by_uid(client.get(f"/events/{event_id}.ics").data)[uid(event_id)]
    with app.app_context():
        # A reschedule as the events area does it: new time, SEQUENCE + 1.
        event = db.session.get(Event, event_id)
        event.starts_at += timedelta(days=1)
        event.ends_at += timedelta(days=1)
        event.sequence += 1
        db.session.commit()
    after, vafter = by_uid(client.get(f"/events/{event_id}.ics").data)[uid(event_id)]
    assert after.uid == before.uid == vafter.uid.value
    assert after.sequence > before.sequence
    assert after.dtstart - before.dtstart == timedelta(days=1)
    assert after.last_modified >= before.last_modified


def test_cancelled_event_shows_cancelled_and_cancel_method_for_emails(app, client):
    with app.app_context():
        event_id = commit_ids(make_event(status="cancelled", sequence=2, cancel_reason="Speaker unwell"))
    item, _ = by_uid(client.get(f"/events/{event_id}.ics").data)[uid(event_id)]
    assert item.status.value == "CANCELLED"
    assert "Speaker unwell" in item.description
    with app.app_context():
        data = calendar.event_calendar_bytes(db.session.get(Event, event_id), method="CANCEL")
    ical_calendar, vcal = parse_both(data)
    assert ical_calendar.method == "CANCEL"
    assert vcal.vevent.status.value == "CANCELLED" and vcal.vevent.uid.value == uid(event_id)
    assert vcal.vevent.organizer.value.startswith("mailto:")
    check_wire_format(data)


def test_public_feed_holds_upcoming_and_last_eight_weeks_with_cancelled_but_no_drafts(app, client):
    now = datetime.now(UTC)
    with app.app_context():
        upcoming, recent, old, cancelled, draft, never_published = commit_ids(
            make_event(title="Upcoming"),
            make_event(title="Five weeks ago", starts_at=now - timedelta(weeks=5)),
            make_event(title="Ten weeks ago", starts_at=now - timedelta(weeks=10)),
            make_event(title="Called off", status="cancelled"),
            make_event(title="Draft", status="draft"),
            make_event(title="Cancelled draft", status="cancelled", published_at=None))
    response = client.get("/events/feed.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    data = response.data
    check_wire_format(data)
    events = by_uid(data)
    assert set(events) == {uid(upcoming), uid(recent), uid(cancelled)}
    assert events[uid(cancelled)][0].status.value == "CANCELLED"
    assert events[uid(upcoming)][0].status.value == "CONFIRMED"
    for absent in (old, draft, never_published):
        assert uid(absent) not in events
    lines = data.split(b"\r\n")
    assert b"X-WR-CALNAME:Soft Landing events" in lines and b"NAME:Soft Landing events" in lines
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines and b"X-PUBLISHED-TTL:PT1H" in lines
    assert SECRET.encode() not in data


def test_category_feed_and_unknown_category(app, client):
    with app.app_context():
        arcp, other = commit_ids(make_event(category="arcp"), make_event(category="wellbeing_culture"))
    data = client.get("/events/feed.ics?category=arcp").data
    assert set(by_uid(data)) == {uid(arcp)}
    assert b"X-WR-CALNAME:Soft Landing events: " in data
    assert uid(other) in by_uid(client.get("/events/feed.ics").data)
    assert client.get("/events/feed.ics?category=no-such-thing").status_code == 404
    assert client.get("/events/feed.ics?category=%00%ff").status_code == 404
    assert client.get("/events/feed.ics?category=").status_code == 200


def test_empty_public_feed_is_valid(client):
    data = client.get("/events/feed.ics").data
    ical_calendar, vcal = parse_both(data)
    assert ical_calendar.events == [] and vevents(vcal) == []
    check_wire_format(data)


def test_event_page_address_matches_the_events_area_route(app):
    with app.test_request_context():
        from flask import url_for

        assert calendar.EVENT_PATH.format(id=7) == url_for("events.detail", event_id=7)


def test_events_listing_offers_the_subscription_links(client):
    html = client.get("/events/").get_data(as_text=True)
    assert 'href="webcal://127.0.0.1:5000/events/feed.ics"' in html
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A5000%2Fevents%2Ffeed.ics" in html
    assert "http://127.0.0.1:5000/events/feed.ics" in html


def test_feed_times_across_the_2027_clock_changes(app, client):
    london = ZoneInfo("Europe/London")
    spring = datetime(2027, 3, 28, 10, 0, tzinfo=london)  # last Sunday of March: BST from 01:00 UTC
    autumn = datetime(2027, 10, 31, 10, 0, tzinfo=london)  # last Sunday of October: GMT again
    with app.app_context():
        spring_id, autumn_id = commit_ids(make_event(starts_at=spring.astimezone(UTC)),
                                          make_event(starts_at=autumn.astimezone(UTC)))
    data = client.get("/events/feed.ics").data
    events = by_uid(data)
    for event_id, utc_hour in ((spring_id, 9), (autumn_id, 10)):
        item, vevent = events[uid(event_id)]
        for start in (item.dtstart, vevent.dtstart.value):
            assert (start.hour, start.minute) == (10, 0)
            assert start.astimezone(UTC).hour == utc_hour
    assert b"DTSTART;TZID=Europe/London:20270328T100000" in data
    assert b"DTSTART;TZID=Europe/London:20271031T100000" in data
