"""Personal feeds and their tokens, conditional requests, the settings section and log redaction."""

import logging
import re

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.calendar import feeds as calendar
from softlanding.blueprints.calendar.models import CalendarFeedToken
from softlanding.blueprints.events.models import Booking, Event
from softlanding.core.extensions import db
from tests.factories import add_cohost, commit_ids, make_booking, make_event, make_user
from tests.support.calendar_parsers import by_uid, check_wire_format, parse_both, uid, vevents

SECRET = "secret-room-42"



def _token_for(app, user_id):
    with app.app_context():
        token = calendar.reset_feed_token(db.session.get(User, user_id))
        db.session.commit()
    return token


def test_personal_feed_holds_booked_and_hosted_events_but_not_waitlisted_or_others(app, login_as):
    me = login_as("rep")
    with app.app_context():
        booked, waitlisted, cancelled_booking, hosted, cohosted, unrelated, draft_hosted = (
            make_event(title="Booked"), make_event(title="Waitlisted"), make_event(title="Dropped"),
            make_event(title="Hosted", host=me.user_id), make_event(title="Co-hosted"),
            make_event(title="Someone else's"), make_event(title="My draft", host=me.user_id, status="draft"))
        make_booking(booked, me.user_id)
        make_booking(waitlisted, me.user_id, status="waitlisted")
        make_booking(cancelled_booking, me.user_id, status="cancelled")
        add_cohost(cohosted, me.user_id)
        ids = commit_ids(booked, waitlisted, cancelled_booking, hosted, cohosted, unrelated, draft_hosted)
    token = _token_for(app, me.user_id)
    response = app.test_client().get(f"/calendar/{token}.ics")  # no sign-in needed
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]
    data = response.data
    check_wire_format(data)
    assert set(by_uid(data)) == {uid(ids[0]), uid(ids[3]), uid(ids[4])}
    assert b"X-WR-CALNAME:Soft Landing: my events" in data
    assert SECRET.encode() not in data  # even the private feed never carries the join link


