"""Each input seen to give a 500 (issue 11), now a 404, a message beside the field, or cleaned text."""

import io
import zipfile
from datetime import datetime, timedelta

from flask_wtf import FlaskForm
from lxml import etree
from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.analysis.models import Code
from softlanding.blueprints.events.models import Event
from softlanding.core.converters import MAX_ID
from softlanding.core.extensions import db
from softlanding.core.forms import Form
from tests.factories import PASSWORD, make_event, make_user

CONTROL = "Remove the control characters"
HUGE = "9" * 30


def _event_form(**changes):
    start = (datetime.now() + timedelta(days=30)).replace(hour=18, minute=0, second=0, microsecond=0)
    data = {"title": "Passing the MRCPCH Clinical", "category": "mrcpch", "exam_component": "clinical",
            "interview_level": "", "description": "<p>Stations explained.</p>", "timezone": "Europe/London",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "format": "online",
            "venue": "", "join_link": "https://meet.example.org/clinical", "capacity": "40",
            "career_stages": ["st1_4"], "mwres_indicators": ["4a"]}
    data.update(changes)
    return data


def test_huge_and_out_of_range_ids_in_paths_are_not_found(client, login_as, app):
    with app.app_context():
        event_id = make_event().id
        db.session.commit()
    organiser = login_as("organiser")
    for url in (f"/events/{HUGE}", f"/events/{MAX_ID + 1}", "/events/0", f"/surveys/{HUGE}",
                f"/mentoring/pairs/{2**63}"):
        assert client.get(url).status_code == 404, url
        assert organiser.get(url).status_code == 404, url
    assert organiser.post(f"/events/{HUGE}/book").status_code == 404
    assert client.get(f"/events/{event_id}").status_code == 200
    assert client.get(f"/events/{MAX_ID}").status_code == 404  # the largest id still reaches the database


def test_huge_page_numbers_show_a_page_of_the_list(client, login_as):
    for page in (HUGE, str(2**63), "-5", "x", "٣"):
        response = client.get(f"/events/?page={page}")
        assert response.status_code == 200, page
    assert login_as("admin").get(f"/admin/users?page={HUGE}").status_code == 200


def test_query_string_ids_and_text_with_control_characters_are_ignored(login_as):
    organiser = login_as("organiser")
    assert organiser.get(f"/surveys/new?event_id={HUGE}").status_code == 200
    assert organiser.get(f"/analysis/?event={HUGE}&code={HUGE}&q=a%00b").status_code == 200
    assert organiser.get("/events/?q=a%00b%1b&month=9999-12").status_code == 200
    assert login_as("admin").get("/admin/users?q=%00").status_code == 200


def test_nul_in_free_text_is_stripped_and_in_a_title_refused_beside_the_field(login_as, app):
    rep = login_as("rep")
    page = rep.post("/events/new", data=_event_form(title="MRCPCH\x00 Clinical"))
    assert page.status_code == 200 and CONTROL in page.get_data(as_text=True)
    kept = page.get_data(as_text=True)
    assert "MRCPCH Clinical" in kept  # what was typed is kept, minus the invisible characters
    assert rep.post("/events/new", data=_event_form(
        description="<p>Line one\x00\x1b</p>\n<p>Line\ttwo</p>")).status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert "\x00" not in event.description_html and "\x1b" not in event.description_html
        assert "Line one" in event.description_html and "Line\ttwo" in event.description_html


def test_a_code_name_with_control_characters_is_refused_and_both_exports_still_parse(login_as, app):
    organiser = login_as("organiser")
    page = organiser.post("/analysis/codes", data={"name": "Career\x0b progression", "colour": "#1d4f91"})
    assert page.status_code == 200 and CONTROL in page.get_data(as_text=True)
    organiser.post("/analysis/codes", data={"name": "ARCP", "colour": "#1d4f91",
                                            "definition": "Annual review\x0c of progress\x00."})
    with app.app_context():
        assert [c.name for c in db.session.scalars(select(Code))] == ["ARCP"]
    qdc = organiser.get("/analysis/exports/codebook.qdc")
    assert qdc.status_code == 200 and b"ARCP" in qdc.data
    etree.fromstring(qdc.data)  # the XML is well-formed
    project = organiser.get("/analysis/exports/project.qdpx")
    assert project.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(project.data))
    etree.fromstring(archive.read("project.qde"))


def test_next_with_a_line_break_is_ignored_and_sign_in_lands_home(client, app):
    with app.app_context():
        user = make_user(email="crlf@example.org")
        db.session.commit()
        assert user.id
    response = client.post("/account/login?next=/events/%0d%0aSet-Cookie:%20x=1",
                           data={"email": "crlf@example.org", "password": PASSWORD,
                                 "next": "/events/\r\nSet-Cookie: x=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/" and "Set-Cookie: x" not in str(response.headers)
    assert client.get("/events/mine").status_code == 200  # signed in


def test_dates_outside_1900_to_2100_get_a_message_beside_the_field(login_as, app):
    rep = login_as("rep")
    with app.app_context():
        mock = make_event(host=db.session.get(User, rep.user_id), category="mock_interview",
                          interview_level="st3")
        db.session.commit()
        mock_id = mock.id
    page = rep.post(f"/events/{mock_id}/slots", data={"interviewer_id": str(rep.user_id),
                                                      "starts_at": "9999-12-31T23:59", "length_minutes": "30",
                                                      "count": "1"})
    assert page.status_code == 200 and "Enter a date between 1900 and 2100." in page.get_data(as_text=True)
    page = rep.post("/events/new", data=_event_form(starts_at="0001-01-01T10:00", ends_at="0001-01-01T11:00"))
    assert page.status_code == 200 and "Enter a date between 1900 and 2100." in page.get_data(as_text=True)
    organiser = login_as("organiser")
    report = organiser.get("/surveys/report?start=2024-01-01&end=9999-12-31")
    assert report.status_code == 200 and "Enter a date between 1900 and 2100." in report.get_data(as_text=True)
    assert organiser.get("/analysis/?from=9999-12-31&to=0001-01-01").status_code == 200


def test_every_form_of_the_app_uses_the_base_form_that_cleans_input(app):
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {cls for cls in subclasses(FlaskForm) if cls.__module__.startswith("softlanding.")}
    assert len(ours) > 30  # every domain's forms were imported by create_app
    assert sorted(c.__qualname__ for c in ours if not issubclass(c, Form)) == []
