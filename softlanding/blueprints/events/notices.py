"""Event messages (booked, waitlisted, promoted, changed, cancelled, reminders) and the reminder job."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from softlanding.blueprints.accounts.users import organisers
from softlanding.blueprints.calendar.invites import event_invitation
from softlanding.blueprints.events.access import join_link_visible
from softlanding.blueprints.events.models import EVENT_FORMATS, Booking, Event
from softlanding.blueprints.notifications.notify import Kind, notify
from softlanding.core.db import rows_changed
from softlanding.core.extensions import db
from softlanding.core.templating import format_datetime

GROUP = "Events"
# The kinds of message this module sends (registered by the domain's register(app)).
KINDS = (
    Kind("event_booked", "Booking confirmations", GROUP),
    Kind("event_waitlisted", "Waitlist places", GROUP),
    Kind("event_promoted", "A place came free for you", GROUP),
    Kind("event_changed", "Changes to the time or place of an event you booked", GROUP),
    Kind("event_cancelled", "Cancellation of an event you booked", GROUP),
    Kind("event_restored", "A cancelled event you booked is back on", GROUP),
    Kind("event_reminder", "Reminders before an event", GROUP),
    Kind("event_booking_cancelled", "Confirmation when you cancel a booking", GROUP),
    Kind("event_slot", "Mock-interview slots booked, moved or cancelled", GROUP),
    Kind("event_team", "Events you co-host or interview at", GROUP, roles=("rep", "organiser")),
    Kind("event_submitted", "Events waiting for review (organisers)", GROUP, roles=("organiser",)),
    Kind("event_reviewed", "Your event published or returned", GROUP, roles=("rep", "organiser")),
)


def ics_part(data, method):
    """[(filename, mimetype, bytes)]: a calendar part whose method parameter matches its METHOD."""
    name = "cancelled-event.ics" if method == "CANCEL" else "invite.ics"
    return [(name, f"text/calendar; charset=utf-8; method={method}", data)]


def calendar_attachment(event, booking, method="REQUEST"):
    """The booking's own calendar entry: REQUEST adds or updates it, CANCEL removes it."""
    return ics_part(event_invitation(event, booking.user, method, booking.calendar_sequence), method)


def when_text(starts_at, ends_at, user):
    """'Tuesday 1 December 2026, 10:00 to 11:00' in the reader's zone."""
    start = format_datetime(starts_at, tz=user.timezone)
    end = format_datetime(ends_at, fmt="%H:%M", tz=user.timezone)
    return f"{start} to {end}"


def _when(event, user):
    return when_text(event.starts_at, event.ends_at, user)


def _place(event):
    label = EVENT_FORMATS.get(event.format, event.format)
    return f"{label}: {event.venue}" if event.venue else label


def send(user, kind, subject, event, paragraphs, attachments=(), join_link="", when=None, email=None):
    """One event email (and in-app notice) to one person (`email`: as notify's, when already read)."""
    notify(user, kind, subject, "events_notice", endpoint="events.detail", values={"event_id": event.id},
           attachments=attachments, event=event, paragraphs=paragraphs, when=when or _when(event, user),
           place=_place(event), join_link=join_link, email=email, returning=False)


def booked(booking, event, email=None):
    """Confirmation with the calendar file attached (`email`: whether they take it, when already read)."""
    send(booking.user, "event_booked", f"You are booked: {event.title}", event,
          ["Your place is confirmed. The calendar file attached adds it to your calendar.",
           "If you can no longer come, please cancel from the event page so someone on the waitlist "
           "gets your place."], calendar_attachment(event, booking) if email is not False else [], email=email)


def waitlisted(booking, event, position, email=None):
    """A waitlist place, with the position."""
    send(booking.user, "event_waitlisted", f"You are on the waitlist: {event.title}", event,
          [f"The event is full. You are number {position} on the waitlist.",
           "If a place comes free you will get it automatically and we will email you."], email=email)


def promoted(booking, event):
    """A place came free: the person is now booked."""
    text = ["Someone cancelled and you were next on the waitlist, so you now have a place.",
            "The calendar file attached adds it to your calendar. If you cannot come, please cancel."]
    if event.category == "mock_interview" and event.slots:
        free = [slot for slot in event.slots if slot.booked_by_id is None]
        if free:
            first = format_datetime(free[0].starts_at, tz=booking.user.timezone)
            text.insert(1, f"You can now choose a one-to-one interview slot on the event page: {len(free)} "
                           f"{'is' if len(free) == 1 else 'are'} free, the first at {first}.")
        else:
            text.insert(1, "You can now choose a one-to-one interview slot on the event page when one comes "
                           "free; all are taken just now, and the hosts can add more.")
    send(booking.user, "event_promoted", f"A place came free: you are booked on {event.title}", event,
          text, calendar_attachment(event, booking))


def changed(event, reason, bookings):
    """New time or place, with the updated calendar file for people booked."""
    for booking in bookings:
        text = [f"The time or place of this event has changed. Reason: {reason}" if reason
                else "The time or place of this event has changed.",
                "The new details are below."]
        attach = calendar_attachment(event, booking) if booking.status == "booked" else []
        if attach:
            text.append("Open the attached calendar file to update your calendar.")
        send(booking.user, "event_changed", f"Changed: {event.title}", event, text, attach)


