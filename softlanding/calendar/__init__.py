"""iCalendar rendering (RFC 5545, RFC 7986) from plain data: no database, no Flask."""

from .render import CalendarEvent, render_event, render_feed  # noqa: F401
from .text import clean_text, html_to_text  # noqa: F401
