"""The attendee page's work at webinar scale: totals, everyone booked marked attended at once, a manual
promotion from the waitlist and removal with a reason. Certificates follow attendance (certificates.py)."""

from collections import Counter

from sqlalchemy import select, update

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import certificates
from softlanding.blueprints.events import notices as event_notices
from softlanding.blueprints.events.access import can_manage
from softlanding.blueprints.events.models import Booking, Event, InterviewSlot
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.core.mailer import external_url, queue_email

REASON_MAX = 1000


def totals(rows: list[Booking]) -> dict[str, int]:
    """Counts for the top of the attendee page (from the roster already loaded: no extra query)."""
    counts = Counter(b.status for b in rows)
    marks = Counter(b.attended for b in rows if b.status == "booked")
    return {"booked": counts["booked"], "waitlisted": counts["waitlisted"], "cancelled": counts["cancelled"],
            "attended": marks[True], "absent": marks[False], "unmarked": marks[None]}


def mark_all_attended(actor, event: Event, now=None) -> int:
    """Everyone booked and not yet marked becomes attended; people marked absent stay absent (the exceptions)."""
    unmarked = db.session.scalars(select(Booking.id).where(
        Booking.event_id == event.id, Booking.status == "booked", Booking.attended.is_(None))).all()
    changed = bookings.mark_attendance(actor, event, {booking_id: True for booking_id in unmarked}, now=now)
    certificates.issue_for_event(event)
    return changed


def save_marks(actor, event: Event, marks: dict[int, bool], now=None) -> int:
    """Attendance marks from the page or an import, then certificates for everyone attended."""
    changed = bookings.mark_attendance(actor, event, marks, now=now)
    certificates.issue_for_event(event)
    return changed


def _booking(event: Event, booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.event_id != event.id:
        raise NotFound("No such booking on this event.")
    return booking


def promote(actor, event: Event, booking_id: int, now=None) -> Booking:
    """A host gives a waiting person a place, adding one to the places if the event is full."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only the event's hosts and organisers can do that.")
    if event.status != "published":
        raise ValidationError("Only a published event has a waitlist to promote from.")
    now = now or utcnow()
    if event.starts_at <= now:
        raise ValidationError("The event has started; the waitlist is closed.")
    booking = _booking(event, booking_id)
    if booking.status != "waitlisted":
        raise ValidationError("That person is not on the waitlist.")
    if event.capacity is not None and bookings.booked_count(event.id) >= event.capacity:
        event.capacity += 1
    booking.status = "booked"
    booking.promoted_at = now
    db.session.flush()
    event_notices.promoted(booking, event)
    return booking


def remove(actor, event: Event, booking_id: int, reason: str, now=None) -> Booking:
    """A host takes someone off the event with a reason they are told; their slot and place are freed."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only the event's hosts and organisers can do that.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason: the person is told it.", field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"Keep the reason to {REASON_MAX} characters.", field="reason")
    now = now or utcnow()
    if event.starts_at <= now:
        raise ValidationError("The event has started; mark the person absent instead.")
    booking = _booking(event, booking_id)
    if booking.status == "cancelled":
        raise ValidationError("That person is no longer on the event.")
    was_booked = booking.status == "booked"
    booking.status = "cancelled"
    booking.cancelled_at = now
    db.session.execute(update(InterviewSlot).where(InterviewSlot.event_id == event.id,
                                                   InterviewSlot.booked_by_id == booking.user_id)
                       .values(booked_by_id=None, booked_at=None))
    db.session.flush()
    queue_email(booking.user.email, f"Your place on {event.title} has been withdrawn", "events_removed",
                kind="event_removed", user=booking.user, event=event, reason=reason,
                link=external_url("events.detail", event_id=event.id))
    if was_booked and event.status == "published":
        bookings.promote_waitlist(event, now)
    return booking