def cancelled(event, reason, bookings):
    """The event is off; the calendar file removes it from calendars."""
    for booking in bookings:
        text = [f"This event has been cancelled. Reason: {reason}",
                "We are sorry for the change of plans. Other events are listed on the events page."]
        attach = calendar_attachment(event, booking, "CANCEL") if booking.status == "booked" else []
        if attach:
            text.append("Open the attached calendar file to remove it from your calendar.")
        send(booking.user, "event_cancelled", f"Cancelled: {event.title}", event, text, attach)


def restored(event, bookings):
    """The cancellation is undone: each person's place or waitlist position is as it was."""
    for booking in bookings:
        if booking.status == "booked":
            text = ["Good news: this event is back on, and your place is kept.",
                    "Open the attached calendar file to put it back in your calendar. If you can no longer "
                    "come, please cancel from the event page so someone on the waitlist gets your place."]
            attach = calendar_attachment(event, booking)
        else:
            text = ["Good news: this event is back on, and you keep your place on the waitlist.",
                    "If a place comes free you will get it automatically and we will email you."]
            attach = []
        send(booking.user, "event_restored", f"Back on: {event.title}", event, text, attach)


def booking_cancelled(booking, event, was_booked, extra_parts=()):
    """The person cancelled their own booking: a cancellation removes the entry the booking email added."""
    if was_booked:
        text = ["Your booking is cancelled and your place has gone to the next person waiting, if any.",
                "Open the attached calendar file to remove the event from your calendar."]
        attach = calendar_attachment(event, booking, "CANCEL") + list(extra_parts)
    else:
        text = ["You have left the waitlist; you will not be offered a place."]
        attach = []
    text.append("You can book again from the event page while places are open.")
    send(booking.user, "event_booking_cancelled", f"Booking cancelled: {event.title}", event, text, attach)


def submitted(event):
    """Tell organisers an event is waiting for review."""
    for person in organisers():
        send(person, "event_submitted", f"Waiting for review: {event.title}", event,
              [f"{event.host.full_name} submitted this event for review."])


def reviewed(event, published):
    """Tell the host their event was published or returned."""
    if published:
        send(event.host, "event_reviewed", f"Published: {event.title}", event,
              ["Your event is published and open for booking."])
    else:
        send(event.host, "event_reviewed", f"Returned for changes: {event.title}", event,
              ["An organiser returned your event with this comment:", event.review_comment,
               "Edit it and submit it again when ready."])


def reminder_hours():
    """The configured reminder offsets in hours, largest first (default 24 and 1)."""
    return sorted({int(h) for h in current_app.config.get("EVENT_REMINDER_HOURS", (24, 1))}, reverse=True)


def _due_stage(starts_at, now, hours):
    """The smallest configured offset the start is already within (None if none yet)."""
    left = starts_at - now
    within = [h for h in hours if left <= timedelta(hours=h)]
    return min(within) if within else None


def send_reminders(now):
    """Remind booked people 24 h and 1 h before the start; each reminder is claimed once per booking."""
    hours = reminder_hours()
    if not hours:
        return 0
    candidates = db.session.execute(
        select(Booking.id, Event.starts_at).join(Event, Event.id == Booking.event_id)
        .where(Booking.status == "booked", Event.status == "published", Event.starts_at > now,
               Event.starts_at <= now + timedelta(hours=max(hours)))
    ).all()
    sent = 0
    for booking_id, starts_at in candidates:
        stage = _due_stage(starts_at, now, hours)
        if stage is None:
            continue
        # The claim: only one runner's UPDATE matches; the other sees rowcount 0 and skips.
        claimed = rows_changed(db.session.execute(
            update(Booking).where(Booking.id == booking_id, Booking.status == "booked",
                                  or_(Booking.reminded_hours.is_(None), Booking.reminded_hours > stage))
            .values(reminded_hours=stage)
        ))
        if claimed != 1:
            continue
        # The claim above just updated this row, so it is there.
        booking = db.session.execute(select(Booking).options(joinedload(Booking.event))
                                     .where(Booking.id == booking_id)).scalar_one()
        _remind(booking, booking.event, now)
        sent += 1
    db.session.flush()
    return sent


def _remind(booking, event, now):
    seconds = (event.starts_at - now).total_seconds()
    left = f"{round(seconds / 3600)} hours" if seconds >= 5400 else f"{max(1, round(seconds / 60))} minutes"
    text = [f"This event starts in about {left}."]
    # Only once the event page would show it (JOIN_LINK_VISIBLE_HOURS), whatever the reminder offsets:
    # a reminder sent days ahead must not carry the link the page still keeps to itself.
    visible = event.format in ("online", "hybrid") and join_link_visible(event, booking.user, "booked", now)
    join = event.join_link if visible else ""
    if join:
        text.append("Join online with the link below. Please do not share it.")
    elif event.format in ("online", "hybrid") and event.join_link:
        hours = current_app.config.get("JOIN_LINK_VISIBLE_HOURS", 24)
        text.append(f"The joining link will be on the event page from {hours} hours before the start.")
    if event.venue:
        text.append(f"Venue: {event.venue}")
    send(booking.user, "event_reminder", f"Reminder: {event.title} starts in {left}", event, text,
          join_link=join)
