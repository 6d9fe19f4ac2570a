"""Who may see and run an event: hosts, managers, public visibility and the lookups that check them.

Every domain that asks "may this person see or change this event?" asks here, so the rule is written once.
"""

from flask import current_app
from sqlalchemy import String, literal_column, or_, select, union_all
from sqlalchemy.orm import aliased

from softlanding.blueprints.events.models import Event, EventHost
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound, PermissionDenied
from softlanding.core.extensions import db


def is_host(user, event):
    """The main host or a co-host."""
    if event is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.id == event.host_id or any(h.user_id == user.id for h in event.cohosts)


def can_manage(user, event):
    """Hosts and organisers run an event."""
    return is_host(user, event) or bool(getattr(user, "is_authenticated", False) and user.is_organiser)


def is_public(event):
    """Published events, and published ones later cancelled, are visible to everyone."""
    return event.status == "published" or (event.status == "cancelled" and event.published_at is not None)


def public_clause():
    """is_public as SQL: published events, and published ones later cancelled (never drafts)."""
    # Literal values, not bound parameters: the planner (SQLite always, PostgreSQL on a generic plan) can
    # only use the partial index ix_event_public_listing when it sees the same constants as its WHERE.
    published, cancelled = literal_column("'published'", String), literal_column("'cancelled'", String)
    return or_(Event.status == published, (Event.status == cancelled) & Event.published_at.is_not(None))


# The inner event of hosted_clause, aliased once: the outer query's Event must not correlate into it.
_HOSTED = aliased(Event)


def hosted_clause(user_id):
    """SQL for events this person hosts or co-hosts."""
    # One id list from the two indexes (host_id, event_host.user_id): `host_id = ? OR id IN (...)` makes the
    # planner walk every event in date order and filter, which for someone hosting nothing is all of them.
    ids = union_all(select(_HOSTED.id).where(_HOSTED.host_id == user_id),
                    select(EventHost.event_id).where(EventHost.user_id == user_id))
    return Event.id.in_(ids)


def get_event(event_id, viewer, lock=False, options=()):
    """The event if `viewer` may see it; drafts are hidden (404) from everyone but hosts and organisers."""
    stmt = select(Event).where(Event.id == event_id).options(*options)
    if lock:
        stmt = stmt.with_for_update(of=Event).execution_options(populate_existing=True)
    event = db.session.scalar(stmt)
    if event is None or not (is_public(event) or can_manage(viewer, event)):
        raise NotFound("No such event.")
    return event


def get_managed_event(event_id, actor, lock=False):
    """The event if `actor` hosts it or is an organiser, else 403 (404 if unseen)."""
    event = get_event(event_id, actor, lock=lock)
    if not can_manage(actor, event):
        raise PermissionDenied("Only the event's hosts and organisers can do that.")
    return event


def join_link_visible(event, viewer, booking_status, now=None):
    """Booked attendees, hosts and organisers see the join link from JOIN_LINK_VISIBLE_HOURS before."""
    if not event.join_link or event.status != "published":
        return False
    if not (booking_status == "booked" or can_manage(viewer, event)):
        return False
    hours = current_app.config.get("JOIN_LINK_VISIBLE_HOURS", 24)
    now = now or utcnow()
    return (event.starts_at - now).total_seconds() <= hours * 3600 and now < event.ends_at
