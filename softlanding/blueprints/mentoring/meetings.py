"""Planned meetings: one side proposes, the other accepts or suggests another time.

Once accepted, both get an email with a calendar file. The meeting keeps one UID through every
new time and its cancellation, with a higher SEQUENCE each time, so calendars update the one entry.
A reminder goes out the day before; after the meeting the log offers it prefilled.
"""

from datetime import date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from sqlalchemy import select, update

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.contact import valid_link
from softlanding.blueprints.mentoring.models import ACTIVE, Mentorship
from softlanding.blueprints.mentoring.models_pair import PlannedMeeting
from softlanding.blueprints.mentoring.space import get_space
from softlanding.blueprints.notifications.notify import Kind, notify
from softlanding.core import reference
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.core.mailer import external_url
from softlanding.lib.ical import CalendarEvent, render_event

KINDS = (
    Kind("mentoring_meeting", "Meetings proposed, agreed, moved or cancelled with your mentoring pair", "Mentoring"),
    Kind("mentoring_meeting_reminder", "Reminder the day before a mentoring meeting", "Mentoring"),
)
PROPOSED, ACCEPTED, REPLACED, CANCELLED = "proposed", "accepted", "replaced", "cancelled"
REMIND_BEFORE = timedelta(hours=24)
PLACE_MAX = 200


def _zone(user):
    name = (user.profile.timezone if user.profile else None) or "Europe/London"
    try:
        return name, ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "Europe/London", ZoneInfo("Europe/London")


def zone_of(user: User) -> ZoneInfo:
    """The member's time zone (Europe/London if unset or unknown)."""
    return _zone(user)[1]


def clean(user: User, on: date | None, at: time | None, minutes: int | str | None, mode: str | None,
          link: str | None, place: str | None, now: datetime) -> dict:
    """Check a proposed time and place; every field's problem is reported before anything is saved."""
    errors = []
    tzid, zone = _zone(user)
    starts = None
    if on is None:
        errors.append(ValidationError("Enter the date of the meeting.", field="on"))
    if at is None:
        errors.append(ValidationError("Enter the time, for example 18:30.", field="at"))
    if on is not None and at is not None:
        starts = datetime.combine(on, at, tzinfo=zone).astimezone(ZoneInfo("UTC"))
        if starts <= now:
            errors.append(ValidationError("Choose a time in the future.", field="on"))
        elif starts > now + timedelta(days=366):
            errors.append(ValidationError("Choose a date within the next year.", field="on"))
    try:
        length = int(minutes) if minutes not in (None, "") else 0
    except (TypeError, ValueError):
        length = 0
    if not 15 <= length <= 240:
        errors.append(ValidationError("Enter a length from 15 to 240 minutes.", field="minutes"))
    if mode not in {code for code, _ in reference.choices("meeting_mode")}:
        errors.append(ValidationError("Choose how you will meet.", field="mode"))
    try:
        link = valid_link(link, "link")
    except ValidationError as error:
        errors.append(error)
    place = (place or "").strip()
    if len(place) > PLACE_MAX:
        errors.append(ValidationError(f"Keep the place to {PLACE_MAX} characters.", field="place"))
    if mode == "in_person" and not place:
        errors.append(ValidationError("Say where you will meet.", field="place"))
    if errors:
        raise errors[0]
    return {"starts_at": starts, "minutes": length, "tzid": tzid, "mode": mode, "link": link or "", "place": place}


def _other(pair, user):
    return pair.mentee if pair.mentor_id == user.id else pair.mentor


def _get(user, mentorship_id, meeting_id):
    pair = get_space(user, mentorship_id)
    meeting = db.session.get(PlannedMeeting, meeting_id)
    if meeting is None or meeting.mentorship_id != pair.id:
        raise NotFound("No such meeting.")
    return pair, meeting


