"""Home panels of the events domain: next bookings (with join links when visible), events hosted and
attendance to take, the interview schedule, and events awaiting review. Each runs a fixed number of
queries, capped at HOME_LIMIT rows."""

from datetime import timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, lazyload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.access import hosted_clause, join_link_visible
from softlanding.blueprints.events.listing import my_bookings
from softlanding.blueprints.events.models import Booking, Event, InterviewSlot
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.home import HOME_LIMIT

# Attendance is worth asking for until this long after an event.
ATTENDANCE_DAYS = 30


def next_bookings(user):
    """The member's next bookings, soonest first, each with whether its join link shows now."""
    page = my_bookings(user, per_page=HOME_LIMIT)
    now = utcnow()
    rows = [(b, join_link_visible(b.event, user, b.status, now)) for b in page.items]
    return {"rows": rows, "total": page.total}


def _hosted(user):
    return (select(Event).where(hosted_clause(user.id))
            .options(lazyload(Event.host), lazyload(Event.slots), lazyload(Event.resources)))


def hosting(user):
    """Events the rep hosts that are coming up, and past ones whose attendance is not taken."""
    now = utcnow()
    upcoming = list(db.session.scalars(_hosted(user).where(Event.ends_at >= now, Event.status != "cancelled")
                                       .order_by(Event.starts_at).limit(HOME_LIMIT)))
    untaken = exists().where(Booking.event_id == Event.id, Booking.status == "booked", Booking.attended.is_(None))
    attendance = list(db.session.scalars(
        _hosted(user).where(Event.status == "published", Event.ends_at < now,
                            Event.ends_at >= now - timedelta(days=ATTENDANCE_DAYS), untaken)
        .order_by(Event.ends_at.desc()).limit(HOME_LIMIT)))
    if not upcoming and not attendance:
        return None
    return {"upcoming": upcoming, "attendance": attendance}


def interviews(user):
    """The rep's next mock-interview slots, with who booked each."""
    now = utcnow()
    slots = list(db.session.scalars(
        select(InterviewSlot).where(InterviewSlot.interviewer_id == user.id, InterviewSlot.starts_at >= now)
        .options(joinedload(InterviewSlot.event).lazyload(Event.host), lazyload(InterviewSlot.interviewer),
                 joinedload(InterviewSlot.booked_by).joinedload(User.profile))
        .order_by(InterviewSlot.starts_at).limit(HOME_LIMIT)))
    if not slots:
        return None
    return {"slots": slots}


def awaiting_review(user):
    """Events submitted for review, soonest first, and how many there are."""
    stmt = (select(Event).where(Event.status == "submitted")
            .options(joinedload(Event.host).joinedload(User.profile), lazyload(Event.slots),
                     lazyload(Event.resources))
            .order_by(Event.starts_at).limit(HOME_LIMIT))
    events = list(db.session.scalars(stmt).unique())
    total = db.session.scalar(select(func.count()).select_from(Event).where(Event.status == "submitted"))
    return {"events": events, "total": total or 0}


def register_panels(registry):
    """Add this domain's home panels."""
    registry.add_home_panel("events.next_bookings", "member", next_bookings, "events/_home_bookings.html", 10)
    registry.add_home_panel("events.hosting", "rep", hosting, "events/_home_hosting.html", 20)
    registry.add_home_panel("events.interviews", "rep", interviews, "events/_home_interviews.html", 25)
    registry.add_home_panel("events.review", "organiser", awaiting_review, "events/_home_review.html", 10)
    registry.add_tool("Events to run and review", "events.manage", "organiser", 10)
    registry.add_tool("Propose an event", "events.new", "organiser", 11)
