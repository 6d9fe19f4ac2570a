"""Every CSV the app serves opens cleanly in a spreadsheet: a UTF-8 byte-order mark (else Excel shows
"JosÃ©"), labels rather than internal codes, one local date-time format and no cell that becomes a formula.

The list of routes is explicit: a CSV route added elsewhere belongs in CSV_ROUTES too."""

import csv
import io
import re
from datetime import timedelta

import pytest

from softlanding.core import audit
from softlanding.core.extensions import db
from softlanding.core.models import RefOption
from tests.factories import (
    make_analysis_survey,
    make_booking,
    make_code,
    make_coding,
    make_event,
    make_mentor,
    make_pair,
    make_response,
    make_seeker,
    make_user,
    text_answer,
)

ISO_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
LOCAL_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d$")

CSV_ROUTES = [
    "/events/{event}/attendees.csv",
    "/events/desk.csv",
    "/surveys/report.csv?start={start}&end={end}",
    "/surveys/{survey}/responses.csv",
    "/surveys/compare.csv?start={start}&end={end}",
    "/admin/audit?format=csv",
    "/analysis/exports/answers.csv",
    "/analysis/exports/quotes.csv",
    "/mentoring/organiser/export/waiting.csv",
    "/mentoring/organiser/export/loads.csv",
    "/mentoring/organiser/export/expiring.csv",
    "/mentoring/organiser/export/quiet.csv",
    "/mentoring/organiser/export/active.csv",
]


def _seed():
    """Rows whose codes differ from their labels: east_of_england, st1_4, mock_interview, waitlisted."""
    host = make_user(role="rep", full_name="José Álvarez")
    person = make_user(full_name="=SUM(A1) José", region="east_of_england", career_stage="st1_4")
    event = make_event(host=host, title="Mock interviews: ST3", category="mock_interview", capacity=1,
                       days_ago=3)
    make_booking(event, person, attended=True)
    make_booking(event, make_user(region="east_of_england"), status="waitlisted")
    survey = make_analysis_survey(event)
    answer = text_answer(make_response(survey, "The stations felt real", rating=5, user=person))
    make_coding(answer, make_code("Realism"))
    mentor = make_mentor(region="east_of_england")
    seeker = make_seeker(region="east_of_england", career_stage="st1_4", waited_days=4)
    make_pair(mentor, seeker, status="requested")
    make_pair(mentor, make_seeker(region="east_of_england"), status="active", days_ago=40)
    audit.record("role_granted", "user", person.id, "organiser")
    db.session.commit()
    return event, survey


def _codes():
    """Every reference code that reads differently from its label (underscored codes), plus statuses."""
    codes = {code for code, label in db.session.execute(db.select(RefOption.code, RefOption.label))
             if "_" in code and code != label}
    return codes | {"booked", "waitlisted", "cancelled", "requested", "active"} | set(audit.ACTIONS)


@pytest.mark.parametrize("route", CSV_ROUTES)
def test_every_csv_has_a_bom_labels_and_local_times(app, login_as, route):
    with app.app_context():
        event, survey = _seed()
        values = {"event": event.id, "survey": survey.id, "start": (event.starts_at - timedelta(days=1)).date().isoformat(),
                  "end": (event.starts_at + timedelta(days=1)).date().isoformat()}
        codes = _codes()
    response = login_as("admin" if route.startswith("/admin/") else "organiser").get(route.format(**values))
    assert response.status_code == 200, route
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    cells = [cell for row in body for cell in row]
    assert not codes & set(cells), f"internal codes in {route}: {codes & set(cells)}"
    assert not [c for c in cells if ISO_DATETIME.search(c)], "ISO timestamps instead of local date-times"
    assert not [c for c in cells if c.startswith(("=", "+", "@"))], "a cell a spreadsheet reads as a formula"
    for index, name in enumerate(header):
        if any(LOCAL_DATETIME.match(row[index]) for row in body if index < len(row)):
            assert "(Europe/London)" in name, f"column {name!r} holds local times without naming the zone"
