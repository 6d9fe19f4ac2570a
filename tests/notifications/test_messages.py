"""What people receive, end to end through the outbox: every kind of message from events, mentoring and
feedback, checked as delivered (multipart, From, link to the page, unsubscribe headers, calendar files)."""

from datetime import timedelta

from flask import url_for
from icalendar import Calendar

from softlanding.blueprints.calendar import feeds as calendar
from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import lifecycle as events
from softlanding.blueprints.feedback.models import Survey
from softlanding.blueprints.mentoring import batch as mentoring_batch
from softlanding.blueprints.mentoring import requests as mentoring_requests
from softlanding.blueprints.mentoring.models import Mentorship
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.jobs import run_all
from tests.factories import (
    make_booking,
    make_event,
    make_mentor,
    make_pair,
    make_seeker,
    make_survey,
    make_user,
    read_mail,
    respond,
)

BASE = "http://127.0.0.1:5000"


class Mailbox:
    """Messages delivered since the last look (organisers' weekly digests aside: they have their own tests)."""

    def __init__(self, mail_dir):
        self.mail_dir, self.seen = mail_dir, 0

    def new(self):
        messages = read_mail(self.mail_dir, deliver=True)
        fresh, self.seen = messages[self.seen:], len(messages)
        return [m for m in fresh if "weekly digest" not in m["Subject"]]