def test_personal_feed_empty_and_unknown_token(app, login_as):
    me = login_as("newcomer")
    token = _token_for(app, me.user_id)
    data = app.test_client().get(f"/calendar/{token}.ics").data
    ical_calendar, vcal = parse_both(data)
    assert ical_calendar.events == [] and vevents(vcal) == []
    client = app.test_client()
    assert client.get("/calendar/" + "A" * 43 + ".ics").status_code == 404
    assert client.get("/calendar/short.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 300 + ".ics").status_code == 404


def test_reset_kills_the_old_address_and_settings_show_the_new_one(app, login_as):
    me = login_as("newcomer")
    page = me.get("/profile/settings").get_data(as_text=True)
    assert "Calendar feed" in page and "Create my calendar address" in page
    assert me.post("/calendar/reset").status_code == 302
    with app.app_context():
        first = db.session.scalar(db.select(CalendarFeedToken.token))
    assert len(first) >= 43  # secrets.token_urlsafe(32)
    page = me.get("/profile/settings").get_data(as_text=True)
    assert f"http://127.0.0.1:5000/calendar/{first}.ics" in page
    assert f"webcal://127.0.0.1:5000/calendar/{first}.ics" in page
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A5000%2Fcalendar%2F" in page
    assert app.test_client().get(f"/calendar/{first}.ics").status_code == 200
    response = me.post("/calendar/reset", follow_redirects=True)
    assert "The old one no longer works" in response.get_data(as_text=True)
    with app.app_context():
        tokens = db.session.scalars(db.select(CalendarFeedToken.token)).all()
    assert len(tokens) == 1 and tokens[0] != first
    assert app.test_client().get(f"/calendar/{first}.ics").status_code == 404
    assert app.test_client().get(f"/calendar/{tokens[0]}.ics").status_code == 200


def test_public_feed_answers_if_none_match_with_304_without_rendering(app, client, monkeypatch):
    with app.app_context():
        event_id = commit_ids(make_event())
    first = client.get("/events/feed.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]

    def must_not_render(*args, **kwargs):
        raise AssertionError("the calendar was built for a 304")

    monkeypatch.setattr(calendar, "render_feed", must_not_render)
    monkeypatch.setattr(calendar, "render_event", must_not_render)
    again = client.get("/events/feed.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get("/events/feed.ics", headers={"If-Modified-Since": modified}).status_code == 304
    with app.app_context():
        token = calendar.reset_feed_token(db.session.get(Event, event_id).host)
        db.session.commit()
    monkeypatch.undo()
    personal = client.get(f"/calendar/{token}.ics")
    assert by_uid(personal.data)
    monkeypatch.setattr(calendar, "render_feed", must_not_render)
    assert client.get(f"/calendar/{token}.ics",
                      headers={"If-None-Match": personal.headers["ETag"]}).status_code == 304
    single = client.get(f"/events/{event_id}.ics")
    monkeypatch.setattr(calendar, "render_event", must_not_render)
    assert client.get(f"/events/{event_id}.ics",
                      headers={"If-None-Match": single.headers["ETag"]}).status_code == 304


def test_validators_change_when_the_feed_changes(app, client, login_as):
    me = login_as("newcomer")
    with app.app_context():
        event_id, other_id = commit_ids(make_event(), make_event())
    token = _token_for(app, me.user_id)
    public = client.get("/events/feed.ics").headers["ETag"]
    personal = client.get(f"/calendar/{token}.ics").headers["ETag"]
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.venue, event.format, event.sequence = "Leeds General Infirmary", "in_person", event.sequence + 1
        db.session.commit()
    changed = client.get("/events/feed.ics", headers={"If-None-Match": public})
    assert changed.status_code == 200 and changed.headers["ETag"] != public
    assert by_uid(changed.data)[uid(event_id)][0].location == "Leeds General Infirmary"
    with app.app_context():  # booking changes the personal feed, not the public one
        make_booking(db.session.get(Event, other_id), me.user_id)
        db.session.commit()
    response = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": personal})
    assert response.status_code == 200 and set(by_uid(response.data)) == {uid(other_id)}
    assert client.get("/events/feed.ics", headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304
    with app.app_context():  # cancelling the booking takes the event out again
        db.session.execute(db.update(Booking).values(status="cancelled"))
        db.session.commit()
    again = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 200 and by_uid(again.data) == {}


def test_feed_token_never_reaches_the_logs(app, caplog, monkeypatch):
    token = "Zx9" * 14
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('%s - - [%s] "%s" %s -', "127.0.0.1", "now",
                                           f"GET /calendar/{token}.ics HTTP/1.1", 200)
    assert token not in caplog.text
    assert re.search(r"/calendar/<token>\.ics", caplog.text)
    # A failure while serving a feed logs the path without the token too.
    with app.app_context():
        real = calendar.reset_feed_token(make_user())
        db.session.commit()

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(calendar, "personal_feed_state", boom)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        assert app.test_client().get(f"/calendar/{real}.ics").status_code == 500
    assert "/calendar/<token>.ics" in caplog.text and real not in caplog.text


def test_subscribe_partial_links_to_public_feed(app):
    with app.test_request_context():
        from flask import render_template

        html = render_template("calendar/_subscribe.html", subscribe_category="arcp")
    assert 'href="webcal://127.0.0.1:5000/events/feed.ics"' in html
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A5000%2Fevents%2Ffeed.ics" in html
    assert "http://127.0.0.1:5000/events/feed.ics" in html
    assert "webcal://127.0.0.1:5000/events/feed.ics?category=arcp" in html


def test_deactivated_account_feed_is_gone(app, login_as):
    me = login_as("newcomer")
    token = _token_for(app, me.user_id)
    with app.app_context():
        db.session.get(User, me.user_id).is_active_account = False
        db.session.commit()
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404
