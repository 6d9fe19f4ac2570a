"""The pure iCalendar renderer: RFC 5545/7986 rules checked with two independent parsers."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from softlanding.lib.ical import CalendarEvent, render_event, render_feed
from softlanding.lib.sanitize import html_to_text
from tests.support.calendar_parsers import by_uid, check_wire_format, parse_both, vevents

LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def item(**changes):
    values = dict(uid="event-1@softlanding.example.org", summary="ARCP preparation",
                  starts_at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC), ends_at=datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
                  tzid="Europe/London", sequence=0, status="confirmed", last_modified=STAMP, dtstamp=STAMP,
                  description_text="About it", url="https://softlanding.example.org/events/1")
    values.update(changes)
    return CalendarEvent(**values)


def test_single_event_has_method_publish_one_vevent_and_no_calendar_name():
    data = render_event(item())
    ical_calendar, vcal = parse_both(data)
    assert ical_calendar.method == "PUBLISH"
    assert len(ical_calendar.events) == 1 and len(vevents(vcal)) == 1
    assert b"X-WR-CALNAME" not in data and b"\r\nNAME:" not in data
    check_wire_format(data)


def test_feed_has_names_and_refresh_hints_and_parses():
    data = render_feed([item(), item(uid="event-2@softlanding.example.org")], name="Soft Landing events")
    lines = data.split(b"\r\n")
    assert b"NAME:Soft Landing events" in lines
    assert b"X-WR-CALNAME:Soft Landing events" in lines
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert b"X-PUBLISHED-TTL:PT1H" in lines
    assert b"METHOD" not in data  # a feed is not an iTIP message
    assert set(by_uid(data)) == {"event-1@softlanding.example.org", "event-2@softlanding.example.org"}
    check_wire_format(data)


def test_empty_feed_is_still_a_valid_calendar():
    data = render_feed([], name="Soft Landing events")
    ical_calendar, vcal = parse_both(data)
    assert ical_calendar.events == [] and vevents(vcal) == []
    assert b"BEGIN:VTIMEZONE" in data  # RFC 5545 asks for at least one component
    check_wire_format(data)


@pytest.mark.parametrize("local, utc_hour, zone_name", [
    (datetime(2026, 3, 29, 10, 0), 9, "BST"),    # last Sunday of March: clocks went forward at 01:00 UTC
    (datetime(2026, 3, 28, 10, 0), 10, "GMT"),   # the day before, still GMT
    (datetime(2026, 10, 25, 10, 0), 10, "GMT"),  # last Sunday of October: back to GMT
    (datetime(2026, 10, 24, 10, 0), 9, "BST"),   # the day before, still BST
])
def test_local_time_and_utc_are_right_across_the_clock_changes(local, utc_hour, zone_name):
    starts = local.replace(tzinfo=LONDON)
    data = render_feed([item(starts_at=starts.astimezone(UTC), ends_at=(starts + timedelta(hours=1)).astimezone(UTC))],
                       name="x")
    assert f"DTSTART;TZID=Europe/London:{local:%Y%m%dT%H%M%S}".encode() in data
    event, vevent = by_uid(data)["event-1@softlanding.example.org"]
    for start in (event.dtstart, vevent.dtstart.value):
        assert (start.hour, start.minute) == (10, 0)
        assert start.astimezone(UTC).hour == utc_hour
    assert vevent.dtstart.value.tzname() == zone_name
    # The VTIMEZONE is there for the TZID used, with both observances.
    ical_calendar, _ = parse_both(data)
    assert [tz.tz_id for tz in ical_calendar.timezones] == ["Europe/London"]
    assert b"TZNAME:BST" in data and b"TZNAME:GMT" in data


def test_other_zone_gets_its_own_vtimezone():
    starts = datetime(2026, 7, 1, 18, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
    data = render_feed([item(), item(uid="event-2@x", tzid="Asia/Kolkata", starts_at=starts,
                                     ends_at=starts + timedelta(hours=1))], name="x")
    ical_calendar, _ = parse_both(data)
    assert sorted(tz.tz_id for tz in ical_calendar.timezones) == ["Asia/Kolkata", "Europe/London"]
    assert b"DTSTART;TZID=Asia/Kolkata:20260701T180000" in data


def test_long_multibyte_summary_is_folded_at_75_octets_without_splitting_characters():
    summary = "تحضير لامتحان MRCPCH السريري — 儿科医生面试准备 " * 6
    data = render_event(item(summary=summary, description_text="وصف " * 80))
    check_wire_format(data)
    assert max(len(line) for line in data.split(b"\r\n")) > 60  # really folded, not short
    event, vevent = by_uid(data)["event-1@softlanding.example.org"]
    assert event.summary == vevent.summary.value == summary.strip()


def test_status_cancelled_and_method_cancel():
    data = render_event(item(status="cancelled", sequence=3), method="CANCEL")
    ical_calendar, vcal = parse_both(data)
    assert ical_calendar.method == "CANCEL" and vcal.method.value == "CANCEL"
    event, vevent = by_uid(data)["event-1@softlanding.example.org"]
    assert event.status.value == "CANCELLED" and event.sequence == 3
    assert "CANCELLED" == vevent.status.value


def test_dtstamp_and_last_modified_are_utc():
    data = render_event(item(dtstamp=datetime(2026, 1, 5, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))))
    assert b"DTSTAMP:20260105T090000Z" in data
    assert b"LAST-MODIFIED:20260105T090000Z" in data


def test_control_characters_are_removed_from_text():
    data = render_event(item(summary="Bad\x00\x07 title\u202e", description_text="Line one\x1b[31m\r\nLine two",
                             location="Room\x0b 5"))
    event, vevent = by_uid(data)["event-1@softlanding.example.org"]
    assert event.summary == "Bad title"
    assert event.description == "Line one[31m\nLine two"
    assert vevent.location.value == "Room 5"


def test_html_to_text_keeps_words_links_and_lists_but_no_markup():
    text = html_to_text('<p>Join <strong>us</strong> &amp; friends.</p><ul><li>One</li><li>Two</li></ul>'
                        '<p><a href="https://rcpch.ac.uk">RCPCH</a> <script>alert(1)</script></p>')
    assert text == "Join us & friends.\n\n- One\n- Two\n\nRCPCH (https://rcpch.ac.uk)"
    assert "<" not in text


@pytest.mark.parametrize("name", ["dtstamp", "starts_at", "last_modified"])
def test_naive_datetimes_are_refused(name):
    with pytest.raises(ValueError):
        render_event(item(**{name: datetime(2026, 1, 1)}))


def test_feed_bytes_equal_a_whole_icalendar_serialisation_and_follow_changes():
    from softlanding.lib.ical.render import build_calendar

    items = [item(), item(uid="event-2@x", tzid="Asia/Kolkata", summary="Second")]
    first = render_feed(items, name="Feed")
    assert first == render_feed(items, name="Feed")  # from the per-event cache the second time
    assert first == build_calendar(items, name="Feed").to_ical()
    moved = [item(sequence=1, starts_at=datetime(2026, 6, 2, 9, 0, tzinfo=UTC),
                  ends_at=datetime(2026, 6, 2, 10, 0, tzinfo=UTC)), items[1]]
    second = render_feed(moved, name="Feed")
    assert second == build_calendar(moved, name="Feed").to_ical()
    event, _ = by_uid(second)["event-1@softlanding.example.org"]
    assert event.sequence == 1 and event.dtstart.day == 2
