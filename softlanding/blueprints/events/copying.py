"""Copying an event into a new draft, and making a series of drafts (weekly, fortnightly, monthly).

Copies are drafts: nobody is told and nothing is bookable until each draft is reviewed and published.
The join link is not copied (online meeting links are usually per meeting); bookings, slots, resources
and the recording stay with the original."""

from datetime import datetime

from sqlalchemy import select

from softlanding.blueprints.events.access import can_manage
from softlanding.blueprints.events.models import Event, EventHost
from softlanding.blueprints.events.models_desk import EventSeries, EventSeriesMember
from softlanding.core.db import utcnow
from softlanding.core.errors import PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.lib.recurrence import FREQUENCIES, MAX_REPEATS, repeat_starts, shift_weeks

COPIED_FIELDS = ("title", "category", "exam_component", "interview_level", "description_html", "timezone",
                 "format", "venue", "capacity", "career_stages", "mwres_indicators")


def _check(actor, event):
    if not can_manage(actor, event):
        raise PermissionDenied("Only the event's hosts and organisers can copy it.")


def next_free_start(event: Event, now: datetime | None = None) -> datetime:
    """The original's start moved on by whole weeks until it lies in the future (same weekday and time)."""
    now = now or utcnow()
    weeks = 1 if event.starts_at > now else (now - event.starts_at).days // 7 + 1
    return shift_weeks(event.starts_at, event.timezone, weeks)


def _draft_from(event: Event, starts_at: datetime, actor) -> Event:
    values = {name: getattr(event, name) for name in COPIED_FIELDS}
    values["career_stages"] = list(event.career_stages or [])
    values["mwres_indicators"] = list(event.mwres_indicators or [])
    copy = Event(**values, host_id=event.host_id, status="draft", join_link="", starts_at=starts_at,
                 ends_at=starts_at + (event.ends_at - event.starts_at))
    copy.cohosts = [EventHost(user_id=h.user_id) for h in event.cohosts]
    db.session.add(copy)
    return copy


def copy_event(actor, event: Event, now: datetime | None = None) -> Event:
    """A new draft like `event`, a week on from it (or from today, if it is past)."""
    _check(actor, event)
    copy = _draft_from(event, next_free_start(event, now), actor)
    db.session.flush()
    return copy


def create_series(actor, event: Event, frequency: str, count: int, now: datetime | None = None) -> list[Event]:
    """`count` new drafts after `event`, at the same local time, weekly, fortnightly or monthly."""
    _check(actor, event)
    errors = {}
    if frequency not in FREQUENCIES:
        errors["frequency"] = "Choose weekly, fortnightly or monthly."
    if not isinstance(count, int) or not 1 <= count <= MAX_REPEATS - 1:
        errors["count"] = f"Choose between 1 and {MAX_REPEATS - 1} more events."
    if errors:
        raise ValidationError(errors)
    now = now or utcnow()
    starts = repeat_starts(event.starts_at, event.timezone, frequency, count + 1)[1:]
    if starts[0] <= now:
        raise ValidationError("The first repeat would already be past; copy the event and set a new date "
                              "first, then make the series from the copy.", field="count")
    series = db.session.scalar(select(EventSeries).join(EventSeriesMember, EventSeriesMember.series_id == EventSeries.id)
                               .where(EventSeriesMember.event_id == event.id))
    if series is None:
        series = EventSeries(source_event_id=event.id, frequency=frequency, created_by_id=actor.id)
        db.session.add(series)
        db.session.flush()
        db.session.add(EventSeriesMember(event_id=event.id, series_id=series.id, position=1))
    made = [_draft_from(event, start, actor) for start in starts]
    db.session.flush()
    last = db.session.scalar(select(EventSeriesMember.position).where(EventSeriesMember.series_id == series.id)
                             .order_by(EventSeriesMember.position.desc()).limit(1)) or 1
    for offset, copy in enumerate(made, start=1):
        db.session.add(EventSeriesMember(event_id=copy.id, series_id=series.id, position=last + offset))
    db.session.flush()
    return made


def series_of(event_id: int) -> tuple[EventSeries, list[Event]] | None:
    """The series the event belongs to and its events in order, or None."""
    member = db.session.get(EventSeriesMember, event_id)
    if member is None:
        return None
    series = db.session.get(EventSeries, member.series_id)
    events = list(db.session.scalars(
        select(Event).join(EventSeriesMember, EventSeriesMember.event_id == Event.id)
        .where(EventSeriesMember.series_id == member.series_id).order_by(EventSeriesMember.position)))
    return (series, events) if series is not None else None
