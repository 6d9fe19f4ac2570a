"""Planned meetings: propose, accept or another time, one calendar UID through changes, reminder, log prefilled."""

from datetime import timedelta

import vobject

from softlanding.blueprints.mentoring import meetings as mentoring_meetings
from softlanding.blueprints.mentoring.models import MentoringMeeting
from softlanding.blueprints.mentoring.models_pair import PlannedMeeting
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from tests.factories import make_mentor, make_pair, make_seeker, read_mail


def _pair(app):
    with app.app_context():
        mentor, mentee = make_mentor(full_name="Grace Mentor"), make_seeker(full_name="Amina Newcomer")
        pair = make_pair(mentor, mentee)
        db.session.commit()
        _ = mentor.email, mentee.email
        return mentor, mentee, pair.id


def _ics(message):
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    data = part.get_content()
    cal = vobject.readOne(data if isinstance(data, str) else data.decode())
    return cal, cal.vevent


def _plan(client, pair_id, when, **extra):
    data = {"on": when.date().isoformat(), "at": when.strftime("%H:%M"), "minutes": "45", "mode": "video",
            "link": "https://meet.example.org/grace-amina", "place": "", **extra}
    return client.post(f"/mentoring/pairs/{pair_id}/plan", data=data)


def test_propose_accept_another_time_and_cancel_keep_one_uid(app, login_as, mail_dir):
    mentor, mentee, pair_id = _pair(app)
    newcomer, rep = login_as(mentee), login_as(mentor)
    when = (utcnow() + timedelta(days=10)).replace(hour=18, minute=30, second=0, microsecond=0)
    assert _plan(newcomer, pair_id, when).status_code == 302
    proposed = read_mail(mail_dir, to=mentor.email)
    assert len(proposed) == 1 and "Amina proposes a meeting" in proposed[0]["Subject"]
    with app.app_context():
        first = db.session.scalar(db.select(PlannedMeeting))
        first_id, uid = first.id, first.uid
    # The proposer cannot accept their own proposal; the other side can.
    assert newcomer.post(f"/mentoring/pairs/{pair_id}/plan/{first_id}/accept").status_code == 403
    rep.post(f"/mentoring/pairs/{pair_id}/plan/{first_id}/accept")
    for address in (mentor.email, mentee.email):
        agreed = read_mail(mail_dir, to=address, subject="agreed")
        assert len(agreed) == 1
        cal, event = _ics(agreed[0])
        assert event.uid.value == uid and int(event.sequence.value) == 0
        assert cal.method.value == "PUBLISH"
        assert event.dtstart.value.astimezone().utcoffset() is not None
        assert "meet.example.org/grace-amina" in event.location.value
    # The mentor suggests another time for the agreed meeting; once accepted it updates the same entry.
    page = rep.get(f"/mentoring/pairs/{pair_id}/plan/{first_id}/another").get_data(as_text=True)
    assert "Suggest this time" in page and when.date().isoformat() in page
    later = when + timedelta(days=1)
    assert _plan(rep, pair_id, later, replaces=str(first_id)).status_code == 302
    with app.app_context():
        second = db.session.scalar(db.select(PlannedMeeting).where(PlannedMeeting.status == "proposed"))
        assert second.uid == uid and second.sequence == 1
        assert db.session.get(PlannedMeeting, first_id).status == "replaced"
        second_id = second.id
    newcomer.post(f"/mentoring/pairs/{pair_id}/plan/{second_id}/accept")
    _, event = _ics(read_mail(mail_dir, to=mentor.email, subject="agreed")[-1])
    assert event.uid.value == uid and int(event.sequence.value) == 1
    newcomer.post(f"/mentoring/pairs/{pair_id}/plan/{second_id}/cancel")
    cancelled = read_mail(mail_dir, to=mentor.email, subject="cancelled")
    cal, event = _ics(cancelled[-1])
    assert cal.method.value == "CANCEL" and event.uid.value == uid and int(event.sequence.value) == 2
    assert event.status.value == "CANCELLED"
    with app.app_context():
        assert all(m.sensitive for m in db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.kind == "mentoring_meeting")))


def test_bad_meeting_input_is_refused_next_to_the_field_and_kept(app, login_as):
    mentor, mentee, pair_id = _pair(app)
    client = login_as(mentee)
    past = utcnow() - timedelta(days=1)
    page = _plan(client, pair_id, past).get_data(as_text=True)
    assert 'id="on-error"' in page and "in the future" in page
    page = _plan(client, pair_id, utcnow() + timedelta(days=2), minutes="9999").get_data(as_text=True)
    assert 'id="minutes-error"' in page
    page = _plan(client, pair_id, utcnow() + timedelta(days=2), mode="in_person", link="").get_data(as_text=True)
    assert 'id="place-error"' in page
    page = _plan(client, pair_id, utcnow() + timedelta(days=2), link="ftp://nope").get_data(as_text=True)
    assert 'id="link-error"' in page and "ftp://nope" in page
    page = client.post(f"/mentoring/pairs/{pair_id}/plan", data={"on": "2026-13-45", "at": "25:99", "mode": "video"})
    assert page.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(PlannedMeeting)) == 0


def test_reminder_the_day_before_and_the_log_offers_the_meeting_prefilled(app, login_as, mail_dir):
    mentor, mentee, pair_id = _pair(app)
    with app.app_context():
        meeting = PlannedMeeting(mentorship_id=pair_id, proposed_by_id=mentee.id, status="accepted", mode="phone",
                                 starts_at=utcnow() + timedelta(hours=20), minutes=30, uid="r@example.org")
        db.session.add(meeting)
        db.session.commit()
        assert mentoring_meetings.send_reminders() == 1
        assert mentoring_meetings.send_reminders() == 0  # once only
        db.session.commit()
        read_mail(mail_dir, deliver=True)
        assert len(read_mail(mail_dir, subject="Reminder: mentoring meeting tomorrow")) == 2
        meeting = db.session.get(PlannedMeeting, meeting.id)
        meeting.starts_at = utcnow() - timedelta(hours=2)
        db.session.commit()
        meeting_id, day = meeting.id, meeting.starts_at.date()
    client = login_as(mentee)
    page = client.get(f"/mentoring/pairs/{pair_id}").get_data(as_text=True)
    assert f"log={meeting_id}" in page
    page = client.get(f"/mentoring/pairs/{pair_id}?log={meeting_id}").get_data(as_text=True)
    assert f'value="{day.isoformat()}"' in page and f'name="planned" type="hidden" value="{meeting_id}"' in page
    client.post(f"/mentoring/pairs/{pair_id}/meetings", data={"met_on": day.isoformat(), "mode": "phone",
                                                               "notes": "Talked about ARCP", "planned": meeting_id})
    with app.app_context():
        logged = db.session.scalar(db.select(MentoringMeeting))
        assert logged.notes == "Talked about ARCP"
        assert db.session.get(PlannedMeeting, meeting_id).logged_meeting_id == logged.id
    assert f"log={meeting_id}" not in client.get(f"/mentoring/pairs/{pair_id}").get_data(as_text=True)
