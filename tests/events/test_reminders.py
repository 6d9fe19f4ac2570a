"""Reminders 24 hours and 1 hour before the start, each sent once even with two job runners."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from softlanding.blueprints.events.notices import send_reminders
from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_pending
from softlanding.core.models import OutboxMessage
from softlanding.core.registry import get_registry
from tests.factories import make_booking, make_event, make_user, read_mail


def test_reminders_at_24_hours_and_1_hour_with_the_join_link(ctx, mail_dir):
    assert get_registry().jobs["event_reminders"] is send_reminders
    now = datetime.now(UTC)
    online = make_event(title="Online ARCP clinic", starts_in=timedelta(hours=20),
                        join_link="https://meet.example.org/arcp")
    venue = make_event(title="Leeds induction day", starts_in=timedelta(hours=20), format="in_person",
                       venue="Leeds General Infirmary", join_link="")
    far = make_event(title="Next month", starts_in=timedelta(days=30))
    person = make_user(email="doc@example.org")
    for e in (online, venue, far):
        make_booking(e, person)
    make_booking(online, make_user(email="waiting@example.org"), status="waitlisted")
    make_booking(online, make_user(email="gone@example.org"), status="cancelled")
    assert send_reminders(now) == 2
    assert send_reminders(now + timedelta(hours=1)) == 0  # the 24-hour reminder went already
    assert send_reminders(now + timedelta(hours=19, minutes=30)) == 2  # now within the hour
    assert send_reminders(now + timedelta(hours=19, minutes=45)) == 0
    deliver_pending()
    db.session.commit()
    mail = read_mail(mail_dir)
    assert {m["To"] for m in mail} == {"doc@example.org"}
    subjects = sorted(m["Subject"] for m in mail)
    assert subjects[0].startswith("Reminder: Leeds induction day starts in 20 hours")
    online_bodies = [m.get_body(("plain",)).get_content() for m in mail if "Online ARCP" in m["Subject"]]
    assert len(online_bodies) == 2 and all("https://meet.example.org/arcp" in b for b in online_bodies)
    leeds = [m.get_body(("plain",)).get_content() for m in mail if "Leeds" in m["Subject"]]
    assert all("Leeds General Infirmary" in b and "meet.example.org" not in b for b in leeds)


def test_two_runners_at_once_send_each_reminder_once(app):
    with app.app_context():
        for _ in range(3):
            event = make_event(starts_in=timedelta(hours=5))
            for _ in range(4):
                make_booking(event)
        db.session.commit()
    now = datetime.now(UTC)
    barrier = threading.Barrier(2)
    results = []

    def runner():
        with app.app_context():
            barrier.wait()
            results.append(send_reminders(now))
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with app.app_context():
        queued = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "event_reminder"))
    assert sum(results) == 12 and queued == 12
