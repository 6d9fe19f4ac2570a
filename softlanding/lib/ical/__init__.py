"""iCalendar rendering (RFC 5545, RFC 7986) from plain data: no database, no Flask."""

from softlanding.lib.ical.render import (  # noqa: F401
    CalendarEvent,
    render_event,
    render_feed,
    render_invitation,
)
