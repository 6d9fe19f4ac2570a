"""Booking places: capacity under concurrency, the first-come waitlist, cancelling, attendance."""

from datetime import datetime, timedelta
from typing import NamedTuple, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, Table, bindparam, case, func, insert, select
from sqlalchemy.orm import joinedload, lazyload, make_transient_to_detached

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events import notices as event_notices
from softlanding.blueprints.events import team_notices
from softlanding.blueprints.events.access import can_manage, get_event, is_public
from softlanding.blueprints.events.models import Booking, Event, InterviewSlot
from softlanding.blueprints.events.visibility import attendee_fields
from softlanding.blueprints.notifications.notify import email_choice, email_wanted
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.lib.csvsafe import write_csv

STATUS_LABELS = {"booked": "Booked", "waitlisted": "Waitlisted", "cancelled": "Cancelled"}


def booked_count(event_id):
    """How many people hold a place."""
    return db.session.scalar(
        select(func.count(Booking.id)).where(Booking.event_id == event_id, Booking.status == "booked")
    )


def waiting_count(event_id):
    """How many people are on the waitlist."""
    return db.session.scalar(
        select(func.count(Booking.id)).where(Booking.event_id == event_id, Booking.status == "waitlisted")
    )


def booking_for(user, event_id):
    """This user's booking row on this event (any status), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    # The caller is the user: joining the row's user (the relationship's default) would load them again.
    return db.session.scalar(select(Booking).options(lazyload(Booking.user))
                             .where(Booking.event_id == event_id, Booking.user_id == user.id))


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


# Booking and cancelling read the event's own row, not its host, co-hosts, slots or resources (each was a
# query of its own on every booking); whatever later asks for one of them loads it then.
_LOCKED_EVENT_ONLY = (lazyload(Event.host), lazyload(Event.cohosts), lazyload(Event.slots), lazyload(Event.resources))


# What booking checks and its messages show (calendar_item's columns among them), locked: an ORM Event
# cost more to load than the rest of the booking's reads together.
_LOCK = select(Event.id, Event.title, Event.category, Event.description_html, Event.starts_at, Event.ends_at,
               Event.timezone, Event.format, Event.venue, Event.capacity, Event.status, Event.sequence,
               Event.updated_at, Event.published_at, Event.cancel_reason,
               ).where(Event.id == bindparam("event_id", type_=Integer)).with_for_update(of=Event)


def _locked_event(event_id, user):
    """The event's row, locked, when it is public; anything else goes through get_event, which decides
    between "no such event" and (for its hosts and organisers) the event itself, refused below."""
    row = db.session.execute(_LOCK, {"event_id": event_id}).one_or_none()
    if row is not None and is_public(row):
        return row
    return get_event(event_id, user, lock=True, options=_LOCKED_EVENT_ONLY)


def book(user, event_id, now=None):
    """Book a place, or join the waitlist when full. The event row is locked while counting."""
    # FOR UPDATE on PostgreSQL; on SQLite the transaction already holds the write lock (BEGIN IMMEDIATE).
    if not user.is_active:
        raise PermissionDenied("This account is suspended, so it cannot book.")
    event = _locked_event(event_id, user)
    # Everything else is read in one query once the lock is held: a timestamp taken before it could be
    # older than that of a request that waited less, which put two people at the same waitlist position.
    state = _booking_state(event.id, user.id)
    now = _after(state.newest_waiting, now or utcnow())
    _check_bookable(event, now)
    if state.own_status in ("booked", "waitlisted"):
        raise Conflict("You are already booked on this event." if state.own_status == "booked"
                       else "You are already on the waitlist for this event.")
    full = event.capacity is not None and state.taken >= event.capacity
    values = {"status": "waitlisted" if full else "booked", "created_at": now,  # waitlist order: when they (re)joined
              "cancelled_at": None, "promoted_at": None, "attended": None, "reminded_hours": None}
    if state.own_id is None:
        booking = _inserted(Booking(event_id=event.id, user_id=user.id, calendar_sequence=0, **values))
    else:  # booking again after cancelling: the new invitation must outrank the cancellation
        booking = db.session.get_one(Booking, state.own_id, options=[lazyload(Booking.user)])
        booking.calendar_sequence += 1
        for name, value in values.items():
            setattr(booking, name, value)
    if full:  # `now` is after every waiting row's time (see _after), so this one is last in the queue
        event_notices.waitlisted(booking, event, state.waiting + 1,
                                 email=email_wanted("event_waitlisted", state.email_waitlisted))
    else:
        event_notices.booked(booking, event, email=email_wanted("event_booked", state.email_booked))
    db.session.flush()
    return booking


_INSERT = insert(cast(Table, Booking.__table__)).returning(Booking.__table__.c.id)


def _inserted(booking):
    """`booking` written with one plain INSERT and put in the session as the row it now is: the unit of
    work's flush of one new object cost more than the booking's reads together. Only the columns set on it
    are sent, so a column it leaves unset gets its default (and is read when first used)."""
    columns = {c.key: booking.__dict__[c.key] for c in Booking.__table__.c if c.key != "id" and c.key in booking.__dict__}
    booking.id = db.session.execute(_INSERT, columns).scalar_one()
    make_transient_to_detached(booking)
    db.session.add(booking)
    return booking


class _State(NamedTuple):
    newest_waiting: datetime | None
    taken: int
    waiting: int
    own_id: int | None
    own_status: str | None
    email_booked: bool | None
    email_waitlisted: bool | None


def _state_query():
    user_id = bindparam("user_id", type_=Integer)
    mine = Booking.user_id == user_id
    return select(
        func.max(case((Booking.status == "waitlisted", Booking.created_at)), type_=Booking.created_at.type),
        func.count(case((Booking.status == "booked", Booking.id))),
        func.count(case((Booking.status == "waitlisted", Booking.id))),
        func.max(case((mine, Booking.id))), func.max(case((mine, Booking.status))),
        email_choice(user_id, "event_booked"), email_choice(user_id, "event_waitlisted"),
    ).where(Booking.event_id == bindparam("event_id"))


# Built once: making the statement and its cache key cost more than running it (they are kept on the object).
_STATE = _state_query()


def _booking_state(event_id, user_id):
    """The event's places taken and waiting, its newest waiting row's time, this person's own row (id and
    status; at most one: unique per event) and their stored email choices for the two replies: one query."""
    return _State(*db.session.execute(_STATE, {"event_id": event_id, "user_id": user_id}).one())


def _after(newest, now):
    """`now`, or just after the newest waiting row if the clock stepped back (the order stays first-come)."""
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


def waitlist_positions(rows):
    """{booking id: waitlist position} for several waitlisted bookings, in one query."""
    event_ids = {b.event_id for b in rows if b.status == "waitlisted"}
    if not event_ids:
        return {}
    waiting = db.session.execute(
        select(Booking.id, Booking.event_id).where(Booking.event_id.in_(event_ids), Booking.status == "waitlisted")
        .order_by(Booking.event_id, Booking.created_at, Booking.id)
    ).tuples().all()
    positions: dict[int, int] = {}
    seen: dict[int, int] = {}
    for booking_id, event_id in waiting:
        seen[event_id] = seen.get(event_id, 0) + 1
        positions[booking_id] = seen[event_id]
    return positions


def cancel_booking(user, event_id, now=None):
    """Give up a place (or leave the waitlist) before the start; the first waiting person moves up."""
    now = now or utcnow()
    event = get_event(event_id, user, lock=True, options=_LOCKED_EVENT_ONLY)
    booking = booking_for(user, event.id)
    if booking is None or booking.status == "cancelled":
        raise ValidationError("You have no booking on this event.")
    if event.starts_at <= now:
        raise ValidationError("The event has started; bookings can be cancelled only before the start.")
    was_booked = release(booking, event, now)
    if event.status == "published":
        event_notices.booking_cancelled(booking, event, was_booked)
    if was_booked and event.status == "published":
        promote_waitlist(event, now)
    return booking


def release(booking, event, now=None):
    """Mark a booking cancelled and free its interview slot (its people told); True if it held a place.

    For every path that ends a booking (the person cancelling, a host removing them): the caller holds
    the event lock, then sends the person their own message with calendar_attachment(event, booking,
    "CANCEL") and calls promote_waitlist.
    """
    was_booked = booking.status == "booked"
    booking.status = "cancelled"
    booking.cancelled_at = now or utcnow()
    booking.calendar_sequence += 1  # the cancellation outranks the booking's invitation
    slot = db.session.scalar(select(InterviewSlot).where(
        InterviewSlot.event_id == event.id, InterviewSlot.booked_by_id == booking.user_id))
    if slot is not None:  # ending the booking frees its interview slot for someone else
        team_notices.slot_cancelled(slot, booking.user, because_booking_cancelled=True)
        slot.booked_by_id, slot.booked_at = None, None
    db.session.flush()
    return was_booked


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
    zone = ZoneInfo(tz)
    rows = []
    for b in roster(event):
        shown = attendee_fields(actor, b.user)  # only what each member's profile visibility allows
        rows.append([shown["name"], shown["email"], shown["career_stage"],
                     STATUS_LABELS.get(b.status, b.status), b.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                     {True: "Attended", False: "Absent", None: ""}[b.attended]])
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
