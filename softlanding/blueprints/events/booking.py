"""Booking places: capacity under concurrency, the first-come waitlist, cancelling, attendance."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events import notices as event_notices
from softlanding.blueprints.events.access import can_manage, get_event
from softlanding.blueprints.events.models import Booking, InterviewSlot
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.core.reference import labels
from softlanding.lib.csvsafe import write_csv


def booked_count(event_id):
    """How many people hold a place."""
    return db.session.scalar(
        select(func.count(Booking.id)).where(Booking.event_id == event_id, Booking.status == "booked")
    )


def booking_for(user, event_id):
    """This user's booking row on this event (any status), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Booking).where(Booking.event_id == event_id, Booking.user_id == user.id))


def active_bookings(event):
    """Booked and waitlisted rows, with their people."""
    return db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status.in_(("booked", "waitlisted")))
        .order_by(Booking.created_at, Booking.id)
    ).all()


def _check_bookable(event, now):
    if event.status != "published":
        raise ValidationError("This event is not open for booking.")
    if event.starts_at <= now:
        raise ValidationError("This event has already started.")


def book(user, event_id, now=None):
    """Book a place, or join the waitlist when full. The event row is locked while counting."""
    # FOR UPDATE on PostgreSQL; on SQLite the transaction already holds the write lock (BEGIN IMMEDIATE).
    if not user.is_active:
        raise PermissionDenied("This account is suspended, so it cannot book.")
    event = get_event(event_id, user, lock=True)
    # The time is read only once the lock is held: a timestamp taken before it could be older than
    # that of a request that waited less, which put two people at the same waitlist position.
    now = _joined_at(event.id, now or utcnow())
    _check_bookable(event, now)
    booking = booking_for(user, event.id)
    if booking is not None and booking.status != "cancelled":
        raise Conflict("You are already booked on this event." if booking.status == "booked"
                       else "You are already on the waitlist for this event.")
    full = event.capacity is not None and booked_count(event.id) >= event.capacity
    if booking is None:
        booking = Booking(event_id=event.id, user_id=user.id)
        db.session.add(booking)
    booking.status = "waitlisted" if full else "booked"
    booking.created_at = now  # waitlist order: when they (re)joined
    booking.cancelled_at = booking.promoted_at = None
    booking.attended = None
    booking.reminded_hours = None
    db.session.flush()
    if full:
        event_notices.waitlisted(booking, event, waitlist_position(booking))
    else:
        event_notices.booked(booking, event)
    return booking


def _joined_at(event_id, now):
    """`now`, or just after the newest waiting row if the clock stepped back (the order stays first-come)."""
    newest = db.session.scalar(select(func.max(Booking.created_at)).where(
        Booking.event_id == event_id, Booking.status == "waitlisted"))
    return newest + timedelta(microseconds=1) if newest is not None and newest >= now else now


def waitlist_position(booking):
    """1 for the first person waiting."""
    return db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.event_id == booking.event_id, Booking.status == "waitlisted",
            (Booking.created_at < booking.created_at)
            | ((Booking.created_at == booking.created_at) & (Booking.id <= booking.id)),
        )
    )


def cancel_booking(user, event_id, now=None):
    """Give up a place (or leave the waitlist) before the start; the first waiting person moves up."""
    now = now or utcnow()
    event = get_event(event_id, user, lock=True)
    booking = booking_for(user, event.id)
    if booking is None or booking.status == "cancelled":
        raise ValidationError("You have no booking on this event.")
    if event.starts_at <= now:
        raise ValidationError("The event has started; bookings can be cancelled only before the start.")
    was_booked = booking.status == "booked"
    booking.status = "cancelled"
    booking.cancelled_at = now
    db.session.execute(
        update(InterviewSlot).where(InterviewSlot.event_id == event.id, InterviewSlot.booked_by_id == user.id)
        .values(booked_by_id=None, booked_at=None)
    )
    db.session.flush()
    if was_booked and event.status == "published":
        promote_waitlist(event, now)
    return booking


def promote_waitlist(event, now=None):
    """Move waiting people up, oldest first, while places are free. Caller holds the event lock."""
    now = now or utcnow()
    promoted = []
    free = None if event.capacity is None else event.capacity - booked_count(event.id)
    waiting = db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status == "waitlisted")
        .order_by(Booking.created_at, Booking.id)
    ).all()
    for booking in waiting:
        if free is not None and free <= 0:
            break
        booking.status = "booked"
        booking.promoted_at = now
        promoted.append(booking)
        free = None if free is None else free - 1
    db.session.flush()
    for booking in promoted:
        event_notices.promoted(booking, event)
    return promoted


def roster(event):
    """Everyone booked or waiting, then those who cancelled, each group in booking order."""
    rows = db.session.scalars(
        select(Booking).options(joinedload(Booking.user).joinedload(User.profile))
        .where(Booking.event_id == event.id).order_by(Booking.created_at, Booking.id)
    ).unique().all()
    order = {"booked": 0, "waitlisted": 1, "cancelled": 2}
    return sorted(rows, key=lambda b: order.get(b.status, 3))


def roster_csv(actor, event, tz):
    """The roster as CSV for hosts and organisers (cells neutralised against formula injection)."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only hosts and organisers export the list.")
    stages = labels("career_stage")
    zone = ZoneInfo(tz)
    rows = []
    for b in roster(event):
        profile = b.user.profile
        rows.append([b.user.full_name, b.user.email, stages.get(profile.career_stage, "") if profile else "",
                     b.status, b.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                     {True: "attended", False: "absent", None: ""}[b.attended]])
    return write_csv(rows, header=["Name", "Email", "Career stage", "Status", f"Booked at ({tz})", "Attendance"])


def mark_attendance(actor, event, marks, now=None):
    """After the start, hosts and organisers mark each booked person attended (True) or absent (False)."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only hosts and organisers take attendance.")
    if event.status != "published" or event.starts_at > (now or utcnow()):
        raise ValidationError("Attendance can be taken once the event has started.")
    changed = 0
    for booking in db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status == "booked")
    ):
        if booking.id in marks and booking.attended != marks[booking.id]:
            booking.attended = marks[booking.id]
            changed += 1
    db.session.flush()
    return changed


def counts_for(event_ids):
    """{event_id: places booked} for several events in one query."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(Booking.event_id, func.count(Booking.id))
        .where(Booking.event_id.in_(event_ids), Booking.status == "booked").group_by(Booking.event_id)
    )
    return dict(rows.tuples().all())


def statuses_for(user, event_ids):
    """{event_id: this user's booking status} for several events in one query."""
    if not event_ids or user is None or not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.execute(
        select(Booking.event_id, Booking.status)
        .where(Booking.event_id.in_(event_ids), Booking.user_id == user.id, Booking.status != "cancelled")
    )
    return dict(rows.tuples().all())

