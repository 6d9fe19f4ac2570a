"""What the event page reads: the event, its hosts, its places taken and the viewer's booking, in one query.

The page used to make six (the event, its co-hosts, its slots, the viewer's booking, the places taken, and
the viewer's account). Places taken and the viewer's booking are now columns of the event's own query, read
live on every request (never kept), and the co-hosts and slots are read only for an event that has any:
most have none, and the query says so with two EXISTS columns.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, exists, func, select
from sqlalchemy.orm import aliased, joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.access import can_manage, is_public
from softlanding.blueprints.events.models import Booking, Event, EventHost, InterviewSlot
from softlanding.core.errors import NotFound
from softlanding.core.extensions import db

# The page names the host and co-hosts (their profiles' display names) and never their roles; the
# resources are read only for a viewer allowed to see them (followup.resources_visible asks first).
_HOST = joinedload(Event.host).options(joinedload(User.profile), lazyload(User.role_rows))
_COHOSTS = joinedload(EventHost.user).options(joinedload(User.profile), lazyload(User.role_rows))
_MINE = aliased(Booking, name="mine")
_BOOKED = (select(func.count(Booking.id)).where(Booking.event_id == Event.id, Booking.status == "booked")
           .correlate(Event).scalar_subquery())
_HAS_COHOSTS = exists().where(EventHost.event_id == Event.id)
_HAS_SLOTS = exists().where(InterviewSlot.event_id == Event.id)


@dataclass
class EventPage:
    """The event, how many places are taken, and the viewer's booking row (any status) or None."""

    event: Event
    booked: int
    booking: Booking | None


def _statement(signed_in: bool) -> Select[Any]:
    stmt = (select(Event, _BOOKED.label("booked"), _HAS_COHOSTS.label("has_cohosts"), _HAS_SLOTS.label("has_slots"))
            .where(Event.id == bindparam("event_id", type_=Integer))
            .options(_HOST, lazyload(Event.cohosts), lazyload(Event.slots), lazyload(Event.resources)))
    if signed_in:
        # The viewer's row, not their account again: (event_id, user_id) is unique, so at most one row.
        mine = and_(_MINE.event_id == Event.id, _MINE.user_id == bindparam("viewer_id", type_=Integer))
        stmt = stmt.add_columns(_MINE).outerjoin(_MINE, mine).options(lazyload(_MINE.user))
    return stmt


# Built once: building the statement and its cache key cost about as much as running it. The event and the
# viewer are bound parameters.
_STATEMENTS = {False: _statement(False), True: _statement(True)}


def event_page(event_id: int, viewer: Any) -> EventPage:
    """The event if `viewer` may see it (drafts 404 but to hosts and organisers), with what its page shows."""
    viewer_id = viewer.id if viewer is not None and getattr(viewer, "is_authenticated", False) else None
    stmt = _STATEMENTS[viewer_id is not None]
    params = {"event_id": event_id, "viewer_id": viewer_id}
    row = db.session.execute(stmt, params).first()
    if row is None:
        raise NotFound("No such event.")
    event = row[0]
    if not row.has_cohosts:
        set_committed_value(event, "cohosts", [])
    else:
        set_committed_value(event, "cohosts", db.session.scalars(
            select(EventHost).where(EventHost.event_id == event.id).options(_COHOSTS)).all())
    if not row.has_slots:
        set_committed_value(event, "slots", [])
    else:  # as the relationship loads them (its order and its joined interviewer and booker)
        set_committed_value(event, "slots", db.session.scalars(
            select(InterviewSlot).where(InterviewSlot.event_id == event.id).order_by(InterviewSlot.starts_at)).all())
    if not (is_public(event) or can_manage(viewer, event)):
        raise NotFound("No such event.")
    return EventPage(event=event, booked=int(row.booked), booking=row[4] if viewer_id is not None else None)