def propose(user: User, mentorship_id: int, values: dict, replaces_id: int | None = None,
            now: datetime | None = None) -> PlannedMeeting:
    """Propose a meeting (or another time for one already proposed or agreed); the other side is told."""
    now = now or utcnow()
    pair = get_space(user, mentorship_id)
    if pair.status != ACTIVE:
        raise Conflict("This mentoring has ended; no new meetings can be planned.")
    uid, sequence = f"mentoring-{uuid4().hex}@{current_app.config['CALENDAR_UID_DOMAIN']}", 0
    if replaces_id:
        _, old = _get(user, mentorship_id, replaces_id)
        if old.status not in (PROPOSED, ACCEPTED):
            raise Conflict("That meeting is no longer open to a new time.")
        old.status, uid, sequence = REPLACED, old.uid, old.sequence + 1
    meeting = PlannedMeeting(mentorship_id=pair.id, proposed_by_id=user.id, uid=uid, sequence=sequence,
                             status=PROPOSED, created_at=now, **values)
    db.session.add(meeting)
    db.session.flush()
    _tell(_other(pair, user), "mentoring_meeting", f"{user.display_name} "
          + ("suggests another time" if replaces_id else "proposes a meeting"), pair, meeting, what="proposed",
          actor=user)
    return meeting


def accept(user: User, mentorship_id: int, meeting_id: int, now: datetime | None = None) -> PlannedMeeting:
    """The other side agrees; both get the calendar entry (same UID as any earlier time)."""
    pair, meeting = _get(user, mentorship_id, meeting_id)
    if meeting.proposed_by_id == user.id:
        raise PermissionDenied("The other side accepts the meeting you proposed.")
    if meeting.status != PROPOSED:
        raise Conflict("This meeting is no longer waiting for an answer.")
    if meeting.starts_at <= (now or utcnow()):
        raise Conflict("This time has passed; suggest another time.")
    meeting.status = ACCEPTED
    db.session.flush()
    for person in (pair.mentor, pair.mentee):
        _tell(person, "mentoring_meeting", "Mentoring meeting agreed", pair, meeting, what="accepted", actor=user,
              ics=calendar_file(meeting, pair, "PUBLISH"))
    return meeting


def cancel(user: User, mentorship_id: int, meeting_id: int) -> PlannedMeeting:
    """Either side cancels; an agreed meeting is taken out of both calendars (CANCEL, same UID)."""
    pair, meeting = _get(user, mentorship_id, meeting_id)
    if meeting.status not in (PROPOSED, ACCEPTED):
        raise Conflict("This meeting is not open.")
    # An agreed meeting, or a new time for one that may have been agreed, is in calendars: CANCEL it
    # (a calendar that never had the UID ignores the CANCEL).
    in_calendar = meeting.status == ACCEPTED or meeting.sequence > 0
    meeting.status, meeting.sequence = CANCELLED, meeting.sequence + 1
    db.session.flush()
    for person in ((pair.mentor, pair.mentee) if in_calendar else (_other(pair, user),)):
        _tell(person, "mentoring_meeting", "Mentoring meeting cancelled", pair, meeting, what="cancelled", actor=user,
              ics=calendar_file(meeting, pair, "CANCEL") if in_calendar else None)
    return meeting


def calendar_file(meeting: PlannedMeeting, pair: Mentorship, method: str) -> bytes:
    """The meeting as an iCalendar file (PUBLISH or CANCEL)."""
    now = utcnow()
    item = CalendarEvent(
        uid=meeting.uid, summary=f"Mentoring: {pair.mentor.display_name} and {pair.mentee.display_name}",
        starts_at=meeting.starts_at, ends_at=meeting.starts_at + timedelta(minutes=meeting.minutes),
        tzid=meeting.tzid, sequence=meeting.sequence, status="cancelled" if method == "CANCEL" else "confirmed",
        last_modified=meeting.updated_at or now, dtstamp=now,
        description_text=f"{reference.label('meeting_mode', meeting.mode)}. Your shared space: "
                         + external_url("mentoring.space", mentorship_id=pair.id),
        url=external_url("mentoring.space", mentorship_id=pair.id), location=meeting.link or meeting.place)
    return render_event(item, method=method)


