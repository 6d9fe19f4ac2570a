"""One-to-one mock-interview slots: hosts offer them, newcomers book one each, interviewers see theirs."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from softlanding.blueprints.accounts.models import User, UserRole
from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import notices as event_notices
from softlanding.blueprints.events import team_notices
from softlanding.blueprints.events.access import can_manage, get_event
from softlanding.blueprints.events.models import Booking, Event, InterviewSlot
from softlanding.blueprints.events.validation import local_to_utc
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.core.templating import format_datetime

MAX_SLOTS_AT_ONCE = 20


def interviewer_choices(event: Event | None = None) -> list[tuple[int, str]]:
    """(id, name) of every rep and organiser, for the slot and co-host fields."""
    staff = select(UserRole.user_id).where(UserRole.role.in_(("rep", "organiser", "admin")))
    people = db.session.scalars(
        select(User).where(User.id.in_(staff), User.is_active_account.is_(True)).order_by(User.full_name)
    ).all()
    return [(u.id, u.full_name) for u in people]


def add_slots(actor: User, event: Event, interviewer_id: int | None, start_local: datetime | None,
              length_minutes: int | None, count: int | None, now: datetime | None = None) -> list[InterviewSlot]:
    """Offer `count` back-to-back slots with one interviewer, starting at a time in the event's zone."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only hosts and organisers add interview slots.")
    if event.category != "mock_interview":
        raise ValidationError("Only mock-interview events have one-to-one slots.")
    if event.status == "cancelled":
        raise ValidationError("This event is cancelled.")
    interviewer = db.session.get(User, interviewer_id or 0)
    if interviewer is None or not (interviewer.is_rep or interviewer.is_organiser):
        raise ValidationError("Choose a rep or organiser as interviewer.", field="interviewer_id")
    if not length_minutes or not 5 <= length_minutes <= 180:
        raise ValidationError("Give a length from 5 to 180 minutes.", field="length_minutes")
    if not count or not 1 <= count <= MAX_SLOTS_AT_ONCE:
        raise ValidationError(f"Add from 1 to {MAX_SLOTS_AT_ONCE} slots at a time.", field="count")
    start = local_to_utc(start_local, event.timezone, "starts_at")
    if start <= (now or utcnow()):
        raise ValidationError("The first slot must start in the future.", field="starts_at")
    length = timedelta(minutes=length_minutes)
    new = [(start + i * length, start + (i + 1) * length) for i in range(count)]
    _check_within_event(event, new[0][0], new[-1][1])
    _check_places(event, count)
    existing = db.session.scalars(select(InterviewSlot).where(
        InterviewSlot.event_id == event.id, InterviewSlot.interviewer_id == interviewer.id))
    for slot in existing:
        s_start, s_end = slot.starts_at, slot.starts_at + timedelta(minutes=slot.length_minutes)
        if any(a < s_end and s_start < b for a, b in new):
            raise ValidationError("These overlap with this interviewer's existing slots.", field="starts_at")
    slots = [InterviewSlot(event_id=event.id, interviewer_id=interviewer.id, starts_at=a,
                           length_minutes=length_minutes) for a, _ in new]
    event.slots.extend(slots)
    db.session.flush()
    if interviewer.id != actor.id:
        team_notices.interviewer_named(event, interviewer, slots)
    return slots


def _check_within_event(event: Event, first_start: datetime, last_end: datetime) -> None:
    """A slot is part of the event: it starts no earlier and ends no later than the event."""
    def local(value: datetime) -> str:
        return format_datetime(value, tz=event.timezone)
    if first_start < event.starts_at or first_start >= event.ends_at:
        raise ValidationError(f"Slots must lie within the event, from {local(event.starts_at)} "
                              f"to {local(event.ends_at)}.", field="starts_at")
    if last_end > event.ends_at:
        raise ValidationError(f"These slots would run until {local(last_end)}, after the event ends at "
                              f"{local(event.ends_at)}. Add fewer or shorter slots.", field="count")


def _check_places(event: Event, count: int) -> None:
    """Each slot needs a place: more slots than places would offer slots nobody can book."""
    if event.capacity is None:
        return
    room = event.capacity - len(event.slots)
    if count > room:
        have = f"{len(event.slots)} slot{'s' if len(event.slots) != 1 else ''}"
        raise ValidationError(
            f"This event has {event.capacity} place{'s' if event.capacity != 1 else ''} and {have} already, "
            f"so you can add at most {max(room, 0)} more. Raise the number of places first (Edit details).",
            field="count")


def plan_moved_slots(event: Event, new_start: datetime, new_end: datetime) -> list[tuple[InterviewSlot, datetime]]:
    """[(slot, new start)]: slots keep their place in the event when it moves; refused if they would not fit."""
    delta = new_start - event.starts_at
    planned = [(slot, slot.starts_at + delta) for slot in event.slots]
    late = [(slot, start) for slot, start in planned
            if start + timedelta(minutes=slot.length_minutes) > new_end]
    if late:
        last_end = max(start + timedelta(minutes=slot.length_minutes) for slot, start in late)
        raise ValidationError(
            f"The interview slots move with the start and would run until "
            f"{format_datetime(last_end, tz=event.timezone)}, after this end. Keep the event long enough "
            "for its slots, or remove slots first.", field="ends_at")
    return [(slot, start) for slot, start in planned if delta]


