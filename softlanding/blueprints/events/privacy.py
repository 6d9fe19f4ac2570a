"""Events' part of "download my data" and of erasure, and what a host still holds (for role removal)."""

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events.models import Booking, Event, EventHost, InterviewSlot
from softlanding.core.errors import DomainError
from softlanding.core.extensions import db


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _hosted(user: Any):
    cohosted = select(EventHost.event_id).where(EventHost.user_id == user.id)
    return db.session.scalars(select(Event).where(or_(Event.host_id == user.id, Event.id.in_(cohosted)))
                              .order_by(Event.starts_at)).all()


def export(user: Any) -> dict[str, Any]:
    """Bookings with attendance, interview slots (booked or given), and events the member hosts."""
    rows = db.session.scalars(select(Booking).where(Booking.user_id == user.id).order_by(Booking.id)).all()
    events = {e.id: e for e in db.session.scalars(select(Event).where(Event.id.in_([b.event_id for b in rows])))}
    slots = db.session.scalars(select(InterviewSlot).where(
        or_(InterviewSlot.booked_by_id == user.id, InterviewSlot.interviewer_id == user.id))
        .order_by(InterviewSlot.starts_at)).all()
    return {
        "bookings": [{"event": events[b.event_id].title, "event_starts_at": _iso(events[b.event_id].starts_at),
                      "status": b.status, "attended": b.attended, "booked_at": _iso(b.created_at),
                      "cancelled_at": _iso(b.cancelled_at)} for b in rows],
        "interview_slots": [{"event_id": s.event_id, "starts_at": _iso(s.starts_at), "minutes": s.length_minutes,
                             "role": "interviewer" if s.interviewer_id == user.id else "candidate",
                             "booked_at": _iso(s.booked_at)} for s in slots],
        "hosted_events": [{"title": e.title, "starts_at": _iso(e.starts_at), "status": e.status}
                          for e in _hosted(user)],
    }


def erase(user: Any, context: Any) -> None:
    """Cancel future bookings (waiting lists move up) and slots; hosted events stay under "a former
    member", and organisers are told about the ones still to come. Past bookings stay (attendance counts)."""
    now = context.now
    future = db.session.scalars(select(Booking).join(Event, Event.id == Booking.event_id).where(
        Booking.user_id == user.id, Booking.status.in_(("booked", "waitlisted")), Event.starts_at > now)).all()
    for row in future:
        try:
            bookings.cancel_booking(user, row.event_id, now)
        except DomainError:  # an event no longer public: nobody waits for the place, just let it go
            row.status, row.cancelled_at = "cancelled", now
    for slot in db.session.scalars(select(InterviewSlot).where(InterviewSlot.booked_by_id == user.id,
                                                               InterviewSlot.starts_at > now)).all():
        slot.booked_by_id, slot.booked_at = None, None
    upcoming = [e for e in _hosted(user) if e.starts_at > now and e.status != "cancelled"]
    if upcoming:
        from softlanding.blueprints.accounts.people import notice
        from softlanding.blueprints.accounts.users import organisers

        titles = "; ".join(f"{e.title} ({e.starts_at.date().isoformat()})" for e in upcoming)
        for organiser in organisers():
            if organiser.id != user.id:
                notice(organiser, "Events now hosted by a former member",
                       f"A host has deleted their account. These events are now shown as hosted by "
                       f"\"a former member\": {titles}. Find a new host or cancel them.",
                       link_endpoint="events.index", link_label="Events")
    context.done.append(f"{len(future)} future booking(s) cancelled; {len(upcoming)} hosted event(s) handed over")
    db.session.flush()


def holdings(user: Any, role: str) -> list[str]:
    """For the rep and organiser roles: the events still to come that the person hosts."""
    if role not in ("rep", "organiser"):
        return []
    from softlanding.core.db import utcnow

    upcoming = [e for e in _hosted(user) if e.starts_at > utcnow() and e.status != "cancelled"]
    return [f"hosts \"{e.title}\" on {e.starts_at.date().isoformat()}" for e in upcoming]