def _tell(person, kind, subject, pair, meeting, ics=None, **context):
    tzid, zone = _zone(person)
    attachments = [("mentoring-meeting.ics", "text/calendar; charset=utf-8; method="
                    + ("CANCEL" if meeting.status == CANCELLED else "PUBLISH"), ics)] if ics else []
    queued = notify(person, kind, subject, kind, endpoint="mentoring.space", values={"mentorship_id": pair.id},
                    attachments=attachments, mentorship=pair, meeting=meeting,
                    when=meeting.starts_at.astimezone(zone), when_zone=tzid, **context)
    if queued is not None:
        queued.sensitive = True  # carries the pair's private link or place


def planned(pair: Mentorship) -> list[PlannedMeeting]:
    """The pair's proposed and agreed meetings still to come, soonest first."""
    return list(db.session.scalars(select(PlannedMeeting).where(
        PlannedMeeting.mentorship_id == pair.id, PlannedMeeting.status.in_((PROPOSED, ACCEPTED)),
        PlannedMeeting.starts_at > utcnow()).order_by(PlannedMeeting.starts_at)))


def to_log(pair: Mentorship, now: datetime | None = None) -> list[PlannedMeeting]:
    """Agreed meetings that have happened and are not logged yet (offered prefilled in the log)."""
    return list(db.session.scalars(select(PlannedMeeting).where(
        PlannedMeeting.mentorship_id == pair.id, PlannedMeeting.status == ACCEPTED,
        PlannedMeeting.starts_at <= (now or utcnow()), PlannedMeeting.logged_meeting_id.is_(None))
        .order_by(PlannedMeeting.starts_at.desc())))


def mark_logged(pair: Mentorship, planned_id: int | None, logged_id: int) -> None:
    """Link a logged meeting to the planned one it records (so it is not offered again)."""
    if planned_id:
        db.session.execute(update(PlannedMeeting).where(
            PlannedMeeting.id == planned_id, PlannedMeeting.mentorship_id == pair.id,
            PlannedMeeting.status == ACCEPTED).values(logged_meeting_id=logged_id))


def send_reminders(now: datetime | None = None) -> int:
    """Remind both sides the day before an agreed meeting; safe to run twice at once."""
    now = now or utcnow()
    due = db.session.scalars(select(PlannedMeeting.id).where(
        PlannedMeeting.status == ACCEPTED, PlannedMeeting.reminded_at.is_(None),
        PlannedMeeting.starts_at > now, PlannedMeeting.starts_at <= now + REMIND_BEFORE)).all()
    done = 0
    for meeting_id in due:
        claimed = rows_changed(db.session.execute(update(PlannedMeeting).where(
            PlannedMeeting.id == meeting_id, PlannedMeeting.reminded_at.is_(None)).values(reminded_at=now))) == 1
        if not claimed:
            continue
        meeting = db.session.get(PlannedMeeting, meeting_id)
        if meeting is None or meeting.mentorship.status != ACTIVE:
            continue
        pair = meeting.mentorship
        if pair.status != ACTIVE:
            continue
        for person in (pair.mentor, pair.mentee):
            _tell(person, "mentoring_meeting_reminder", "Reminder: mentoring meeting tomorrow", pair, meeting,
                  what="reminder")
        done += 1
    db.session.flush()
    return done


def meetings_for_export(user: User) -> list[dict]:
    """Planned meetings in the member's pairs, for their data download."""
    stmt = (select(PlannedMeeting).join(Mentorship, Mentorship.id == PlannedMeeting.mentorship_id)
            .where((Mentorship.mentor_id == user.id) | (Mentorship.mentee_id == user.id))
            .order_by(PlannedMeeting.starts_at))
    return [{"mentorship_id": m.mentorship_id, "starts_at": m.starts_at.isoformat(), "minutes": m.minutes,
             "mode": m.mode, "link": m.link, "place": m.place, "status": m.status,
             "proposed_by_me": m.proposed_by_id == user.id} for m in db.session.scalars(stmt)]
