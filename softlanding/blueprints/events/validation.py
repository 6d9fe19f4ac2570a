"""Checking what hosts type into the event form: times in the host's zone, links, lists, sizes."""

from datetime import datetime
from typing import TypedDict
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from softlanding.blueprints.events.models import EVENT_FORMATS
from softlanding.blueprints.profiles.profile import timezones
from softlanding.core import reference
from softlanding.core.errors import ProblemList, ValidationError
from softlanding.lib.sanitize import description_to_html

DESCRIPTION_MAX = 10_000
CAPACITY_MAX = 10_000


class TimePlaceData(TypedDict, total=False):
    """The when-and-where fields as a form submits them: naive local times in `timezone`."""

    starts_at: datetime | None
    ends_at: datetime | None
    timezone: str | None
    format: str | None
    venue: str | None
    join_link: str | None
    reason: str | None  # editing and rescheduling: told to attendees when the time or place moves


class EventData(TimePlaceData, total=False):
    """Every field of the event form as submitted; clean_event_data checks each one."""

    title: str | None
    category: str | None
    exam_component: str | None
    interview_level: str | None
    description: str | None  # HTML as typed; sanitised into description_html
    capacity: int | None
    career_stages: list[str]
    mwres_indicators: list[str]
    cohosts: list[str]  # user ids, as the select submits them


class TimePlaceValues(TypedDict):
    """Checked when-and-where values, ready to set on an Event (times aware UTC)."""

    starts_at: datetime
    ends_at: datetime
    timezone: str
    format: str
    venue: str
    join_link: str


class EventValues(TimePlaceValues):
    """Every checked event field, ready to set on an Event."""

    title: str
    category: str
    exam_component: str | None
    interview_level: str | None
    description_html: str
    capacity: int | None
    career_stages: list[str]
    mwres_indicators: list[str]


def local_to_utc(value: datetime | None, tz_name: str, field: str) -> datetime:
    """A naive local datetime in `tz_name` as aware UTC; refuses times the clock change skips."""
    if value is None:
        raise ValidationError("Enter a date and time.", field=field)
    zone = ZoneInfo(tz_name)
    aware = value.replace(tzinfo=zone)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if back.replace(tzinfo=None) != value:
        raise ValidationError(f"That time does not exist in {tz_name} (the clocks go forward then).",
                              field=field)
    return aware.astimezone(ZoneInfo("UTC"))


def valid_link(url: str | None, field: str) -> str:
    """An http(s) address of at most 500 characters, or empty; raises ValidationError naming the field."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
        raise ValidationError("Enter a web address starting with https:// (or http://).", field=field)
    return url


def clean_time_place(data: TimePlaceData, now: datetime, check_past: bool) -> TimePlaceValues:
    """Validate the when and where fields; return them as model values, or raise Problems naming
    every bad field at once."""
    problems = ProblemList()
    tz = data.get("timezone") or "Europe/London"
    if tz not in timezones():
        problems.add("Choose a time zone from the list.", "timezone")
        tz = "Europe/London"  # the times are still checked, against the default zone
    starts = problems.check(local_to_utc, data.get("starts_at"), tz, "starts_at")
    ends = problems.check(local_to_utc, data.get("ends_at"), tz, "ends_at")
    if starts is not None and check_past and starts <= now:
        problems.add("The start is in the past. Choose a future date and time.", "starts_at")
    if starts is not None and ends is not None:
        if ends <= starts:
            problems.add("The end must be after the start.", "ends_at")
        elif (ends - starts).days >= 7:
            problems.add("An event can last at most a week.", "ends_at")
    fmt = data.get("format")
    if fmt not in EVENT_FORMATS:
        problems.add("Choose online, in person or hybrid.", "format")
    venue = (data.get("venue") or "").strip()
    if fmt in ("in_person", "hybrid") and not venue:
        problems.add("Give the venue for an in-person or hybrid event.", "venue")
    if len(venue) > 300:
        problems.add("Use at most 300 characters.", "venue")
    join_link = problems.check(valid_link, data.get("join_link"), "join_link")
    problems.raise_any()
    assert starts is not None and ends is not None and fmt is not None and join_link is not None
    return {"starts_at": starts, "ends_at": ends, "timezone": tz, "format": fmt,
            "venue": venue if fmt != "online" else "", "join_link": join_link}


def clean_event_data(data: EventData, now: datetime, check_past: bool = True) -> EventValues:
    """Every field of the event form validated; raises Problems naming every bad field at once."""
    problems = ProblemList()
    title = (data.get("title") or "").strip()
    if not title:
        problems.add("Enter a title.", "title")
    elif len(title) > 200:
        problems.add("Use at most 200 characters.", "title")
    category = problems.check(reference.require, "event_category", data.get("category"), field="category")
    exam = data.get("exam_component") or None
    exam = (problems.check(reference.require, "mrcpch_component", exam, "exam_component")
            if exam and category == "mrcpch" else None)
    level = data.get("interview_level") or None
    level = (problems.check(reference.require, "interview_level", level, "interview_level")
             if level and category == "mock_interview" else None)
    raw = data.get("description") or ""
    if len(raw) > DESCRIPTION_MAX:
        problems.add(f"Use at most {DESCRIPTION_MAX:,} characters (this has {len(raw):,}).", "description")
    capacity = data.get("capacity")
    if capacity is not None and not (1 <= capacity <= CAPACITY_MAX):
        problems.add(f"Give a number of places from 1 to {CAPACITY_MAX:,}, or leave it empty "
                     "for no limit.", "capacity")
    stages = list(dict.fromkeys(data.get("career_stages") or []))
    for code in stages:
        if problems.check(reference.require, "career_stage", code, field="career_stages") is None:
            break
    indicators = list(dict.fromkeys(data.get("mwres_indicators") or []))
    for code in indicators:
        if problems.check(reference.require, "mwres_indicator", code, field="mwres_indicators") is None:
            break
    time_place: TimePlaceValues | None = problems.check(clean_time_place, data, now, check_past)
    problems.raise_any()
    assert time_place is not None and category is not None
    return {"title": title, "category": category, "exam_component": exam, "interview_level": level,
            "description_html": description_to_html(raw), "capacity": capacity,
            "career_stages": stages, "mwres_indicators": indicators, **time_place}
