"""Raw data: a row per response with a column per question; comparisons of any scale question; hosts' small counts."""

import csv
import io
from datetime import date, timedelta

from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db
from tests.factories import make_user
from tests.feedback.test_anonymity import _anonymous_with_answers
from tests.feedback.test_results import _event_with_answers


def _rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv", response.status_code
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_named_survey_csv_has_a_row_per_response_a_column_per_question_with_labels(app, login_as):
    with app.app_context():
        _event, survey, _people = _event_with_answers([5, 3], texts={0: "Line one\nline two: مرحبا 👍"})
        db.session.commit()
        sid = survey.id
    rows = _rows(login_as("organiser").get(f"/surveys/{sid}/responses.csv"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Respondent", "Answered on", "Career stage", "Region"]
    assert "Overall, how would you rate this event?" in header and "What went well?" in header
    assert len(body) == 2
    overall = header.index("Overall, how would you rate this event?")
    assert [r[overall] for r in body] == ["Excellent", "Average"]  # labels, not codes
    assert body[0][0] == "Attendee 0 Surname"
    assert body[0][header.index("What went well?")] == "Line one\nline two: مرحبا 👍"


def test_anonymous_csv_waits_for_the_minimum_then_has_no_identity_order_or_time(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        few = _anonymous_with_answers(4)
        db.session.commit()
        few_id = few.id
    refused = client.get(f"/surveys/{few_id}/responses.csv", follow_redirects=True)
    assert refused.mimetype == "text/html" and b"once 8 people have answered" in refused.data
    with app.app_context():
        enough = _anonymous_with_answers(9)
        db.session.commit()
        sid = enough.id
    text = client.get(f"/surveys/{sid}/responses.csv").get_data(as_text=True)
    rows = _rows(client.get(f"/surveys/{sid}/responses.csv"))
    assert rows[0][0] == "Answered on" and "Respondent" not in rows[0]
    assert "Named Attendee" not in text
    assert all(len(r[0]) == 10 for r in rows[1:])  # YYYY-MM-DD: the day, nothing finer
    went_well = rows[0].index("What went well?")
    order = [r[went_well] for r in rows[1:]]
    assert sorted(order) == sorted(f"Secret answer {i}" for i in range(9))
    assert order != [f"Secret answer {i}" for i in range(9)]  # not the order of answering
    assert client.get(f"/surveys/{sid}/responses.csv").get_data(as_text=True) == text  # fixed per survey


def test_compare_any_scale_question_with_a_date_range_and_csv(app, login_as):
    with app.app_context():
        _event_with_answers([5, 5, 4, 4], category="mrcpch", days_ago=40, title="FOP crash course")
        _event_with_answers([5, 3], category="mrcpch", days_ago=5, title="AKP question bank")
        db.session.commit()
    client = login_as("organiser")
    page = client.get("/surveys/compare?question=confidence_after").get_data(as_text=True)
    assert "How confident are you on this topic now?" in page and "FOP crash course" in page
    assert "4.0" in page  # every factory answer gives 4 for confidence after
    start = (date.today() - timedelta(days=10)).isoformat()
    ranged = client.get(f"/surveys/compare?question=overall&start={start}").get_data(as_text=True)
    assert "AKP question bank" in ranged and "FOP crash course" not in ranged
    bad = client.get("/surveys/compare?start=yesterday")
    assert bad.status_code == 200 and b"Enter the date as YYYY-MM-DD" in bad.data
    rows = _rows(client.get(f"/surveys/compare.csv?question=overall&start={start}"))
    assert rows[1][:4] == ["event", "AKP question bank", rows[1][2], "2"] and rows[1][5] == "4.0"
    assert rows[-1][0] == "month"


def test_a_host_of_a_small_event_sees_neither_small_counts_nor_how_many_answered(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        _event, survey, _ = _event_with_answers([5, 5, 3], attendees=4, host=host)
        db.session.commit()
        sid, host_id = survey.id, host.id
    client = login_as("organiser")
    assert "3 answered" in client.get(f"/surveys/{sid}/results").get_data(as_text=True)
    with app.app_context():
        host_user = db.session.get(User, host_id)
    page = login_as(host_user).get(f"/surveys/{sid}/results").get_data(as_text=True)
    assert "3 answered" not in page and "&lt;8 answered" in page
    assert "mean 4.33" not in page
