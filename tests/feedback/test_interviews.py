"""Members' own interview records: recording them (and their outcome), the one "how did it go?" some days
after the date, and the impact report's "interview offers after mock interviews"."""

import threading
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from softlanding.blueprints.feedback import impact, interviews, outcomes, privacy, surveys
from softlanding.blueprints.feedback.jobs import run_surveys
from softlanding.blueprints.feedback.models import InterviewRecord, SurveyTemplate
from softlanding.blueprints.feedback.responses import submit_response
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user

OFFERS = "Interview offers after mock interviews"


def _offers_row(start, end, category=""):
    report = impact.build_report(start, end, category)
    table = next(t for s in report.sections for t in s.tables if t.caption == OFFERS)
    assert table.columns[1] == "Outcomes known"  # records and answers alike, not only survey answers
    return table.rows[0]


def test_a_member_records_an_interview_and_later_its_outcome_and_bad_input_is_explained(login_as, app):
    client = login_as("newcomer")
    # A date in the wrong format and no level: both are named at once, and the specialty chosen is kept.
    page = client.post("/surveys/outcomes/interviews", data={"interview_on": "3/2/2027", "level": "",
                                                             "specialty": "neonatal", "outcome": "waiting"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Enter the date as YYYY-MM-DD" in text and "Choose the level you are interviewing for." in text
    assert '<option selected value="neonatal">' in text or 'value="neonatal" selected' in text
    # An offer for an interview that is still to come is refused, in words.
    future = (date.today() + timedelta(days=20)).isoformat()
    refused = client.post("/surveys/outcomes/interviews", data={"interview_on": future, "level": "st3",
                                                                "outcome": "offer"}).get_data(as_text=True)
    assert "An outcome can only be given for an interview that has happened." in refused
    # An invented level is refused too (the list is the reference list, not what a browser sends).
    invented = client.post("/surveys/outcomes/interviews", data={"interview_on": future, "level": "st99",
                                                                 "outcome": "waiting"}).get_data(as_text=True)
    assert "Choose the level" in invented
    with app.app_context():
        assert db.session.scalars(select(InterviewRecord)).all() == []
    saved = client.post("/surveys/outcomes/interviews", data={"interview_on": future, "level": "subspecialty",
                                                              "specialty": "neonatal", "outcome": "waiting"})
    assert saved.status_code == 302
    listing = client.get("/surveys/outcomes/exams").get_data(as_text=True)
    assert "Sub-specialty recruitment</strong>, Neonatal medicine" in listing and "Waiting to hear" in listing
    with app.app_context():
        record = db.session.scalar(select(InterviewRecord))
        assert record is not None
        record_id = record.id
        record.interview_on = date.today() - timedelta(days=2)  # the interview has now happened
        db.session.commit()
    assert client.get(f"/surveys/outcomes/interviews/{record_id}").status_code == 200
    bad = client.post(f"/surveys/outcomes/interviews/{record_id}", data={"outcome": "maybe", "level": "subspecialty"})
    assert bad.status_code == 200 and "Choose" in bad.get_data(as_text=True) and "There is a problem" in bad.get_data(as_text=True)
    done = client.post(f"/surveys/outcomes/interviews/{record_id}",
                       data={"outcome": "offer", "level": "subspecialty", "specialty": "neonatal"})
    assert done.status_code == 302
    assert "Offered a post" in client.get("/surveys/outcomes/exams").get_data(as_text=True)
    # Someone else cannot read or change it.
    other = login_as("newcomer")
    assert other.get(f"/surveys/outcomes/interviews/{record_id}").status_code == 404
    assert other.post(f"/surveys/outcomes/interviews/{record_id}",
                      data={"outcome": "no_offer", "level": "st1"}).status_code == 404
    with app.app_context():
        assert db.session.get(InterviewRecord, record_id).outcome == "offer"


def test_a_member_is_asked_once_a_week_after_the_interview_with_a_link_to_record_the_outcome(app, mail_dir):
    from softlanding.core.mailer import deliver_pending
    from tests.factories import read_mail

    with app.app_context():
        member = make_user(email="amina.interview@example.org")
        asked = interviews.record_interview(member, date.today() - timedelta(days=8), "st3", "")
        interviews.record_interview(member, date.today() - timedelta(days=3), "st1", "")  # too soon
        decided = interviews.record_interview(make_user(email="decided@example.org"),
                                              date.today() - timedelta(days=20), "st1", "", "offer")
        db.session.commit()
        now = datetime.now(UTC)
        assert run_surveys(now) == 1
        assert run_surveys(now) == 0  # once only
        assert db.session.get(InterviewRecord, decided.id).reminded_at is None  # nothing to ask
        deliver_pending()
        db.session.commit()
        asked_id = asked.id
    mails = read_mail(mail_dir, to="amina.interview@example.org")
    assert len(mails) == 1 and "ST3 entry" in mails[0]["Subject"]
    assert f"/surveys/outcomes/interviews/{asked_id}" in mails[0].get_body(("plain",)).get_content()
    assert read_mail(mail_dir, to="decided@example.org") == []


def _run_in_thread(app, barrier, now, results):
    with app.app_context():
        barrier.wait()
        try:
            results.append(interviews.remind_interview_outcomes(now))
            db.session.commit()
        except Exception as exc:  # recorded so the test can show it
            db.session.rollback()
            results.append(exc)


def test_two_job_runners_at_once_ask_each_member_once(app, mail_dir):
    with app.app_context():
        for _ in range(5):
            interviews.record_interview(make_user(), date.today() - timedelta(days=9), "st4", "")
        db.session.commit()
    barrier, results = threading.Barrier(2), []
    now = datetime.now(UTC)
    threads = [threading.Thread(target=_run_in_thread, args=(app, barrier, now, results)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == 5
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))
                                 .where(OutboxMessage.kind == "interview_followup")) == 5


def test_download_my_data_shows_interviews_and_erasure_removes_them(ctx):
    member = make_user()
    interviews.record_interview(member, date.today() - timedelta(days=30), "subspecialty", "neonatal", "offer")
    exported = privacy.export(member)["interviews"]
    assert exported == [{"date": (date.today() - timedelta(days=30)).isoformat(), "level": "subspecialty",
                         "specialty": "neonatal", "outcome": "offer"}]
    privacy.erase(member, None)
    assert interviews.my_interviews(member) == []


def test_the_number_of_days_before_asking_is_a_setting(app):
    with app.app_context():
        interviews.record_interview(make_user(), date.today() - timedelta(days=10), "st2", "")
        db.session.commit()
        old = app.config["INTERVIEW_FOLLOWUP_DAYS"]
        app.config["INTERVIEW_FOLLOWUP_DAYS"] = 14
        try:
            assert interviews.remind_interview_outcomes(datetime.now(UTC)) == 0
        finally:
            app.config["INTERVIEW_FOLLOWUP_DAYS"] = old
        assert interviews.remind_interview_outcomes(datetime.now(UTC)) == 1
        db.session.rollback()


def test_interview_records_and_follow_up_answers_count_each_person_once_after_a_mock_interview(ctx):
    today = date.today()
    mock = make_event(category="mock_interview", days_ago=30)
    on = today - timedelta(days=10)
    people = [make_user() for _ in range(9)]
    for i, person in enumerate(people):
        make_booking(mock, person, attended=True)
        interviews.record_interview(person, on, "st1", "", "offer" if i < 8 else "no_offer")
    interviews.record_interview(people[0], on, "st2", "", "offer")  # the same day again: one interview
    no_mock = make_user()  # offered, but never came to a mock interview
    interviews.record_interview(no_mock, on, "st1", "", "offer")
    waiting = make_user()
    make_booking(mock, waiting, attended=True)
    interviews.record_interview(waiting, on, "st1", "")  # nothing known yet
    too_late = make_user()  # the mock interview came after the real one
    make_booking(make_event(category="mock_interview", days_ago=3), too_late, attended=True)
    interviews.record_interview(too_late, on, "st1", "", "offer")
    # A follow-up survey of the mock interview: a recorded member's answer is not counted again; a member
    # with no record counts from the answer.
    survey_only = make_user()
    make_booking(mock, survey_only, attended=True)
    outcomes.ensure_followup_templates()
    template = db.session.scalar(select(SurveyTemplate).where(SurveyTemplate.name == "Follow-up: interview"))
    organiser = make_user(role="organiser")
    survey = surveys.create_survey(organiser, title="", template_id=template.id, event_id=mock.id,
                                   purpose="followup", followup_weeks=1)
    now = datetime.now(UTC)
    surveys.claim_open(survey.id, now)
    surveys.send_invitations(now)
    code_of = {q.code: q.id for q in survey.questions}
    for person, offer in ((people[1], 1), (survey_only, 0)):
        submit_response(survey.id, person, MultiDict({f"q{code_of['interview_offer']}": str(offer)}))
    members, decided, offers = interviews.offers_after_mock(today - timedelta(days=30), today)
    assert (len(members), decided, offers) == (9, 9, 8)
    figures = outcomes.outcome_figures(today - timedelta(days=30), today)
    assert (figures["interview_answers"], figures["interview_offers"]) == (10, 8)
    outcomes.save_national_figures(organiser, {"interview_offer": (55.0, "HEE 2025")})
    assert _offers_row(today - timedelta(days=30), today) == ["Mock interview attendees", 10, 8, "80%", "55%"]
    # Interviews outside the period do not count (only the two answers given today do), nor other categories.
    assert interviews.offers_after_mock(today - timedelta(days=5), today)[1] == 0
    assert outcomes.outcome_figures(today - timedelta(days=5), today)["interview_answers"] == 2
    assert outcomes.outcome_figures(today - timedelta(days=30), today, "arcp")["interview_answers"] == 0
    assert outcomes.outcome_figures(today - timedelta(days=30), today, "mock_interview")["interview_answers"] == 10


def test_a_handful_of_interview_outcomes_is_shown_as_fewer_than_eight(ctx):
    today = date.today()
    mock = make_event(category="mock_interview", days_ago=40)
    for _ in range(3):
        person = make_user()
        make_booking(mock, person, attended=True)
        interviews.record_interview(person, today - timedelta(days=12), "st4", "", "offer")
    row = _offers_row(today - timedelta(days=30), today)
    assert row[1] == "<8" and row[2] == "<8" and "%" not in str(row[3])


def test_odd_addresses_and_values_get_a_page_not_an_error(login_as, app):
    client = login_as("newcomer")
    huge = "/surveys/outcomes/interviews/99999999999999999999999"
    assert client.get(huge).status_code == 404
    assert client.post(huge + "/delete").status_code == 404
    for data in ({"interview_on": "0001-01-01", "level": "st1", "outcome": "offer"},
                 {"interview_on": "2026-02-30", "level": "st1\x00", "specialty": "x" * 5000, "outcome": "offer"},
                 {"interview_on": "99999-01-01", "level": "st1", "outcome": ["offer", "waiting"]}):
        page = client.post("/surveys/outcomes/interviews", data=data)
        assert page.status_code == 200 and "There is a problem" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(InterviewRecord)).all() == []