def check(message, to, subject, path):
    """Item 8 for one message: multipart text + HTML from templates, From names the platform, a link to
    the relevant page in both parts, phone-friendly HTML, one-click unsubscribe. Returns (text, html)."""
    assert message["To"] == to, message["Subject"]
    assert message["Subject"].startswith(subject), message["Subject"]
    assert message["From"] == "Soft Landing <no-reply@softlanding.example.org>"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert BASE + path in text and BASE + path in html, (message["Subject"], path)
    assert 'name="viewport"' in html and "max-width:600px" in html and "{{" not in text + html
    assert message["List-Unsubscribe"].startswith(f"<{BASE}/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return text, html


def calendar_of(message):
    """The one .ics attachment, parsed: (METHOD, the VEVENT)."""
    [part] = [p for p in message.iter_attachments() if p.get_filename().endswith(".ics")]
    data = part.get_payload(decode=True)
    cal = Calendar.from_ical(data)
    [vevent] = cal.walk("VEVENT")
    return str(cal["METHOD"]), vevent


def test_event_messages_booking_waitlist_promotion_reminders_change_cancellation(ctx, mail_dir, app, monkeypatch):
    box = Mailbox(mail_dir)
    organiser = make_user(role="organiser")
    ada, ben = make_user(email="ada@example.org"), make_user(email="ben@example.org")
    event = make_event(title="MRCPCH clinical: the communication station", capacity=1,
                       join_link="https://meet.example.org/room-42", starts_in=timedelta(days=5))
    db.session.commit()
    path, uid = f"/events/{event.id}", calendar.event_uid(event.id)

    bookings.book(ada, event.id)
    db.session.commit()
    [confirmation] = box.new()
    text, _ = check(confirmation, "ada@example.org", "You are booked: MRCPCH clinical", path)
    method, vevent = calendar_of(confirmation)
    assert method == "REQUEST" and str(vevent["UID"]) == uid
    assert uid in calendar.public_feed_bytes().decode().replace("\r\n ", "")  # same UID as the feed
    first_sequence = int(vevent.get("SEQUENCE", 0))

    bookings.book(ben, event.id)
    db.session.commit()
    [waitlisted] = box.new()
    text, _ = check(waitlisted, "ben@example.org", "You are on the waitlist", path)
    assert "number 1 on the waitlist" in text

    bookings.cancel_booking(ada, event.id)
    db.session.commit()
    [own_cancel, promoted] = sorted(box.new(), key=lambda m: m["To"])  # ada@ before ben@
    check(own_cancel, "ada@example.org", "Booking cancelled: MRCPCH clinical", path)
    method, vevent = calendar_of(own_cancel)  # removes the entry her confirmation added
    assert method == "CANCEL" and str(vevent["UID"]) == uid and int(vevent["SEQUENCE"]) > first_sequence
    check(promoted, "ben@example.org", "A place came free", path)
    assert calendar_of(promoted)[0] == "REQUEST"

    start = event.starts_at
    run_all(start - timedelta(hours=23))
    run_all(start - timedelta(hours=22))  # nothing twice
    [day_before] = box.new()
    text, html = check(day_before, "ben@example.org", "Reminder: MRCPCH clinical", path)
    assert "https://meet.example.org/room-42" in text and "https://meet.example.org/room-42" in html
    run_all(start - timedelta(minutes=50))
    [hour_before] = box.new()
    text, _ = check(hour_before, "ben@example.org", "Reminder: MRCPCH clinical", path)
    assert "minutes" in text and "https://meet.example.org/room-42" in text

    new_start = start + timedelta(days=1)
    events.apply_changes(event, {"starts_at": new_start, "ends_at": new_start + timedelta(hours=1)},
                         reason="The examiner moved the session")
    db.session.commit()
    [changed] = box.new()
    text, _ = check(changed, "ben@example.org", "Changed: MRCPCH clinical", path)
    assert "The examiner moved the session" in text
    method, vevent = calendar_of(changed)
    assert method == "REQUEST" and str(vevent["UID"]) == uid and int(vevent["SEQUENCE"]) > first_sequence
    assert vevent.decoded("DTSTART").astimezone(new_start.tzinfo) == new_start

    events.cancel(organiser, event, "The speaker is unwell")
    db.session.commit()
    [cancelled] = box.new()
    text, _ = check(cancelled, "ben@example.org", "Cancelled: MRCPCH clinical", path)
    assert "The speaker is unwell" in text
    method, vevent = calendar_of(cancelled)
    assert method == "CANCEL" and str(vevent["UID"]) == uid and str(vevent["STATUS"]) == "CANCELLED"


def test_review_messages_to_organisers_and_the_host(ctx, mail_dir):
    box = Mailbox(mail_dir)
    organiser = make_user(role="organiser", email="olu@example.org")
    host = make_user(role="rep", email="host@example.org")
    event = make_event(host=host, status="draft", title="Interview skills for ST3")
    db.session.commit()
    events.submit(host, event)
    db.session.commit()
    [waiting] = box.new()
    check(waiting, "olu@example.org", "Waiting for review: Interview skills for ST3", f"/events/{event.id}")
    events.publish(organiser, event)
    db.session.commit()
    [published] = box.new()
    check(published, "host@example.org", "Published: Interview skills for ST3", f"/events/{event.id}")


def test_reminder_hours_are_configurable(ctx, mail_dir, app, monkeypatch):
    monkeypatch.setitem(app.config, "EVENT_REMINDER_HOURS", (48,))
    box = Mailbox(mail_dir)
    event = make_event(starts_in=timedelta(days=5))
    bookings.book(make_user(email="cara@example.org"), event.id)
    db.session.commit()
    box.new()
    run_all(event.starts_at - timedelta(hours=47))
    [reminder] = box.new()
    check(reminder, "cara@example.org", "Reminder:", f"/events/{event.id}")
    run_all(event.starts_at - timedelta(minutes=30))
    assert box.new() == []


def test_survey_invitation_after_the_event_and_one_reminder_only_to_those_who_have_not_answered(ctx, mail_dir):
    box = Mailbox(mail_dir)
    event = make_event(title="Wellbeing for new arrivals", days_ago=1)
    dayo, efe, absent = (make_user(email=f"{n}@example.org") for n in ("dayo", "efe", "absent"))
    make_booking(event, dayo, attended=True)
    make_booking(event, efe, attended=True)
    make_booking(event, absent, attended=False)
    survey = make_survey(event)
    db.session.commit()

    run_all(utcnow() + timedelta(minutes=1))  # the event has ended: the survey opens and invites
    invitations = box.new()
    path = f"/surveys/{survey.id}"
    assert sorted(m["To"] for m in invitations) == ["dayo@example.org", "efe@example.org"]
    for message in invitations:
        check(message, message["To"], "Tell us what you thought: Wellbeing for new arrivals", path)

    respond(db.session.get(Survey, survey.id), dayo)
    db.session.commit()
    survey = db.session.get(Survey, survey.id)
    before_close = survey.closes_at - timedelta(days=2)
    run_all(before_close)
    run_all(before_close + timedelta(hours=12))  # one reminder, not two
    [reminder] = box.new()
    check(reminder, "efe@example.org", "Reminder: your feedback", path)
    run_all(survey.closes_at + timedelta(minutes=1))
    assert box.new() == []


def test_mentoring_messages_request_answer_expiry_proposal_and_nudge(ctx, mail_dir, app):
    box = Mailbox(mail_dir)
    mentor = make_mentor(capacity=3, email="mentor@example.org")
    keen, turned_down, waiting = (make_seeker(email=f"{n}@example.org") for n in ("keen", "declined", "waiting"))
    db.session.commit()

    pair = mentoring_requests.send_request(keen, mentor.id, "I sit the clinical exam in March.")
    db.session.commit()
    [received] = box.new()
    check(received, "mentor@example.org", "", "/mentoring")
    assert "asks you to be their mentor" in received["Subject"]

    mentoring_requests.respond(mentor, pair.id, accept=True)
    db.session.commit()
    [accepted] = box.new()
    with app.test_request_context():
        space = url_for("mentoring.space", mentorship_id=pair.id)
    check(accepted, "keen@example.org", "", space)  # the pair's shared space
    assert "accepted" in accepted["Subject"]

    other = mentoring_requests.send_request(turned_down, mentor.id, "Hello")
    db.session.commit()
    box.new()
    mentoring_requests.respond(mentor, other.id, accept=False, reason="I am away until the summer")
    db.session.commit()
    [declined] = box.new()
    text, _ = check(declined, "declined@example.org", "", "/mentoring")
    assert "I am away until the summer" in text

    late = make_pair(make_mentor(email="busy@example.org"), waiting, status="requested", days_ago=8)
    db.session.commit()
    run_all()
    [expiring] = box.new()
    check(expiring, "busy@example.org", "A mentoring request is waiting for your answer", "/mentoring")
    run_all(late.expires_at + timedelta(minutes=1))
    expired = box.new()
    assert sorted(m["To"] for m in expired) == ["busy@example.org", "waiting@example.org"]
    for message in expired:
        check(message, message["To"], "A mentoring request expired", "/mentoring")

    organiser = make_user(role="organiser")
    batch = mentoring_batch.run_batch(organiser)
    made, _ = mentoring_batch.publish(organiser, batch.id)
    db.session.commit()
    assert made >= 1
    proposals = [m for m in box.new() if "Soft Landing organisers propose" in m["Subject"]]
    mentors = {m.mentor_id for m in db.session.scalars(db.select(Mentorship).where(Mentorship.batch_id == batch.id))}
    assert len(proposals) == made + len(mentors)  # one email per newcomer, one per mentor
    for message in proposals:
        check(message, message["To"], "Soft Landing organisers propose", "/mentoring")

    quiet = db.session.get(Mentorship, pair.id)
    quiet.started_at = utcnow() - timedelta(days=31)
    db.session.commit()
    run_all()
    run_all()
    nudges = [m for m in box.new() if m["Subject"].startswith("Time to meet?")]
    assert sorted(m["To"] for m in nudges) == ["keen@example.org", "mentor@example.org"]
    for message in nudges:
        check(message, message["To"], "Time to meet?", "/mentoring")
