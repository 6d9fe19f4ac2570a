"""The surveys desk (/surveys/manage): every survey with its status, counts and links, kept between views
under a change stamp and read afresh on the next view after anything it shows changes."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback import surveys
from softlanding.blueprints.feedback.models import Survey
from softlanding.core.extensions import db
from tests.factories import count_queries, form_for, make_booking, make_event, make_survey, make_user, respond

CLOSES = datetime(2031, 1, 15, 17, 30, tzinfo=UTC)


def _rows(html):
    """{survey title: the row's text (tags dropped, spaces squeezed)} for every row of the desk's table."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        title = re.match(r"\s*<td>([^<]*)", row).group(1).strip()
        rows[title] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return rows


def _attended_event(people, title, days_ago=3):
    event = make_event(days_ago=days_ago, title=title)
    for person in people:
        make_booking(event, person, attended=True)
    return event


def _desk_world():
    """One survey of each kind the desk tells apart; returns {name: survey id}."""
    people = [make_user(full_name=f"Desk Attendee{i}") for i in range(10)]
    ids = {}
    answered = make_survey(_attended_event(people[:4], "Portfolio clinic"), open_now=True, title="Answered")
    for person in people[:3]:
        respond(answered, person)
    ids["answered"] = answered.id
    quiet = make_survey(_attended_event(people[:2], "Quiet webinar"), open_now=True, title="Quiet")
    db.session.execute(update(Survey).where(Survey.id == quiet.id).values(closes_at=CLOSES))
    ids["quiet"] = quiet.id
    ids["draft"] = make_survey(make_event(days_ago=-5, title="Coming ARCP"), title="Waiting draft").id
    followup = make_survey(_attended_event(people[:2], "Exam day", days_ago=20), title="Later follow-up",
                           purpose="followup", followup_weeks=4)
    ids["followup"] = followup.id
    closed = make_survey(_attended_event(people[:2], "Old session"), open_now=True, title="Done")
    respond(closed, people[0])
    surveys.close_survey(closed.id)
    ids["closed"] = closed.id
    anonymous = make_survey(_attended_event(people, "Big session"), anonymous=True, open_now=True,
                            title="Secret ballot")
    for person in people[:4]:
        respond(anonymous, person)
    ids["anonymous"] = anonymous.id
    ids["group"] = make_survey(audience="group", audience_filter={"roles": ["rep"]}, title="Reps census").id
    db.session.commit()
    return ids


def test_the_desk_shows_each_surveys_status_counts_and_actions(app, login_as):
    with app.app_context():
        ids = _desk_world()
        followup_opens = db.session.get(Survey, ids["followup"]).opens_at.astimezone(ZoneInfo("Europe/London"))
    client = login_as("organiser")
    html = client.get("/surveys/manage").get_data(as_text=True)
    rows = _rows(html)
    assert list(rows) == ["Reps census", "Secret ballot", "Done", "Later follow-up", "Waiting draft", "Quiet",
                          "Answered"]  # newest first
    assert "A group of members Not yet open 0 of 0" in rows["Reps census"]
    assert "Anonymous" in rows["Secret ballot"] and "fewer than 8 of 10" in rows["Secret ballot"]
    assert "4 of 10" not in html  # an anonymous count below the minimum narrows who answered
    assert "Closed 1 of 2 (50%)" in rows["Done"]
    assert "Follow-up Attendees of Exam day" in rows["Later follow-up"]
    assert f"opens on {followup_opens.day} {followup_opens:%b %Y}" in rows["Later follow-up"]
    assert "Not yet open: opens when the event ends 0 of 0" in rows["Waiting draft"]
    assert "Open until Wed 15 Jan 2031, 17:30 GMT 0 of 2 (0%)" in rows["Quiet"]
    assert "3 of 4 (75%)" in rows["Answered"]
    # Results once open; editing until the first answer; opening and deleting a draft; closing an open one.
    assert "Results" not in rows["Waiting draft"] and "Results" in rows["Done"]
    assert "Edit" in rows["Quiet"] and "Edit" not in rows["Answered"] and "Edit" not in rows["Done"]
    assert "Open now" in rows["Waiting draft"] and "Delete" in rows["Waiting draft"]
    assert "Close now" in rows["Answered"] and "Close now" not in rows["Done"]
    links = set(re.findall(r'href="(/surveys/\d+/[a-z/]+)"', html))
    for name, sid in ids.items():
        assert f"/surveys/{sid}/preview" in links, name
    assert f"/surveys/{ids['draft']}/open" in links and f"/surveys/{ids['draft']}/delete" in links
    assert f'action="/surveys/{ids["quiet"]}/close"' in html
    for link in links:
        assert client.get(link).status_code == 200, link


def test_each_organiser_sees_the_kept_desk_in_their_own_time_zone(app, login_as):
    with app.app_context():
        survey = make_survey(open_now=True, title="Zoned")
        db.session.execute(update(Survey).where(Survey.id == survey.id).values(closes_at=CLOSES))
        db.session.commit()
    london = login_as("organiser").get("/surveys/manage").get_data(as_text=True)
    kolkata = login_as("organiser", timezone="Asia/Kolkata").get("/surveys/manage").get_data(as_text=True)
    assert "Open until Wed 15 Jan 2031, 17:30 GMT" in london
    assert "Open until Wed 15 Jan 2031, 23:00 IST" in kolkata and "GMT" not in _rows(kolkata)["Zoned"]


def test_the_desk_sends_the_same_statements_for_few_and_many_surveys_and_none_once_kept(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        _desk_world()
    few = count_queries(app, client, "/surveys/manage")
    with app.app_context():
        _desk_world()
        _desk_world()
        _desk_world()  # 28 surveys: a second page
    assert count_queries(app, client, "/surveys/manage") == few
    assert count_queries(app, client, "/surveys/manage?page=2") == few
    assert count_queries(app, client, "/surveys/manage?status=open") == few
    with count_queries(app) as touching:
        client.get("/surveys/manage")  # cold: the page is read once
    assert sum("survey" in s for s in touching.statements) == 1
    with count_queries(app, warm=True) as kept:
        assert client.get("/surveys/manage").status_code == 200
    assert not any("survey" in s for s in kept.statements)  # kept: no query for the desk at all
    assert "Page 2 of 2" in client.get("/surveys/manage?page=2").get_data(as_text=True)


def test_a_new_response_shows_in_the_counts_on_the_next_view(app, login_as):
    with app.app_context():
        people = [make_user() for _ in range(3)]
        survey = make_survey(_attended_event(people, "Counted session"), open_now=True, title="Counted")
        respond(survey, people[0])  # opening invited all three attendees
        db.session.commit()
        survey_id, answer = survey.id, form_for(survey, overall=4)
    organiser = login_as("organiser")
    assert "1 of 3 (33%)" in _rows(organiser.get("/surveys/manage").get_data(as_text=True))["Counted"]
    member = login_as(people[1])
    assert member.post(f"/surveys/{survey_id}", data=answer).status_code == 302
    row = _rows(organiser.get("/surveys/manage").get_data(as_text=True))["Counted"]
    assert "2 of 3 (67%)" in row and "Edit" not in row


def test_opening_closing_and_renaming_show_on_the_next_view(app, login_as):
    with app.app_context():
        draft = make_survey(title="Draft to open")
        opened = make_survey(open_now=True, title="Closed by the job")
        db.session.commit()
        draft_id, opened_id, event_id = draft.id, opened.id, draft.event_id
    client = login_as("organiser")
    rows = _rows(client.get("/surveys/manage").get_data(as_text=True))
    assert "Not yet open" in rows["Draft to open"] and "Open until" in rows["Closed by the job"]
    assert client.post(f"/surveys/{draft_id}/open").status_code == 302
    with app.app_context():  # the surveys job closes a survey past its time (an UPDATE, no ORM object)
        db.session.execute(update(Survey).where(Survey.id == opened_id)
                           .values(closes_at=datetime.now(UTC) - timedelta(minutes=1)))
        db.session.commit()
        _ = client.get("/surveys/manage")  # kept again, then changed under it
        assert surveys.close_due(datetime.now(UTC)) == 1
        db.session.execute(update(Event).where(Event.id == event_id).values(title="Renamed webinar"))
        db.session.commit()
    rows = _rows(client.get("/surveys/manage").get_data(as_text=True))
    assert "Open until" in rows["Draft to open"] and "Attendees of Renamed webinar" in rows["Draft to open"]
    assert "Closed" in rows["Closed by the job"] and "Close now" not in rows["Closed by the job"]
