"""Parse calendar output with two parsers the project did not write (PyPI `ical` and `vobject`)."""

from datetime import UTC

import vobject
from ical.calendar_stream import IcsCalendarStream

DOMAIN = "softlanding.example.org"


def uid(event_id):
    """The UID an event has in every calendar file (stable across edits, so clients update it)."""
    return f"event-{event_id}@{DOMAIN}"


def parse_both(data):
    """(ical Calendar, vobject VCALENDAR) from .ics bytes; either parser raises if it is invalid."""
    text = data.decode("utf-8")
    ical_calendar = IcsCalendarStream.calendar_from_ics(text)
    vcal = vobject.readOne(text)
    return ical_calendar, vcal


def vevents(vcal):
    """The VEVENTs of a vobject calendar (an empty list when there are none)."""
    return list(getattr(vcal, "vevent_list", []))


def by_uid(data):
    """{uid: (ical event, vobject vevent)} for every event in the calendar, checked to agree."""
    ical_calendar, vcal = parse_both(data)
    found = {}
    v_by_uid = {v.uid.value: v for v in vevents(vcal)}
    assert len(v_by_uid) == len(ical_calendar.events)
    for event in ical_calendar.events:
        vevent = v_by_uid[event.uid]
        # The two parsers agree on the instant, sequence and status.
        assert event.dtstart.astimezone(UTC) == vevent.dtstart.value.astimezone(UTC)
        assert event.dtend.astimezone(UTC) == vevent.dtend.value.astimezone(UTC)
        assert event.sequence == int(vevent.sequence.value)
        assert event.status.value == vevent.status.value
        found[event.uid] = (event, vevent)
    return found


def check_wire_format(data):
    """CRLF endings only, and every line at most 75 octets and valid UTF-8 on its own."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a folded line never splits a multi-byte character