def slot_event_id(slot_id: int) -> int:
    """The event a slot belongs to; NotFound if there is no such slot."""
    event_id = db.session.scalar(select(InterviewSlot.event_id).where(InterviewSlot.id == slot_id))
    if event_id is None:
        raise NotFound("No such slot.")
    return event_id


def delete_slot(actor: User, slot_id: int) -> int:
    """Remove an unbooked slot."""
    slot = db.session.get(InterviewSlot, slot_id)
    if slot is None:
        raise NotFound("No such slot.")
    if not can_manage(actor, slot.event):
        raise PermissionDenied("Only hosts and organisers remove slots.")
    if slot.booked_by_id is not None:
        raise ValidationError("Someone has booked this slot; ask them to cancel first.")
    if slot.interviewer_id != actor.id:
        team_notices.slot_removed(slot)
    db.session.delete(slot)
    db.session.flush()
    return slot.event_id


def book_slot(user: User, slot_id: int, now: datetime | None = None) -> InterviewSlot:
    """Book one slot; one per person per event; a slot is never given to two people."""
    now = now or utcnow()
    event = get_event(slot_event_id(slot_id), user, lock=True)  # serialises bookings on this event
    if event.status != "published":
        raise ValidationError("This event is not open for booking.")
    slot = db.session.get(InterviewSlot, slot_id, populate_existing=True)
    if slot is None:  # deleted between the look-up and the lock
        raise NotFound("No such slot.")
    if slot.starts_at <= now:
        raise ValidationError("This slot has already started.")
    if slot.interviewer_id == user.id:
        raise ValidationError("You are the interviewer for this slot.")
    mine = db.session.scalar(select(InterviewSlot.id).where(
        InterviewSlot.event_id == event.id, InterviewSlot.booked_by_id == user.id))
    if mine is not None:
        raise Conflict("You already have a slot on this event; cancel it to choose another.")
    booking = bookings.booking_for(user, event.id)
    has_place = booking is not None and booking.status == "booked"
    if not has_place and event.capacity is not None and bookings.booked_count(event.id) >= event.capacity:
        # The slot would be a place the event does not have; the waitlist keeps the order instead.
        raise Conflict("The event is full, so no slot can be booked. Join the waitlist: if a place "
                       "comes free you will get it and can then choose a slot.")
    claimed = rows_changed(db.session.execute(
        update(InterviewSlot).where(InterviewSlot.id == slot_id, InterviewSlot.booked_by_id.is_(None))
        .values(booked_by_id=user.id, booked_at=now)
    ))
    if claimed != 1:
        raise Conflict("Someone has just booked this slot. Please choose another.")
    if not has_place:
        if booking is None:
            booking = Booking(event_id=event.id, user_id=user.id, calendar_sequence=0)
            db.session.add(booking)
        else:
            booking.calendar_sequence += 1
        booking.status, booking.created_at = "booked", now
        booking.cancelled_at = booking.promoted_at = booking.attended = booking.reminded_hours = None
        db.session.flush()
        event_notices.booked(booking, event)
    db.session.flush()
    db.session.refresh(slot)
    team_notices.slot_booked(slot)
    return slot


def cancel_slot(user: User, slot_id: int, now: datetime | None = None) -> InterviewSlot:
    """Give a booked slot back before it starts; the person keeps their place and may choose another."""
    slot = db.session.get(InterviewSlot, slot_id)
    if slot is None:
        raise NotFound("No such slot.")
    if slot.booked_by_id != user.id:
        raise PermissionDenied("That is not your slot.")
    if slot.starts_at <= (now or utcnow()):
        raise ValidationError("This slot has already started.")
    team_notices.slot_cancelled(slot, user)  # before the slot forgets who held it (the entry's UID)
    slot.booked_by_id = None
    slot.booked_at = None
    db.session.flush()
    return slot


def my_slot(user: Any, event: Event) -> InterviewSlot | None:
    """The slot this user booked on this event, if any."""
    return next((s for s in event.slots if user.is_authenticated and s.booked_by_id == user.id), None)


def my_slots_for(user: User, event_ids: Sequence[int]) -> dict[int, InterviewSlot]:
    """{event id: the slot this person booked} for several events, in one query."""
    if not event_ids:
        return {}
    rows = db.session.scalars(select(InterviewSlot).where(
        InterviewSlot.event_id.in_(event_ids), InterviewSlot.booked_by_id == user.id))
    return {slot.event_id: slot for slot in rows}


def interviewer_schedule(user: User, now: datetime | None = None) -> Sequence[InterviewSlot]:
    """Upcoming slots this person interviews in, soonest first, with who booked them."""
    return db.session.scalars(
        select(InterviewSlot).options(joinedload(InterviewSlot.event))
        .join(Event, Event.id == InterviewSlot.event_id)
        .where(InterviewSlot.interviewer_id == user.id, Event.status == "published",
               InterviewSlot.starts_at >= (now or utcnow()) - timedelta(hours=3))
        .order_by(InterviewSlot.starts_at)
    ).unique().all()
