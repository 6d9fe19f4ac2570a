"""Events: drafting, review, publishing, rescheduling, cancelling (who may do each is in events/access.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import notices as event_notices
from softlanding.blueprints.events import slots as event_slots
from softlanding.blueprints.events import team_notices
from softlanding.blueprints.events.access import can_manage, is_host
from softlanding.blueprints.events.models import Event, EventHost
from softlanding.blueprints.events.validation import (
    EventData,
    TimePlaceData,
    TimePlaceValues,
    clean_event_data,
    clean_time_place,
)
from softlanding.core import audit
from softlanding.core.db import utcnow
from softlanding.core.errors import PermissionDenied, ValidationError
from softlanding.core.extensions import db

TIME_FIELDS = ("starts_at", "ends_at", "timezone")
PLACE_FIELDS = ("format", "venue", "join_link")


def _set_cohosts(event, ids):
    ids = {int(i) for i in ids or [] if str(i).isdigit()} - {event.host_id}
    if ids:
        found = db.session.scalars(select(User).where(User.id.in_(ids))).all()
        if len(found) != len(ids) or not all(u.is_rep or u.is_organiser for u in found):
            raise ValidationError("Co-hosts must be reps or organisers.", field="cohosts")
    keep = [h for h in event.cohosts if h.user_id in ids]
    added = sorted(ids - {h.user_id for h in keep})
    event.cohosts[:] = keep + [EventHost(user_id=i) for i in added]
    return added


def create_event(actor: User, data: EventData, now: datetime | None = None) -> Event:
    """A rep (or organiser) drafts an event they host."""
    if not (actor.is_rep or actor.is_organiser):
        raise PermissionDenied("Only reps and organisers create events.")
    values = clean_event_data(data, now or utcnow())
    event = Event(host_id=actor.id, status="draft", **values)
    db.session.add(event)
    db.session.flush()
    added = _set_cohosts(event, data.get("cohosts"))
    db.session.flush()
    team_notices.cohosts_named(event, added)
    return event


def apply_changes(event: Event, values: TimePlaceValues, reason: str = "") -> bool:
    """Set new values; raise SEQUENCE and tell attendees if the time or place changed.

    Interview slots move with the event's start (a slot at 10:30 of a 10:00 event is at 11:30 when the
    event moves to 11:00); if the moved slots would no longer fit inside the event, nothing is changed.
    """
    old = {f: getattr(event, f) for f in TIME_FIELDS + PLACE_FIELDS + ("capacity",)}
    check_places(event, values.get("capacity", event.capacity))  # type: ignore[arg-type]
    moved_slots = event_slots.plan_moved_slots(event, values["starts_at"], values["ends_at"])
    for name, value in values.items():
        setattr(event, name, value)
    for slot, start in moved_slots:
        slot.starts_at = start
    moved = any(old[f] != getattr(event, f) for f in TIME_FIELDS + PLACE_FIELDS)
    if moved:
        event.sequence += 1
    event.updated_at = utcnow()
    db.session.flush()
    if event.status == "published":
        if moved:
            event_notices.changed(event, reason, bookings.active_bookings(event))
            team_notices.team_told(event, "changed", reason)
            # Every booked slot's entry is sent again: its time moved with the event, or its place changed.
            team_notices.slots_changed(event, [slot for slot in event.slots if slot.booked_by_id])
        if event.capacity != old["capacity"]:
            # Same lock as booking, so a promotion cannot race a booking for the last place.
            db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
            bookings.promote_waitlist(event)
    return moved


def check_places(event: Event, capacity: int | None) -> None:
    """Places never drop below the people already booked or the interview slots offered."""
    if capacity is None or not event.id:
        return
    if event.capacity is None or capacity < event.capacity:
        # Fewer places: count under the booking lock, so a booking at the same moment is counted too.
        db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    booked = bookings.booked_count(event.id)
    if capacity < booked:
        raise ValidationError(f"{booked} people are booked, so the event needs at least {booked} places. "
                              "To have fewer, remove people from the attendee list first.", field="capacity")
    if capacity < len(event.slots):
        raise ValidationError(f"This event offers {len(event.slots)} interview slots, and each needs a place: "
                              f"give at least {len(event.slots)} places, or remove slots first.", field="capacity")


def update_event(actor: User, event: Event, data: EventData, now: datetime | None = None) -> Event:
    """Hosts edit drafts and submitted events; organisers edit any event not cancelled or started."""
    if event.status == "cancelled":
        raise ValidationError("A cancelled event cannot be edited.")
    if not (actor.is_organiser or (is_host(actor, event) and event.status in ("draft", "submitted"))):
        raise PermissionDenied("Hosts reschedule a published event; organisers edit it.")
    now = now or utcnow()
    check_not_started(event, now)
    check_past = data.get("starts_at") != _naive_local(event.starts_at, event.timezone)
    values = clean_event_data(data, now, check_past=check_past)
    apply_changes(event, values, reason=(data.get("reason") or "").strip())
    added = _set_cohosts(event, data.get("cohosts"))
    db.session.flush()
    team_notices.cohosts_named(event, added)
    return event


def reschedule(actor: User, event: Event, data: TimePlaceData, now: datetime | None = None) -> Event:
    """Hosts and organisers move a published event or change its place, giving a reason."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only hosts and organisers reschedule.")
    if event.status == "cancelled":
        raise ValidationError("A cancelled event cannot be rescheduled.")
    now = now or utcnow()
    check_not_started(event, now)
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise ValidationError("Say why, so attendees understand the change.", field="reason")
    values = clean_time_place(data, now, check_past=True)
    if not apply_changes(event, values, reason=reason):
        raise ValidationError("Nothing changed: give a new time or place.", field="starts_at")
    audit.record("event_rescheduled", "event", event.id)
    return event


