"""Attendance from a Zoom or Teams participant report: matched on email, previewed, saved only on confirm."""

import io
from datetime import timedelta

from softlanding.blueprints.events.models import Booking
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_user

ZOOM = ("Name (original name),User Email,Join time,Leave time,Duration (minutes),Guest\n"
        "Amina Khan,AMINA@example.org,12/01/2026 18:00,12/01/2026 18:40,40,No\n"
        "Amina Khan,amina@example.org,12/01/2026 18:45,12/01/2026 19:00,15,No\n"
        "Brief Visit,brief@example.org,12/01/2026 18:00,12/01/2026 18:05,5,No\n"
        "Stranger,stranger@example.org,12/01/2026 18:00,12/01/2026 19:00,60,Yes\n"
        "Sam Lee,,12/01/2026 18:00,12/01/2026 19:00,60,Yes\n")
TEAMS = ("1. Summary\nMeeting title\tARCP webinar\n\n2. Participants\n"
         "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
         "Amina Khan\t12/1/26, 6:00:01 PM\t12/1/26, 7:00:00 PM\t59m 59s\tamina@example.org\tamina@example.org\tAttendee\n"
         "Brief Visit\t12/1/26, 6:00:01 PM\t12/1/26, 6:10:00 PM\t9m 59s\tbrief@example.org\tbrief@example.org\tAttendee\n"
         "\n3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
         "Amina Khan\t12/1/26, 6:00:01 PM\t12/1/26, 7:00:00 PM\t59m 59s\tamina@example.org\tAttendee\n")


def _setup(app):
    with app.app_context():
        host = make_user(role="rep")
        event = make_event(host=host, starts_in=timedelta(hours=-3))
        amina = make_booking(event, make_user(email="amina@example.org", full_name="Amina Khan"))
        brief = make_booking(event, make_user(email="brief@example.org", full_name="Brief Visit"))
        lee1 = make_booking(event, make_user(email="sam1@example.org", full_name="Sam Lee"))
        lee2 = make_booking(event, make_user(email="sam2@example.org", full_name="Sam Lee"))
        db.session.commit()
        return host, event.id, amina.id, brief.id, lee1.id, lee2.id


def _upload(client, event_id, data, minutes="30", name="participants.csv"):
    """The page after the upload, its whitespace collapsed."""
    response = client.post(f"/events/{event_id}/attendance/import",
                       data={"report": (io.BytesIO(data), name), "min_minutes": minutes},
                       content_type="multipart/form-data")
    return " ".join(response.get_data(as_text=True).split())


def test_zoom_report_preview_saves_nothing_until_confirmed(app, login_as):
    host, event_id, amina_id, brief_id, lee1_id, lee2_id = _setup(app)
    client = login_as(host)
    form = client.get(f"/events/{event_id}/attendance/import").get_data(as_text=True)
    assert 'value="30"' in form  # ATTENDANCE_MIN_MINUTES
    page = _upload(client, event_id, ZOOM.encode("utf-8-sig"))
    assert "Preview: nothing is saved yet" in page
    assert "2 matched (1 reach 30 minutes), 1 not matched, 1 ambiguous, 2 booked but not in the report" in page
    assert "55.0" in page  # Amina rejoined: 40 + 15 minutes
    assert "stranger@example.org" in page and "Sam Lee or Sam Lee" in page
    with app.app_context():
        assert {b.attended for b in db.session.scalars(db.select(Booking))} == {None}
    marks = {f"mark-{amina_id}": "yes", f"mark-{brief_id}": "no"}
    saved = client.post(f"/events/{event_id}/attendance/import", data={"save": "1", **marks})
    assert saved.status_code == 302
    with app.app_context():
        got = {b.id: b.attended for b in db.session.scalars(db.select(Booking))}
    assert got == {amina_id: True, brief_id: False, lee1_id: None, lee2_id: None}


def test_teams_report_in_utf16_with_sections_and_a_custom_minimum(app, login_as):
    host, event_id, *_ = _setup(app)
    page = _upload(login_as(host), event_id, TEAMS.encode("utf-16"), minutes="5")
    assert "2 matched (2 reach 5 minutes), 0 not matched" in page


def test_unreadable_files_get_a_message_and_keep_the_form(app, login_as):
    host, event_id, *_ = _setup(app)
    client = login_as(host)
    for data in (b"", b"\x00\x01\x02\xff" * 10, b"just,some\ncells,here\n"):
        page = _upload(client, event_id, data)
        assert "Preview: nothing is saved yet" not in page
        assert ("Choose the report file" in page or "No column of email addresses" in page
                or "not text" in page), page[:500]
    bad_minutes = _upload(client, event_id, ZOOM.encode(), minutes="-4")
    assert "Enter between 0 and 1440 minutes." in bad_minutes
