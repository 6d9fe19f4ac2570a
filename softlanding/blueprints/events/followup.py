"""After an event: the recording and resource links, for attendees or for every member."""

from datetime import datetime
from typing import Any

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.access import can_manage
from softlanding.blueprints.events.models import Event, EventResource
from softlanding.blueprints.events.validation import valid_link
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db


def _check(actor, event, now):
    if not can_manage(actor, event):
        raise PermissionDenied("Only hosts and organisers share resources.")
    if event.status != "published" or event.starts_at > (now or utcnow()):
        raise ValidationError("Recordings and resources can be added once the event has started.")


def set_recording(actor: User, event: Event, recording_url: str | None, resources_public: bool,
                  now: datetime | None = None) -> Event:
    """Save the recording link and who sees the resources."""
    _check(actor, event, now)
    event.recording_url = valid_link(recording_url, "recording_url")
    event.resources_public = bool(resources_public)
    db.session.flush()
    return event


def add_resource(actor: User, event: Event, label: str | None, url: str | None,
                 now: datetime | None = None) -> EventResource:
    """Add one labelled link (slides, reading list)."""
    _check(actor, event, now)
    label = (label or "").strip()
    if not label or len(label) > 200:
        raise ValidationError("Give a label of up to 200 characters.", field="label")
    url = valid_link(url, "url")
    if not url:
        raise ValidationError("Enter the link.", field="url")
    resource = EventResource(event_id=event.id, label=label, url=url)
    db.session.add(resource)
    db.session.flush()
    return resource


def delete_resource(actor: User, event: Event, resource_id: int) -> None:
    """Remove one resource link."""
    if not can_manage(actor, event):
        raise PermissionDenied("Only hosts and organisers remove resources.")
    resource = db.session.get(EventResource, resource_id)
    if resource is None or resource.event_id != event.id:
        raise NotFound("No such resource.")
    db.session.delete(resource)
    db.session.flush()


def resources_visible(event: Event, viewer: Any, booking_status: str | None) -> bool:
    """Booked attendees, hosts and organisers see them; every member too if the host chose so."""
    # Who may see them first: most viewers may not, and then the resources need not be loaded at all.
    allowed = (can_manage(viewer, event) or booking_status == "booked"
               or (event.resources_public and bool(getattr(viewer, "is_authenticated", False))))
    return allowed and bool(event.recording_url or event.resources)
