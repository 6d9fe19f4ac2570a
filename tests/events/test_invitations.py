"""Calendar invitations in emails: one entry per booking that later emails update or remove.

Every calendar part is parsed by `ical` and `vobject` (parsers the project did not write); the
checks are what a mail client uses to match an update to the entry it holds: METHOD, UID, SEQUENCE,
the recipient as ATTENDEE and an ORGANIZER with a real address.
"""

from datetime import UTC, datetime, timedelta

from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import lifecycle as events
from softlanding.blueprints.events import slots as event_slots
from softlanding.core.extensions import db
from tests.factories import make_event, make_slot, make_user, read_mail
from tests.support.calendar_parsers import by_uid, uid

ORGANIZER = "events@softlanding.example.org"  # CALENDAR_ORGANIZER_EMAIL's default


def invitation(message):
    """(METHOD, the one VEVENT as (ical event, vobject vevent), raw text) of a message's calendar part."""
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    data = part.get_content()
    data = data.encode() if isinstance(data, str) else data
    text = data.decode().replace("\r\n ", "")
    method = next(line.split(":", 1)[1] for line in text.split("\r\n") if line.startswith("METHOD:"))
    assert part.get_param("method") == method  # the MIME parameter agrees with the file
    [(event_uid, pair)] = by_uid(data).items()
    return method, event_uid, pair, text


def addressed(vevent, email):
    """The recipient is an ATTENDEE and the ORGANIZER is the events team's real mailbox."""
    attendees = [a.value.lower() for a in vevent.contents.get("attendee", [])]
    return f"mailto:{email}".lower() in attendees and vevent.organizer.value.lower() == f"mailto:{ORGANIZER}"


def test_booking_then_cancelling_then_booking_again_update_one_entry(ctx, mail_dir):
    event = make_event(title="Portfolio clinic")
    person = make_user()
    bookings.book(person, event.id)
    bookings.cancel_booking(person, event.id)
    bookings.book(person, event.id)
    db.session.commit()
    mail = read_mail(mail_dir, to=person.email, deliver=True)
    assert [m["Subject"] for m in mail] == ["You are booked: Portfolio clinic", "Booking cancelled: Portfolio clinic",
                                            "You are booked: Portfolio clinic"]
    parsed = [invitation(m) for m in mail]
    assert [p[0] for p in parsed] == ["REQUEST", "CANCEL", "REQUEST"]
    assert {p[1] for p in parsed} == {uid(event.id)}  # the same entry as the feeds' too
    sequences = [p[2][0].sequence for p in parsed]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3  # each outranks the one before
    assert parsed[1][2][1].status.value == "CANCELLED"
    assert all(addressed(p[2][1], person.email) for p in parsed)


def test_organiser_cancellation_and_change_carry_attendee_and_real_organizer(ctx, mail_dir):
    event = make_event(title="Rota rules webinar")
    person = make_user()
    bookings.book(person, event.id)
    values = events.form_values(event)
    values["starts_at"] += timedelta(hours=1)
    values["ends_at"] += timedelta(hours=1)
    events.reschedule(event.host, event, {**values, "reason": "Clash with the regional teaching"})
    events.cancel(event.host, event, "Speaker unwell")
    db.session.commit()
    mail = read_mail(mail_dir, to=person.email, deliver=True)
    parsed = [invitation(m) for m in mail]
    assert [p[0] for p in parsed] == ["REQUEST", "REQUEST", "CANCEL"]
    assert parsed[1][2][0].dtstart.astimezone(UTC) == event.starts_at.astimezone(UTC)
    assert [p[2][0].sequence for p in parsed] == sorted({p[2][0].sequence for p in parsed})
    assert all(addressed(p[2][1], person.email) for p in parsed)
    assert all("no-reply" not in p[3] for p in parsed)


def test_slot_booking_emails_candidate_and_interviewer_the_slot_time(ctx, mail_dir):
    event = make_event(category="mock_interview", title="ST3 mock interviews", capacity=4,
                       starts_in=timedelta(days=7), hours=3)
    interviewer = make_user(role="rep", full_name="Dr Farah Qureshi")
    slot = make_slot(event, interviewer=interviewer, starts_in=timedelta(days=7, hours=1))
    candidate = make_user(full_name="Dr Ahmed Okafor")
    event_slots.book_slot(candidate, slot.id)
    event_slots.cancel_slot(candidate, slot.id)
    db.session.commit()
    for person, other in ((candidate, interviewer), (interviewer, candidate)):
        mail = read_mail(mail_dir, to=person.email, subject="Interview slot", deliver=True)
        assert [m["Subject"] for m in mail] == ["Interview slot booked: ST3 mock interviews",
                                                "Interview slot cancelled: ST3 mock interviews"]
        (m1, uid1, (booked, vbooked), _), (m2, uid2, (gone, _), _) = (invitation(m) for m in mail)
        assert (m1, m2) == ("REQUEST", "CANCEL") and uid1 == uid2 and uid1 != uid(event.id)
        # The slot's own 30 minutes, not the whole three-hour event.
        assert booked.dtstart.astimezone(UTC) == slot.starts_at.astimezone(UTC)
        assert booked.dtend - booked.dtstart == timedelta(minutes=30)
        assert gone.sequence > booked.sequence
        assert "Dr Farah Qureshi" in booked.description and other.full_name in booked.description
        assert addressed(vbooked, person.email)
    body = read_mail(mail_dir, to=candidate.email, subject="Interview slot booked")[0]
    assert "Your interviewer is Dr Farah Qureshi" in body.get_body(("plain",)).get_content()


