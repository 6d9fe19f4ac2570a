"""Organisers' weekly digest: what it reports, who gets it, once a week even with two runners."""

import threading
from datetime import UTC, datetime, timedelta

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import Survey, SurveyInvitation
from softlanding.blueprints.mentoring.models import MenteePreference, Mentorship
from softlanding.core.extensions import db
from softlanding.core.jobs import run_all
from tests.factories import make_user, read_mail

DIGEST = "weekly digest"  # other areas' jobs run too and may send their own messages

MONDAY_8 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 08:00 in London (GMT): after the 07:00 digest time


def _community(now):
    organiser = make_user(role="organiser", email="org@example.org", timezone="Europe/London")
    admin = make_user(role="admin", email="admin@example.org")
    rep = make_user(role="rep", email="rep@example.org")
    newcomer = make_user(full_name="Bola Adeyemi", email="bola@example.org")
    matched = make_user(full_name="Chidi Eze", email="chidi@example.org")  # has a mentor: not waiting
    start = now + timedelta(days=10)
    db.session.add_all([
        Event(title="ARCP survival guide", category="arcp", starts_at=start, ends_at=start + timedelta(hours=1),
              host_id=rep.id, status="submitted"),
        Event(title="Already published", category="arcp", starts_at=start, ends_at=start + timedelta(hours=1),
              host_id=rep.id, status="published"),
        MenteePreference(user_id=newcomer.id, seeking=True, waiting_since=now - timedelta(days=20)),
        MenteePreference(user_id=matched.id, seeking=True, waiting_since=now - timedelta(days=40)),
        Mentorship(mentor_id=rep.id, mentee_id=matched.id, status="active"),
    ])
    survey = Survey(title="Feedback: MRCPCH clinical exam webinar", status="open", closes_at=now + timedelta(days=3))
    later = Survey(title="Closes in a month", status="open", closes_at=now + timedelta(days=30))
    db.session.add_all([survey, later])
    db.session.flush()
    asked = {"invited_at": now - timedelta(days=8), "reminded_at": now - timedelta(days=1)}  # nothing due
    db.session.add_all([SurveyInvitation(survey_id=survey.id, user_id=newcomer.id, has_responded=True, **asked),
                        SurveyInvitation(survey_id=survey.id, user_id=rep.id, has_responded=False, **asked)])
    db.session.commit()
    return organiser, admin


def test_digest_reports_reviews_waiting_newcomers_and_closing_surveys_to_organisers(ctx, mail_dir):
    _community(MONDAY_8)
    assert run_all(MONDAY_8 - timedelta(hours=2))[0].error == ""  # 06:00: not yet
    assert read_mail(mail_dir, subject=DIGEST) == []

    run_all(MONDAY_8)
    mail = read_mail(mail_dir, subject=DIGEST)
    assert sorted(m["To"] for m in mail) == ["admin@example.org", "org@example.org"]  # not reps or newcomers
    message = next(m for m in mail if m["To"] == "org@example.org")
    assert message["Subject"] == "Your weekly digest (2026-W48)"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "EVENTS WAITING FOR REVIEW: 1" in text and "ARCP survival guide" in text
    assert "Already published" not in text
    assert "NEWCOMERS WAITING FOR A MENTOR: 1" in text and "Bola" in text and "waiting since 3 Nov 2026" in text
    assert "Chidi" not in text and "more." not in text
    assert "SURVEYS CLOSING IN THE NEXT 7 DAYS: 1" in text
    assert "Feedback: MRCPCH clinical exam webinar: closes Thu 26 Nov 2026, 08:00 GMT; 1 of 2 answered" in text
    assert "Closes in a month" not in text
    assert "ARCP survival guide" in html and "Bola" in html
    assert "http://127.0.0.1:5000/" in text


def test_long_sections_are_cut_with_a_count_of_the_rest(ctx, mail_dir):
    _community(MONDAY_8)
    for n in range(17):
        person = make_user(full_name=f"Waiting Person {n}")
        db.session.add(MenteePreference(user_id=person.id, seeking=True, waiting_since=MONDAY_8 - timedelta(days=n)))
    db.session.commit()
    run_all(MONDAY_8)
    text = read_mail(mail_dir, subject=DIGEST)[0].get_body(("plain",)).get_content()
    assert "NEWCOMERS WAITING FOR A MENTOR: 18" in text
    assert text.count("waiting since") == 15 and "… and 3 more." in text


def test_digest_goes_once_a_week_even_with_two_runners_at_once(app, mail_dir):
    with app.app_context():
        _community(MONDAY_8)
        db.session.remove()
    barrier = threading.Barrier(2)

    def runner():
        with app.app_context():
            barrier.wait()
            run_all(MONDAY_8 + timedelta(minutes=1))
            db.session.remove()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with app.app_context():
        run_all(MONDAY_8 + timedelta(days=2))  # later the same week: nothing new
    assert len(read_mail(mail_dir, subject=DIGEST)) == 2
    with app.app_context():
        run_all(MONDAY_8 + timedelta(days=7))  # next week
    assert len(read_mail(mail_dir, subject=DIGEST)) == 4


def test_no_digest_when_there_is_nothing_to_report_or_when_switched_off(ctx, mail_dir):
    organiser = make_user(role="organiser")
    db.session.commit()
    run_all(MONDAY_8)
    assert read_mail(mail_dir, subject=DIGEST) == []

    _community(MONDAY_8)
    from softlanding.blueprints.notifications.notify import set_email_enabled

    set_email_enabled(db.session.get(User, organiser.id), "organiser_digest", False)
    db.session.commit()
    run_all(MONDAY_8 + timedelta(days=7))
    assert organiser.email not in [m["To"] for m in read_mail(mail_dir, subject=DIGEST)]
    assert len(read_mail(mail_dir, subject=DIGEST)) == 2  # the other organiser and the admin
