"""iCalendar rendering (RFC 5545, RFC 7986) from plain data: no database, no Flask."""

from softlanding.lib.ical.render import CalendarEvent, render_event, render_feed  # noqa: F401
