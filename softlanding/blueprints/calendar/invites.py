"""Calendar invitations in emails: one entry per booking that later emails update or remove.

Booking, change and restore emails carry METHOD:REQUEST; cancellations carry METHOD:CANCEL. Both name
the recipient as ATTENDEE and CALENDAR_ORGANIZER_EMAIL as ORGANIZER, with the same UID the feeds use
(an interview slot has its own UID), so Gmail, Outlook and Apple Calendar update or remove the entry
they already hold instead of adding a second one. SEQUENCE is the event's revision plus the booking's
own count of cancellations and re-bookings (for a slot: twice the event's revision, plus one once
cancelled), so every later message outranks every earlier one.
"""

from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from softlanding.blueprints.calendar.feeds import calendar_item, event_uid, event_url
from softlanding.core.db import utcnow
from softlanding.lib.ical import CalendarEvent, render_invitation


def organizer() -> tuple[str, str]:
    """(name, address) of the invitations' ORGANIZER: the events team's real mailbox."""
    cfg = current_app.config
    return (f"{cfg['PLATFORM_NAME']} events", cfg["CALENDAR_ORGANIZER_EMAIL"])


def _attendee(user: Any) -> tuple[str, str]:
    return (user.full_name, user.email)


def event_invitation(event: Any, user: Any, method: str, extra_sequence: int = 0,
                     now: datetime | None = None) -> bytes:
    """The event's entry for one person: REQUEST to add or update it, CANCEL to remove it."""
    item = calendar_item(event, dtstamp=now or utcnow())
    item = CalendarEvent(**{**item.__dict__, "sequence": item.sequence + extra_sequence})
    return render_invitation([item], method, organizer(), _attendee(user))


def slot_uid(slot: Any, candidate_id: int, booked_at: datetime) -> str:
    """The UID of one booking of one slot: a slot booked again later is a new entry, not the old one."""
    stamp = booked_at.strftime("%Y%m%dT%H%M%S")
    return f"slot-{slot.id}-{candidate_id}-{stamp}@{current_app.config['CALENDAR_UID_DOMAIN']}"


def slot_item(slot: Any, event: Any, candidate: Any, interviewer: Any, booked_at: datetime,
              cancelled: bool = False, now: datetime | None = None) -> CalendarEvent:
    """The slot's own time (not the whole event's), naming the interviewer and the candidate."""
    now = now or utcnow()
    lines = [f"One-to-one mock interview within {event.title}.",
             f"Interviewer: {interviewer.full_name}", f"Candidate: {candidate.full_name}",
             "Online: the joining link is on the event page." if event.format in ("online", "hybrid") else "",
             f"Event page: {event_url(event.id)}"]
    return CalendarEvent(
        uid=slot_uid(slot, candidate.id, booked_at), summary=f"Mock interview: {event.title}",
        starts_at=slot.starts_at, ends_at=slot.starts_at + timedelta(minutes=slot.length_minutes),
        # Twice the event's revision, plus one for a cancellation: a cancelled slot outranks its booking,
        # and any later change of the event (which raises its revision) outranks the cancellation.
        tzid=event.timezone, sequence=2 * (event.sequence or 0) + (1 if cancelled else 0),
        status="cancelled" if cancelled else "confirmed", last_modified=now, dtstamp=now,
        description_text="\n\n".join(line for line in lines if line), url=event_url(event.id),
        location=event.venue if event.format in ("in_person", "hybrid") else "")


def slot_invitation(item: CalendarEvent, recipient: Any, method: str) -> bytes:
    """A slot's entry for the candidate or the interviewer."""
    return render_invitation([item], method, organizer(), _attendee(recipient))


__all__ = ["event_invitation", "event_uid", "organizer", "slot_invitation", "slot_item", "slot_uid"]
