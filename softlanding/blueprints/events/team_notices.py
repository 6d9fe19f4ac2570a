"""Messages to the people who run an event with the host (co-hosts, interviewers) and about slots.

A slot booking gets its own calendar entry (the slot's 30 minutes, not the whole event) for both the
candidate and the interviewer; moving or cancelling the slot updates or removes that same entry.
"""

from datetime import timedelta

from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.calendar.invites import slot_invitation, slot_item
from softlanding.blueprints.events.models import Event, InterviewSlot
from softlanding.blueprints.events.notices import ics_part, send, when_text
from softlanding.core.db import utcnow
from softlanding.core.extensions import db

WHAT = {
    "published": ("Published", "The event you help run is published and open for booking."),
    "changed": ("Changed", "The time or place of the event you help run has changed."),
    "cancelled": ("Cancelled", "The event you help run has been cancelled."),
    "restored": ("Back on", "The event you help run was cancelled and is now back on."),
}


def team(event: Event) -> list[User]:
    """Co-hosts and interviewers other than the main host, each once, in name order."""
    ids = {h.user_id for h in event.cohosts} | {s.interviewer_id for s in event.slots}
    ids.discard(event.host_id)
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.full_name)))


def team_told(event: Event, what: str, reason: str = "") -> None:
    """Co-hosts and interviewers hear when the event is published, changed, cancelled or restored."""
    title, line = WHAT[what]
    for person in team(event):
        roles = []
        if any(h.user_id == person.id for h in event.cohosts):
            roles.append("a co-host")
        count = sum(1 for s in event.slots if s.interviewer_id == person.id)
        if count:
            roles.append(f"the interviewer for {count} slot{'s' if count != 1 else ''}")
        text = [line, f"You are {' and '.join(roles)}."]
        if reason:
            text.append(f"Reason: {reason}")
        send(person, "event_team", f"{title}: {event.title}", event, text)


def cohosts_named(event: Event, user_ids: list[int]) -> None:
    """People just named as co-hosts are told what that means."""
    for person in db.session.scalars(select(User).where(User.id.in_(user_ids or [0]))):
        send(person, "event_team", f"You are co-hosting: {event.title}", event,
             [f"{event.host.full_name} named you as a co-host of this event.",
              "As a co-host you can see the attendee list, take attendance, and reschedule or cancel "
              "the event. If this is a mistake, please tell the host."])


def interviewer_named(event: Event, interviewer: User, slots: list[InterviewSlot]) -> None:
    """The interviewer named for new slots is told their times (they hear again as each is booked)."""
    times = ", ".join(when_text(s.starts_at, _end(s), interviewer) for s in slots[:5])
    more = f" and {len(slots) - 5} more" if len(slots) > 5 else ""
    send(interviewer, "event_team", f"You are interviewing: {event.title}", event,
         [f"You are the interviewer for {len(slots)} one-to-one slot{'s' if len(slots) != 1 else ''}: "
          f"{times}{more}.", "We will email you a calendar entry for each slot when someone books it. "
          "If you cannot interview at these times, please tell the host."])


def slot_removed(slot: InterviewSlot) -> None:
    """An interviewer hears that an unbooked slot of theirs was removed."""
    send(slot.interviewer, "event_team", f"Slot removed: {slot.event.title}", slot.event,
         [f"The unbooked interview slot at {when_text(slot.starts_at, _end(slot), slot.interviewer)} "
          "was removed, so you are no longer needed then."])


def _end(slot: InterviewSlot):
    return slot.starts_at + timedelta(minutes=slot.length_minutes)


def _slot_mail(slot: InterviewSlot, candidate: User, method: str, subject: str, lines: dict, now=None):
    """Send the candidate and the interviewer each their copy of the slot's entry."""
    event = slot.event
    booked_at = slot.booked_at or now or utcnow()
    item = slot_item(slot, event, candidate, slot.interviewer, booked_at, cancelled=method == "CANCEL", now=now)
    for person, key in ((candidate, "candidate"), (slot.interviewer, "interviewer")):
        when = when_text(slot.starts_at, _end(slot), person)
        send(person, "event_slot", f"{subject}: {event.title}", event, lines[key],
             ics_part(slot_invitation(item, person, method), method), when=when)


def slot_booked(slot: InterviewSlot) -> None:
    """Candidate and interviewer each get the slot's own time as a calendar entry."""
    candidate = slot.booked_by
    assert candidate is not None
    _slot_mail(slot, candidate, "REQUEST", "Interview slot booked", {
        "candidate": [f"Your one-to-one mock interview is booked. Your interviewer is {slot.interviewer.full_name}.",
                      "The attached calendar file adds the slot's own time to your calendar."],
        "interviewer": [f"{candidate.full_name} booked one of your interview slots.",
                        "The attached calendar file adds the slot to your calendar."]})


def slot_cancelled(slot: InterviewSlot, candidate: User, because_booking_cancelled: bool = False) -> None:
    """The slot is given back: both copies of its entry are removed."""
    lines = {"candidate": ["Your interview slot is cancelled. Open the attached calendar file to remove it.",
                           "You keep your place on the event and can choose another slot."],
             "interviewer": [f"{candidate.full_name} gave back their slot with you; it is open again.",
                             "Open the attached calendar file to remove it from your calendar."]}
    if because_booking_cancelled:
        lines["candidate"] = ["Because you cancelled your booking, your interview slot is cancelled too.",
                              "Open the attached calendar file to remove it from your calendar."]
    _slot_mail(slot, candidate, "CANCEL", "Interview slot cancelled", lines)


def slots_changed(event: Event, slots: list[InterviewSlot]) -> None:
    """The event moved or changed place: both people get the same slot entry, updated."""
    for slot in slots:
        candidate = slot.booked_by
        if candidate is None:
            continue
        _slot_mail(slot, candidate, "REQUEST", "Interview slot changed", {
            "candidate": [f"The event's time or place changed, and your interview slot with "
                          f"{slot.interviewer.full_name} with it. The slot's time is below; the attached file "
                          "updates your calendar."],
            "interviewer": [f"The event's time or place changed, and your interview slot with {candidate.full_name} "
                            "with it. The slot's time is below; the attached file updates your calendar."]})


def slots_with_event(event: Event, cancelled: bool) -> None:
    """The event is called off (or back on): every booked slot's entry is removed (or added back)."""
    for slot in event.slots:
        candidate = slot.booked_by
        if candidate is None:
            continue
        if cancelled:
            _slot_mail(slot, candidate, "CANCEL", "Interview slot cancelled", {
                "candidate": ["The event is cancelled, so your interview slot is too. The attached file removes "
                              "it from your calendar."],
                "interviewer": [f"The event is cancelled, so your interview slot with {candidate.full_name} is "
                                "too. The attached file removes it from your calendar."]})
        else:
            _slot_mail(slot, candidate, "REQUEST", "Interview slot back on", {
                "candidate": [f"The event is back on, and so is your interview slot with {slot.interviewer.full_name}. "
                              "The attached file puts it back in your calendar."],
                "interviewer": [f"The event is back on, and so is your interview slot with {candidate.full_name}. "
                                "The attached file puts it back in your calendar."]})