def test_cancelling_the_booking_cancels_the_slot_entry_and_frees_the_slot(ctx, mail_dir):
    event = make_event(category="mock_interview", capacity=2, hours=3)
    interviewer = make_user(role="rep")
    slot = make_slot(event, interviewer=interviewer, starts_in=timedelta(days=7, minutes=30))
    candidate = make_user()
    event_slots.book_slot(candidate, slot.id)
    bookings.cancel_booking(candidate, event.id)
    db.session.commit()
    assert slot.booked_by_id is None
    [told] = read_mail(mail_dir, to=interviewer.email, subject="Interview slot cancelled", deliver=True)
    assert invitation(told)[0] == "CANCEL"
    [mine] = read_mail(mail_dir, to=candidate.email, subject="Interview slot cancelled")
    assert "Because you cancelled your booking" in mine.get_body(("plain",)).get_content()


def test_rescheduling_moves_booked_slots_and_tells_both_people(ctx, mail_dir):
    event = make_event(category="mock_interview", capacity=3, hours=2, title="Slot move test")
    interviewer = make_user(role="rep")
    slot = make_slot(event, interviewer=interviewer, starts_in=timedelta(days=7, minutes=30))
    candidate = make_user()
    event_slots.book_slot(candidate, slot.id)
    old_start = slot.starts_at
    values = events.form_values(event)
    values["starts_at"] += timedelta(days=1)
    values["ends_at"] += timedelta(days=1)
    events.reschedule(event.host, event, {**values, "reason": "Room double-booked"})
    assert slot.starts_at == old_start + timedelta(days=1)  # same place within the event
    db.session.commit()
    for person in (candidate, interviewer):
        [moved] = read_mail(mail_dir, to=person.email, subject="Interview slot changed", deliver=True)
        method, _, (item, _), _ = invitation(moved)
        assert method == "REQUEST" and item.dtstart.astimezone(UTC) == slot.starts_at.astimezone(UTC)


def test_team_told_when_named_published_changed_and_cancelled(ctx, mail_dir):
    organiser = make_user(role="organiser")
    host = make_user(role="rep")
    cohost = make_user(role="rep")
    event = make_event(host=host, status="submitted", title="Team notice test", category="mock_interview",
                       hours=2)
    data = {**events.form_values(event), "cohosts": [str(cohost.id)]}
    events.update_event(organiser, event, data)
    interviewer = make_user(role="rep")
    start = events.form_values(event)["starts_at"]
    event_slots.add_slots(host, event, interviewer.id, start, 30, 2)
    events.publish(organiser, event)
    events.cancel(host, event, "Not enough interviewers")
    db.session.commit()
    cohost_subjects = [m["Subject"] for m in read_mail(mail_dir, to=cohost.email, deliver=True)]
    assert cohost_subjects == ["You are co-hosting: Team notice test", "Published: Team notice test",
                               "Cancelled: Team notice test"]
    interviewer_subjects = [m["Subject"] for m in read_mail(mail_dir, to=interviewer.email)]
    assert interviewer_subjects == ["You are interviewing: Team notice test", "Published: Team notice test",
                                    "Cancelled: Team notice test"]
    cancelled = read_mail(mail_dir, to=interviewer.email, subject="Cancelled")[0]
    assert "Not enough interviewers" in cancelled.get_body(("plain",)).get_content()


def test_cancelling_and_restoring_the_event_removes_and_restores_slot_entries(ctx, mail_dir):
    organiser = make_user(role="organiser")
    event = make_event(category="mock_interview", capacity=2, hours=2, title="Off and on again")
    interviewer = make_user(role="rep")
    slot = make_slot(event, interviewer=interviewer, starts_in=timedelta(days=7, minutes=30))
    candidate = make_user()
    event_slots.book_slot(candidate, slot.id)
    events.cancel(organiser, event, "Interviewers unavailable")
    events.restore(organiser, event)
    db.session.commit()
    for person in (candidate, interviewer):
        mail = [m for m in read_mail(mail_dir, to=person.email, deliver=True) if "Interview slot" in m["Subject"]]
        parsed = [invitation(m) for m in mail]
        assert [p[0] for p in parsed] == ["REQUEST", "CANCEL", "REQUEST"]
        assert len({p[1] for p in parsed}) == 1  # one entry throughout
        sequences = [p[2][0].sequence for p in parsed]
        assert sequences == sorted(sequences) and len(set(sequences)) == 3


def test_the_booking_email_carries_exactly_what_icalendar_itself_writes(ctx, mail_dir):
    """The invitation is made from parts (the VTIMEZONE serialised once per zone and years): its bytes
    must be those of the whole calendar serialised by icalendar, for a request and a cancellation, in two
    zones, and for a zone whose block was already made for another event."""
    from softlanding.blueprints.calendar.feeds import calendar_item
    from softlanding.blueprints.calendar.invites import event_invitation, organizer
    from softlanding.lib.ical.render import CalendarEvent, build_calendar

    person = make_user(full_name="Amara O'Neil, MRCPCH")
    stamp = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    for fields in ({}, {"timezone": "Asia/Kolkata", "format": "hybrid", "venue": "Room 2; Leeds"}, {}):
        event = make_event(title="ARCP: what panels look for — تحضير", **fields)
        for method, sequence in (("REQUEST", 0), ("CANCEL", 1)):
            item = calendar_item(event, dtstamp=stamp)
            item = CalendarEvent(**{**item.__dict__, "sequence": item.sequence + sequence,
                                    "status": "cancelled" if method == "CANCEL" else item.status})
            whole = build_calendar([item], method=method, organizer=organizer(),
                                   attendees=[(person.full_name, person.email)]).to_ical()
            assert event_invitation(event, person, method, sequence, now=stamp) == whole
