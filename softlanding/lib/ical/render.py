"""Build iCalendar bytes from plain event data with the `icalendar` library.

Feeds carry no METHOD, so each DTSTAMP is the event's last revision and the same data always gives
the same bytes (strong ETags). A single download carries METHOD:PUBLISH; an email invitation carries
METHOD:REQUEST or METHOD:CANCEL (iTIP, RFC 5546) with the recipient as ATTENDEE, so mail clients apply
it to the entry they already hold. DTSTAMP is when it was made, as RFC 5545 3.8.7.2 asks.

VTIMEZONEs come from zones.py (one RDATE per line, onsets at the real instant: see there why).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from softlanding.lib.ical.zones import vtimezone
from softlanding.lib.sanitize import clean_text

PRODID = "-//Soft Landing//Events//EN"
REFRESH = timedelta(hours=1)
STATUSES = {"confirmed": "CONFIRMED", "cancelled": "CANCELLED"}
METHODS = ("PUBLISH", "REQUEST", "CANCEL")
FALLBACK_TZID = "Europe/London"
EMPTY_YEARS = (2025, 2035)  # fixed, so an empty feed's bytes do not change with the date


@dataclass(frozen=True)
class CalendarEvent:
    """Everything one VEVENT shows; times are aware datetimes, tzid an IANA zone name."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    tzid: str
    sequence: int
    status: str  # "confirmed" or "cancelled"
    last_modified: datetime
    dtstamp: datetime
    description_text: str = ""
    url: str = ""
    location: str = ""
    categories: tuple = field(default_factory=tuple)


def _zone(tzid):
    """The zone for a TZID; an unknown name falls back to the platform's zone rather than failing."""
    try:
        return tzid, ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return FALLBACK_TZID, ZoneInfo(FALLBACK_TZID)


def _vtimezone(tzid, first_year, last_year):
    """A VTIMEZONE covering the given years (cached: building one walks the zone's transitions)."""
    return vtimezone(tzid, first_year, last_year)


def _utc(value):
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the calendar renderer")
    return value.astimezone(UTC)


def _address(name, email, **params):
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(clean_text(name, multiline=False) or email)
    for key, value in params.items():
        address.params[key.replace("_", "-")] = value
    return address


def _vevent(item, organizer=None, attendees=()):
    tzid, zone = _zone(item.tzid)
    vevent = Event()
    vevent.add("uid", item.uid)
    vevent.add("dtstamp", _utc(item.dtstamp))
    vevent.add("dtstart", _utc(item.starts_at).astimezone(zone))
    vevent.add("dtend", _utc(item.ends_at).astimezone(zone))
    vevent.add("sequence", int(item.sequence))
    vevent.add("last-modified", _utc(item.last_modified))
    vevent.add("status", STATUSES.get(item.status, "CONFIRMED"))
    vevent.add("summary", clean_text(item.summary, multiline=False) or "Event")
    description = clean_text(item.description_text)
    if description:
        vevent.add("description", description)
    if item.url:
        vevent.add("url", item.url)
    location = clean_text(item.location, multiline=False)
    if location:
        vevent.add("location", location)
    if item.categories:
        vevent.add("categories", [clean_text(c, multiline=False) for c in item.categories])
    if organizer:
        vevent.add("organizer", _address(*organizer))
    for name, email in attendees:
        # Already booked: no reply is wanted (RSVP=FALSE), and clients show the entry as accepted.
        vevent.add("attendee", _address(name, email, role="REQ-PARTICIPANT", partstat="ACCEPTED",
                                        rsvp="FALSE", cutype="INDIVIDUAL"))
    return vevent, tzid


def _header(method=None, name=None, description=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        # RFC 7986 NAME for new clients, X-WR-CALNAME for Apple, Google and Outlook.
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        if description:
            calendar.add("description", description)
            calendar.add("x-wr-caldesc", description)
        calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
    return calendar


def _zone_spans(items):
    """[(tzid, first_year, last_year)] for the VTIMEZONEs the items need (one year either side)."""
    years: dict[str, list[int]] = {}
    for item in items:
        span = years.setdefault(_zone(item.tzid)[0], [item.starts_at.year, item.ends_at.year])
        span[0] = min(span[0], item.starts_at.year)
        span[1] = max(span[1], item.ends_at.year)
    if not years:
        # RFC 5545 wants at least one component: an empty feed carries the platform's zone.
        years[FALLBACK_TZID] = list(EMPTY_YEARS)
    return [(tzid, first - 1, last + 2) for tzid, (first, last) in sorted(years.items())]


def build_calendar(items, method=None, name=None, description=None, organizer=None, attendees=()):
    """The whole calendar as an icalendar object (what render_feed's bytes must equal)."""
    calendar = _header(method, name, description)
    for item in items:
        calendar.add_component(_vevent(item, organizer, attendees)[0])
    for span in _zone_spans(items):
        calendar.add_component(_vtimezone(*span))
    return calendar


@lru_cache(maxsize=8192)
def _vevent_bytes(item):
    """One feed VEVENT serialised by icalendar; a feed event's bytes only change when its data does."""
    return _vevent(item)[0].to_ical()


@lru_cache(maxsize=64)
def _vtimezone_bytes(tzid, first_year, last_year):
    return _vtimezone(tzid, first_year, last_year).to_ical()


def render_event(item, method="PUBLISH", organizer=None):
    """One VEVENT with METHOD (PUBLISH or CANCEL) and no calendar name, as bytes."""
    return _render([item], method, organizer, [])


def render_invitation(items, method, organizer, attendee=None):
    """VEVENTs with METHOD REQUEST (add or update) or CANCEL (remove), addressed to one attendee.

    iTIP needs an ORGANIZER on REQUEST and CANCEL, and the recipient among the ATTENDEEs, or Gmail and
    Outlook treat the file as a copy to import rather than an update of the entry they hold.
    """
    if method in ("REQUEST", "CANCEL") and not (organizer and attendee):
        raise ValueError(f"METHOD:{method} needs an ORGANIZER and an ATTENDEE")
    return _render(items, method, organizer, [attendee])


@lru_cache(maxsize=8)
def _header_bytes(method):
    return _header(method).to_ical()


def _render(items, method, organizer, attendees):
    """build_calendar(...).to_ical(), made from its parts: every booking email carries one, and serialising
    its VTIMEZONE (a line per clock change) cost more than the event itself, so that part is made once."""
    if method not in METHODS:
        raise ValueError(f"unsupported METHOD {method!r}")
    if method == "CANCEL":
        items = [i if i.status == "cancelled" else CalendarEvent(**{**i.__dict__, "status": "cancelled"})
                 for i in items]
    items = list(items)
    end = b"END:VCALENDAR\r\n"
    parts = [_header_bytes(method)[: -len(end)]]
    parts.extend(_vevent(item, organizer, attendees)[0].to_ical() for item in items)
    parts.extend(_vtimezone_bytes(*span) for span in _zone_spans(items))
    parts.append(end)
    return b"".join(parts)


def render_feed(items, name, description=None):
    """A subscribable calendar (NAME, X-WR-CALNAME, refresh hints); valid when `items` is empty.

    Each VEVENT is serialised by icalendar once and reused while the event is unchanged (items are
    frozen, so equal data means equal bytes); the calendar is those component bytes in order.
    """
    items = list(items)
    header = _header(name=name, description=description).to_ical()
    end = b"END:VCALENDAR\r\n"
    parts = [header[: -len(end)]]
    parts.extend(_vevent_bytes(item) for item in items)
    parts.extend(_vtimezone_bytes(*span) for span in _zone_spans(items))
    parts.append(end)
    return b"".join(parts)
