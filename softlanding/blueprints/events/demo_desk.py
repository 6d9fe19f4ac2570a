"""Demo data for the events desk: certificates for past attendance, a message with hard text, a series of
drafts across the clocks changing, and a reflection in Urdu and English."""

from datetime import UTC, datetime, timedelta

from softlanding.blueprints.events import certificates, copying
from softlanding.blueprints.events.models import Booking
from softlanding.blueprints.events.models_desk import EventMessage, Reflection
from softlanding.core.extensions import db

MESSAGE = ("The slides are on the event page now.\n\nRoom changed for the in-person part: Seminar Room 2B "
           "(level 3). شکریہ — thank you for coming! 🌟\nQuestions: reply to your host.")


def seed_desk(ctx):
    """Run after seed_events (it needs the events and bookings)."""
    events, organiser = ctx.get("events", []), ctx.get("organiser")
    now = datetime.now(UTC)
    past = [e for e in events if e.status == "published" and e.ends_at < now]
    issued = sum(certificates.issue_for_event(e) for e in past)
    if past:
        db.session.add(EventMessage(event_id=past[0].id, sender_id=past[0].host_id, audience="attended",
                                    subject="Slides and a room change", body=MESSAGE, recipients=12,
                                    sent_at=past[0].ends_at + timedelta(hours=2)))
        first = db.session.scalars(db.select(Booking).where(Booking.event_id == past[0].id,
                                                            Booking.attended.is_(True))).first()
        if first is not None:
            db.session.add(Reflection(booking_id=first.id, learned="پینل عکاسی چاہتا ہے، فہرست نہیں۔\n"
                                      "Panels want reflection, not lists.", apply="One reflective entry a month.",
                                      evidence="This certificate and the slides."))
    upcoming = [e for e in events if e.status == "published" and e.starts_at > now]
    made = []
    if upcoming and organiser is not None:
        made = copying.create_series(organiser, upcoming[0], "monthly", 5)
    db.session.flush()
    return [f"Events desk: {issued} certificates, 1 message to attendees, a monthly series of {len(made)} drafts."]
