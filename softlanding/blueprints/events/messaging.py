"""Writing to the people on an event ("slides are here", "room changed") through the outbox.

Each message is one email per person (no one sees the others' addresses) and is recorded on the event:
who sent it, to which group, how many people, and what it said."""

from sqlalchemy import func, select

from softlanding.blueprints.events.access import can_manage
from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.events.models_desk import MESSAGE_AUDIENCES, EventMessage
from softlanding.core.errors import PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.core.mailer import external_url, queue_email

SUBJECT_MAX, BODY_MAX = 150, 5000


def _audience(event_id: int, audience: str):
    stmt = select(Booking).where(Booking.event_id == event_id)
    if audience == "attended":
        return stmt.where(Booking.status == "booked", Booking.attended.is_(True))
    return stmt.where(Booking.status == audience)


def audience_counts(event: Event) -> dict[str, int]:
    """{audience: how many people} for the choice on the form."""
    rows = dict(db.session.execute(
        select(Booking.status, func.count(Booking.id)).where(Booking.event_id == event.id)
        .group_by(Booking.status)).tuples().all())
    attended = db.session.scalar(select(func.count(Booking.id)).where(
        Booking.event_id == event.id, Booking.status == "booked", Booking.attended.is_(True))) or 0
    return {"booked": rows.get("booked", 0), "waitlisted": rows.get("waitlisted", 0), "attended": attended}


def send_message(actor, event: Event, audience: str, subject: str, body: str) -> EventMessage:
    """Queue one email per person in the audience and record the message on the event."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only the event's hosts and organisers can write to its attendees.")
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if audience not in MESSAGE_AUDIENCES:
        errors["audience"] = "Choose who should get the message."
    if not subject:
        errors["subject"] = "Enter a subject."
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = f"Keep the subject to {SUBJECT_MAX} characters."
    if not body:
        errors["body"] = "Enter the message."
    elif len(body) > BODY_MAX:
        errors["body"] = f"Keep the message to {BODY_MAX} characters."
    if errors:
        raise ValidationError(errors)
    people = list(db.session.scalars(_audience(event.id, audience)))
    if not people:
        raise ValidationError("Nobody is in that group yet, so there is no one to write to.", field="audience")
    link = external_url("events.detail", event_id=event.id)
    for booking in people:
        queue_email(booking.user.email, f"{event.title}: {subject}", "events_message", kind="event_message",
                    user=booking.user, event=event, message_subject=subject, body=body, link=link,
                    sender=actor.full_name)
    record = EventMessage(event_id=event.id, sender_id=actor.id, audience=audience, subject=subject, body=body,
                          recipients=len(people))
    db.session.add(record)
    db.session.flush()
    return record


def messages_for(event: Event) -> list[EventMessage]:
    """Messages sent about the event, newest first."""
    return list(db.session.scalars(select(EventMessage).where(EventMessage.event_id == event.id)
                                   .order_by(EventMessage.sent_at.desc(), EventMessage.id.desc())))
