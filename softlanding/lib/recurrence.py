"""Dates of a series: weekly, fortnightly or monthly repeats that keep the local wall-clock time.

Pure: no Flask, no database. Repeats are computed in the event's own zone, so a 19:00 webinar stays at
19:00 London time across the clocks changing (its UTC time moves by an hour instead)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

FREQUENCIES = ("weekly", "fortnightly", "monthly")
MAX_REPEATS = 24


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> int:
    """Day of the month of the nth weekday (nth 5 or a month without one: the last such weekday)."""
    first = datetime(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    next_month = datetime(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    while day > last_day:
        day -= 7
    return day


def repeat_starts(start: datetime, tz: str, frequency: str, count: int) -> list[datetime]:
    """`count` start times (UTC) beginning with `start`; monthly repeats keep the weekday ("2nd Tuesday")."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r}")
    if not 1 <= count <= MAX_REPEATS:
        raise ValueError("count out of range")
    zone = ZoneInfo(tz)
    local = start.astimezone(zone).replace(tzinfo=None)
    nth = (local.day - 1) // 7 + 1
    starts = []
    for i in range(count):
        if frequency == "monthly":
            index = local.year * 12 + local.month - 1 + i
            year, month = index // 12, index % 12 + 1
            moved = local.replace(year=year, month=month, day=_nth_weekday(year, month, local.weekday(), nth))
        else:
            moved = local + timedelta(days=i * (7 if frequency == "weekly" else 14))
        starts.append(moved.replace(tzinfo=zone).astimezone(start.tzinfo))
    return starts


def shift_weeks(start: datetime, tz: str, weeks: int) -> datetime:
    """`start` moved by whole weeks, keeping its local wall-clock time in `tz`."""
    zone = ZoneInfo(tz)
    local = start.astimezone(zone).replace(tzinfo=None) + timedelta(weeks=weeks)
    return local.replace(tzinfo=zone).astimezone(start.tzinfo)
