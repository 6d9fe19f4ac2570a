"""Events from draft to published: the form (validation, rich text, time zones), review, changes, cancelling."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from softlanding.blueprints.events.models import Event
from softlanding.core.extensions import db
from softlanding.lib.sanitize import clean_html
from tests.factories import make_booking, make_event, make_user, read_mail


def _future(days=30, hour=18, minute=30):
    d = datetime.now() + timedelta(days=days)
    return d.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _form(**changes):
    start = _future()
    data = {"title": "Passing the MRCPCH Clinical", "category": "mrcpch", "exam_component": "clinical",
            "interview_level": "", "description": "<p>Stations <strong>explained</strong>.</p>",
            "timezone": "Europe/London", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "format": "online",
            "venue": "", "join_link": "https://meet.example.org/clinical", "capacity": "40",
            "career_stages": ["st1_4", "sas"], "mwres_indicators": ["4a"]}
    data.update(changes)
    return data


def test_rep_drafts_event_stored_in_utc_from_the_hosts_zone(login_as, app):
    rep = login_as("rep")
    start = _future(days=40, hour=19, minute=0)
    response = rep.post("/events/new", data=_form(timezone="Asia/Karachi", starts_at=start.strftime("%Y-%m-%dT%H:%M"),
                                                   ends_at=(start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")))
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert event.status == "draft" and event.host_id == rep.user_id
        assert event.starts_at == start.replace(tzinfo=UTC) - timedelta(hours=5)  # Karachi is UTC+5
        assert event.exam_component == "clinical" and event.capacity == 40
        assert event.career_stages == ["st1_4", "sas"] and event.mwres_indicators == ["4a"]


def test_description_keeps_only_the_allowlist():
    dirty = ('<p onclick="x()">Hi <em>there</em><script>alert("x")</script></p><img src=x onerror=alert(1)>'
             '<a href="javascript:alert(1)">bad</a> <a href="https://rcpch.ac.uk" target="_blank">good</a>'
             '<iframe src="https://evil"></iframe><ul><li><strong>one</strong></li></ul><h1>big</h1>'
             '<a href="data:text/html,hi">data</a><style>body{}</style>')
    clean = clean_html(dirty)
    for banned in ("<script", "alert(", "<img", "onerror", "onclick", "javascript:", "<iframe", "target=",
                   "<h1", "data:", "<style", "body{}"):
        assert banned not in clean
    for kept in ('<p>Hi <em>there</em>', '<a href="https://rcpch.ac.uk">good</a>',
                 '<ul><li><strong>one</strong></li></ul>', "big"):
        assert kept in clean


def test_description_is_cleaned_once_on_save(login_as, app):
    rep = login_as("rep")
    rep.post("/events/new", data=_form(description='<p>Bring <a href="javascript:steal()">notes</a></p>'
                                                   '<script>steal()</script>\n<img src=x>'))
    with app.app_context():
        stored = db.session.scalar(select(Event.description_html))
    assert stored == "<p>Bring <a>notes</a></p>"


BAD_INPUT = [
    ({"ends_at": _future(hour=17).strftime("%Y-%m-%dT%H:%M")}, "ends_at", "after the start"),
    ({"capacity": "-5"}, "capacity", "from 1 to"),
    ({"starts_at": (datetime.now() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
      "ends_at": (datetime.now() - timedelta(days=2) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")},
     "starts_at", "in the past"),
    ({"category": "astrology"}, "category", "Choose an option"),
    ({"description": "x" * 10_001}, "description", "at most 10,000"),
    ({"join_link": "javascript:alert(1)"}, "join_link", "https://"),
    ({"join_link": "ftp://files.example.org/x"}, "join_link", "https://"),
    ({"title": ""}, "title", "Enter a title"),
    ({"format": "in_person", "venue": ""}, "venue", "Give the venue"),
    ({"capacity": "lots"}, "capacity", "whole number"),
    ({"starts_at": "next tuesday"}, "starts_at", "date"),
]


@pytest.mark.parametrize("changes,field,message", BAD_INPUT)
def test_bad_input_is_explained_next_to_the_field_and_kept(login_as, app, changes, field, message):
    rep = login_as("rep")
    response = rep.post("/events/new", data=_form(title=changes.get("title", "Keep this title"), **{
        k: v for k, v in changes.items() if k != "title"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page
    error = page.split(f'id="{field}-error"')[1].split("</p>")[0]
    assert message.lower() in error.lower()
    if field != "title":
        assert 'value="Keep this title"' in page
    assert 'value="https://meet.example.org/clinical"' in page or field == "join_link"
    with app.app_context():
        assert db.session.scalar(select(Event.id)) is None


def test_a_time_the_clocks_skip_is_refused(login_as):
    rep = login_as("rep")
    year = datetime.now().year + 1
    page = rep.post("/events/new", data=_form(starts_at=f"{year}-03-{_last_sunday(year, 3):02d}T01:30",
                                              ends_at=f"{year}-03-{_last_sunday(year, 3):02d}T03:30")).get_data(as_text=True)
    assert "does not exist in Europe/London" in page


def _last_sunday(year, month):
    d = datetime(year, month + 1, 1) - timedelta(days=1)
    return (d - timedelta(days=(d.weekday() + 1) % 7)).day


def test_submit_publish_and_visibility(login_as, app, mail_dir):
    with app.app_context():
        rep = make_user(role="rep")
        make_user(role="organiser", email="org@example.org")
        event = make_event(host=rep, status="draft", title="Kaizen for beginners")
        event_id = event.id
        db.session.commit()
    anonymous, newcomer, other_rep = app.test_client(), login_as("newcomer"), login_as("rep")
    for client in (anonymous, newcomer, other_rep):
        assert client.get(f"/events/{event_id}").status_code == 404
    assert "Kaizen for beginners" not in anonymous.get("/events/").get_data(as_text=True)
    host = login_as(rep)
    host.post(f"/events/{event_id}/submit")
    assert any(m["To"] == "org@example.org" and "Waiting for review" in m["Subject"] for m in read_mail(mail_dir))
    organiser = login_as("organiser")
    assert "Kaizen for beginners" in organiser.get("/events/manage").get_data(as_text=True)
    organiser.post(f"/events/{event_id}/publish")
    with app.app_context():
        published = db.session.get(Event, event_id)
        assert published.status == "published" and published.sequence == 2
    page = anonymous.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Kaizen for beginners" in page and "meet.example.org" not in page
    assert "Kaizen for beginners" in anonymous.get("/events/").get_data(as_text=True)


def test_organiser_returns_with_a_comment(login_as, app, mail_dir):
    with app.app_context():
        rep = make_user(role="rep")
        event_id = make_event(host=rep, status="submitted").id
        db.session.commit()
    organiser = login_as("organiser")
    empty = organiser.post(f"/events/{event_id}/return", data={"comment": ""})
    assert "Tell the host what to change" in empty.get_data(as_text=True)
    organiser.post(f"/events/{event_id}/return", data={"comment": "Please add the exam component."})
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.status == "draft" and event.review_comment == "Please add the exam component."
    assert "Please add the exam component." in login_as(rep).get(f"/events/{event_id}").get_data(as_text=True)
    assert any("Returned for changes" in m["Subject"] for m in read_mail(mail_dir))


def test_host_cannot_edit_after_publishing_but_organiser_can(login_as, app):
    with app.app_context():
        rep = make_user(role="rep")
        event_id = make_event(host=rep).id
        db.session.commit()
    assert login_as(rep).get(f"/events/{event_id}/edit").status_code == 403
    organiser = login_as("organiser")
    assert organiser.get(f"/events/{event_id}/edit").status_code == 200


def test_reschedule_raises_sequence_and_sends_updated_calendar(login_as, app, mail_dir):
    with app.app_context():
        rep = make_user(role="rep")
        event = make_event(host=rep, title="Interview skills")
        attendee = make_user(email="attendee@example.org")
        make_booking(event, attendee)
        event_id, old_seq = event.id, event.sequence
        db.session.commit()
    host = login_as(rep)
    start = _future(days=20)
    form = {"timezone": "Europe/London", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "format": "online",
            "venue": "", "join_link": "https://meet.example.org/abc", "reason": ""}
    no_reason = host.post(f"/events/{event_id}/reschedule", data=form).get_data(as_text=True)
    assert 'id="reason-error"' in no_reason
    host.post(f"/events/{event_id}/reschedule", data={**form, "reason": "The speaker is on call."})
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.sequence == old_seq + 1
        assert event.starts_at == start.replace(tzinfo=__import__("zoneinfo").ZoneInfo("Europe/London")).astimezone(UTC)
    [message] = [m for m in read_mail(mail_dir) if m["To"] == "attendee@example.org"]
    assert message["Subject"] == "Changed: Interview skills"
    assert "The speaker is on call." in message.get_body(("plain",)).get_content()
    [ics] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert f"SEQUENCE:{old_seq + 1}" in ics.get_content()


def test_cancel_with_reason_tells_attendees_with_a_cancel_calendar(login_as, app, mail_dir):
    with app.app_context():
        rep = make_user(role="rep")
        event = make_event(host=rep, title="Wellbeing circle")
        make_booking(event, make_user(email="booked@example.org"))
        make_booking(event, make_user(email="waiting@example.org"), status="waitlisted")
        event_id = event.id
        db.session.commit()
    host = login_as(rep)
    assert 'id="reason-error"' in host.post(f"/events/{event_id}/cancel", data={"reason": ""}).get_data(as_text=True)
    host.post(f"/events/{event_id}/cancel", data={"reason": "Host unwell"})
    with app.app_context():
        assert db.session.get(Event, event_id).status == "cancelled"
    mail = {m["To"]: m for m in read_mail(mail_dir)}
    assert mail["booked@example.org"]["Subject"] == "Cancelled: Wellbeing circle"
    [ics] = [p for p in mail["booked@example.org"].iter_attachments() if p.get_content_type() == "text/calendar"]
    assert "METHOD:CANCEL" in ics.get_content() and "STATUS:CANCELLED" in ics.get_content()
    assert "Host unwell" in mail["waiting@example.org"].get_body(("plain",)).get_content()
    page = app.test_client().get(f"/events/{event_id}").get_data(as_text=True)
    assert "This event is cancelled" in page and "Host unwell" in page


def test_organiser_edit_raising_capacity_promotes_the_waitlist_and_place_change_raises_sequence(ctx):
    from softlanding.blueprints.events import lifecycle as event_service

    event = make_event(capacity=1, title="Small group")
    make_booking(event)
    waiting = make_booking(event, status="waitlisted")
    organiser = make_user(role="organiser")
    seq = event.sequence
    values = event_service.form_values(event)
    event_service.update_event(organiser, event, {**values, "description": "<p>More room now.</p>", "capacity": 2})
    assert waiting.status == "booked" and event.sequence == seq  # capacity is not time or place
    event_service.update_event(organiser, event, {**event_service.form_values(event), "format": "hybrid",
                                                  "venue": "Royal Manchester Children's Hospital"})
    assert event.sequence == seq + 1
