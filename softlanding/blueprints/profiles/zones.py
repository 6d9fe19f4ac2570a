"""Time zones a member is offered: the common ones for this network first, then any canonical IANA
name typed into a search box (timezones.txt: no aliases such as Asia/Calcutta, US/Eastern or GB)."""

from functools import cache
from pathlib import Path
from zoneinfo import available_timezones

# Where members live or arrive from, with a place people recognise.
COMMON = (
    ("Europe/London", "UK"), ("Europe/Dublin", "Ireland"), ("UTC", "Coordinated Universal Time"),
    ("Africa/Lagos", "Nigeria"), ("Africa/Accra", "Ghana"), ("Africa/Cairo", "Egypt"),
    ("Africa/Khartoum", "Sudan"), ("Africa/Nairobi", "Kenya"), ("Africa/Johannesburg", "South Africa"),
    ("Asia/Karachi", "Pakistan"), ("Asia/Kolkata", "India"), ("Asia/Dhaka", "Bangladesh"),
    ("Asia/Colombo", "Sri Lanka"), ("Asia/Kathmandu", "Nepal"), ("Asia/Kabul", "Afghanistan"),
    ("Asia/Dubai", "United Arab Emirates, Oman"), ("Asia/Riyadh", "Saudi Arabia, Kuwait"),
    ("Asia/Qatar", "Qatar, Bahrain"), ("Asia/Baghdad", "Iraq"), ("Asia/Amman", "Jordan"),
    ("Asia/Damascus", "Syria"), ("Asia/Beirut", "Lebanon"), ("Asia/Tehran", "Iran"),
    ("Europe/Istanbul", "Türkiye"), ("Europe/Athens", "Greece"), ("Europe/Bucharest", "Romania"),
    ("Asia/Yangon", "Myanmar"), ("Asia/Kuala_Lumpur", "Malaysia"), ("Asia/Singapore", "Singapore"),
    ("Asia/Manila", "Philippines"), ("Australia/Sydney", "Australia (east)"),
    ("Pacific/Auckland", "New Zealand"), ("America/Toronto", "Canada (east)"),
    ("America/New_York", "United States (east)"),
)


def _label(zone: str, place: str = "") -> str:
    name = zone.replace("_", " ")
    return f"{place}: {name}" if place else name


@cache
def canonical_timezones() -> tuple[str, ...]:
    """Every canonical IANA zone this system knows, sorted."""
    known = available_timezones()
    lines = (Path(__file__).with_name("timezones.txt").read_text(encoding="utf-8")).splitlines()
    return tuple(sorted(z for z in (line.strip() for line in lines) if z and not z.startswith("#") and z in known))


def timezone_choices(current: str | None = None) -> list[tuple[str, str]]:
    """The common zones, plus the member's own zone when it is not one of them."""
    choices = [(zone, _label(zone, place)) for zone, place in COMMON]
    if current and current not in {zone for zone, _ in COMMON} and current in available_timezones():
        choices.insert(0, (current, _label(current)))
    return choices