def _naive_local(value, tz):
    return value.astimezone(ZoneInfo(tz)).replace(tzinfo=None) if value else None


def form_values(event: Event) -> EventData:
    """The event's fields as the form shows them (times in the host's zone)."""
    return {
        "title": event.title, "category": event.category, "exam_component": event.exam_component or "",
        "interview_level": event.interview_level or "", "description": event.description_html,
        "starts_at": _naive_local(event.starts_at, event.timezone),
        "ends_at": _naive_local(event.ends_at, event.timezone), "timezone": event.timezone,
        "format": event.format, "venue": event.venue, "join_link": event.join_link,
        "capacity": event.capacity, "career_stages": list(event.career_stages or []),
        "mwres_indicators": list(event.mwres_indicators or []),
        "cohosts": [str(h.user_id) for h in event.cohosts],
    }


def _set_status(event, status):
    event.status = status
    event.sequence += 1
    event.updated_at = utcnow()


def submit(actor, event):
    """A host sends a draft to the organisers for review."""
    if not is_host(actor, event):
        raise PermissionDenied("Only the event's hosts submit it.")
    if event.status != "draft":
        raise ValidationError("Only a draft can be submitted.")
    _set_status(event, "submitted")
    event_notices.submitted(event)
    db.session.flush()


def publish(actor, event, now=None):
    """An organiser publishes a draft or submitted event."""
    if not actor.is_organiser:
        raise PermissionDenied("Only organisers publish events.")
    if event.status not in ("draft", "submitted"):
        raise ValidationError("This event is not waiting to be published.")
    if event.starts_at <= (now or utcnow()):
        raise ValidationError("This event's start has passed; edit the time before publishing.")
    _set_status(event, "published")
    event.published_at = utcnow()
    event.review_comment = ""
    event_notices.reviewed(event, published=True)
    team_notices.team_told(event, "published")
    audit.record("event_published", "event", event.id)
    db.session.flush()


def return_to_host(actor, event, comment):
    """An organiser sends a submitted event back to its host with a comment."""
    if not actor.is_organiser:
        raise PermissionDenied("Only organisers review events.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Tell the host what to change.", field="comment")
    if event.status != "submitted":
        raise ValidationError("Only a submitted event can be returned.")
    _set_status(event, "draft")
    event.review_comment = comment[:2000]
    event_notices.reviewed(event, published=False)
    audit.record("event_returned", "event", event.id)
    db.session.flush()


def check_not_started(event: Event, now: datetime | None = None) -> None:
    """A published event that has started is history: it can no longer be moved or called off."""
    if event.status == "published" and event.starts_at <= (now or utcnow()):
        raise ValidationError("This event has started, so it can no longer be cancelled or rescheduled "
                              "(nor its details edited).")


def cancel(actor, event, reason, now=None):
    """Hosts and organisers cancel an event with a reason before it starts; attendees are told."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only hosts and organisers cancel events.")
    check_not_started(event, now)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason; attendees will see it.", field="reason")
    if event.status == "cancelled":
        raise ValidationError("This event is already cancelled.")
    was_public = event.status == "published"
    _set_status(event, "cancelled")
    event.cancel_reason = reason[:2000]
    audit.record("event_cancelled", "event", event.id)
    db.session.flush()
    if was_public:
        event_notices.cancelled(event, reason, bookings.active_bookings(event))
        team_notices.team_told(event, "cancelled", reason)
        team_notices.slots_with_event(event, cancelled=True)



def restore(actor, event, now=None):
    """An organiser undoes a cancellation before the start; bookings are as they were, and are told."""
    if not actor.is_organiser:
        raise PermissionDenied("Only organisers restore cancelled events.")
    if event.status != "cancelled":
        raise ValidationError("Only a cancelled event can be restored.")
    if event.starts_at <= (now or utcnow()):
        raise ValidationError("This event's start has passed, so it cannot be restored.")
    # Cancelling never touched the bookings, so the places and the waitlist order are still there;
    # an event cancelled before it was published goes back to being a draft, not past review.
    was_public = event.published_at is not None
    _set_status(event, "published" if was_public else "draft")
    event.cancel_reason = ""
    db.session.flush()
    if was_public:
        # Same lock as booking: people who cancelled meanwhile freed places for those waiting.
        db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
        promoted = bookings.promote_waitlist(event, now)
        event_notices.restored(event, [b for b in bookings.active_bookings(event) if b not in promoted])
        team_notices.team_told(event, "restored")
        team_notices.slots_with_event(event, cancelled=False)
