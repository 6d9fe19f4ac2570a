"""'Add to calendar' web links for Google Calendar and Outlook (plain data in, URL out)."""

from datetime import UTC, datetime
from urllib.parse import urlencode

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"


def _compact(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(title: str, starts_at: datetime, ends_at: datetime, details: str = "",
                        location: str = "") -> str:
    """A Google Calendar 'create event' link with the times in UTC."""
    params = {"action": "TEMPLATE", "text": title,
              "dates": f"{_compact(starts_at)}/{_compact(ends_at)}", "details": details}
    if location:
        params["location"] = location
    return f"{GOOGLE}?{urlencode(params)}"


def outlook_url(title: str, starts_at: datetime, ends_at: datetime, details: str = "", location: str = "") -> str:
    """An Outlook on the web 'new event' link with the times in UTC (ISO 8601)."""
    params = {"path": "/calendar/action/compose", "rru": "addevent", "subject": title,
              "startdt": starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "enddt": ends_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "body": details}
    if location:
        params["location"] = location
    return f"{OUTLOOK}?{urlencode(params)}"
