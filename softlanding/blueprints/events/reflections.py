"""Reflections on an event, under the headings of the RCPCH ePortfolio's reflective note, as text and PDF.

Only the attendee sees their reflection; it is free text they write for their own portfolio."""

from flask import current_app
from sqlalchemy import select

from softlanding.blueprints.events import certificates
from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.events.models_desk import Reflection
from softlanding.core.errors import PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.lib.documents import ReflectionText, reflection_pdf

# The ePortfolio reflective note asks these three things (its headings, in its words).
HEADINGS = {"learned": "What did I learn?",
            "apply": "How will I apply this learning in my practice?",
            "evidence": "What evidence will I use to show this?"}
TEXT_MAX = 5000


def attended_booking(user, event: Event) -> Booking:
    """The user's attended booking on the event, else PermissionDenied."""
    booking = db.session.scalar(select(Booking).where(Booking.event_id == event.id, Booking.user_id == user.id))
    if booking is None or booking.status != "booked" or booking.attended is not True:
        raise PermissionDenied("Reflections and certificates are for people marked as attending.")
    return booking


def reflection_for(booking: Booking) -> Reflection | None:
    """The saved reflection, if any."""
    return db.session.scalar(select(Reflection).where(Reflection.booking_id == booking.id))


def save(user, event: Event, values: dict[str, str]) -> Reflection:
    """Save (or replace) the reflection; every section may be left for later."""
    booking = attended_booking(user, event)
    cleaned = {k: (values.get(k) or "").strip() for k in HEADINGS}
    too_long = {k: f"Keep this to {TEXT_MAX} characters." for k, v in cleaned.items() if len(v) > TEXT_MAX}
    if too_long:
        raise ValidationError(too_long)
    reflection = reflection_for(booking)
    if reflection is None:
        reflection = Reflection(booking_id=booking.id)
        db.session.add(reflection)
    for key, value in cleaned.items():
        setattr(reflection, key, value)
    db.session.flush()
    return reflection


def _text(user, event: Event, reflection: Reflection | None) -> ReflectionText:
    sections = tuple((heading, getattr(reflection, key, "") if reflection else "") for key, heading in HEADINGS.items())
    return ReflectionText(network=current_app.config["PLATFORM_NAME"], attendee=user.full_name, title=event.title,
                          date=certificates.event_date(event.starts_at, event.timezone),
                          hours=certificates.hours_of(event), sections=sections)


def as_text(user, event: Event, reflection: Reflection | None) -> str:
    """The reflection as plain text to paste into the ePortfolio."""
    t = _text(user, event, reflection)
    lines = ["Reflective note", "", f"Event: {t.title}", f"Date: {t.date}", f"Duration: {t.hours} hours",
             f"Organised by: {t.network}", ""]
    for heading, body in t.sections:
        lines += [heading, body or "(not written yet)", ""]
    return "\n".join(lines)


def as_pdf(user, event: Event, reflection: Reflection | None) -> bytes:
    """The reflection as a PDF."""
    return reflection_pdf(_text(user, event, reflection), certificates.fonts_dir())
