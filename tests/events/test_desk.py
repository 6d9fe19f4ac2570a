"""The events desk: every event with its figures, filtered, sorted, paged, as CSV; copies and series."""

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from softlanding.blueprints.events.models import Event
from softlanding.blueprints.events.models_desk import EventSeriesMember
from softlanding.core.extensions import db
from tests.factories import (
    add_cohost,
    count_queries,
    make_booking,
    make_event,
    make_survey,
    make_user,
    respond,
)


def _desk_rows(client, query=""):
    body = client.get(f"/events/desk.csv{query}").data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_desk_shows_every_state_with_booked_waitlisted_attended_and_ratings(app, login_as):
    with app.app_context():
        host = make_user(role="rep", full_name="Farah Siddiqui")
        past = make_event(host=host, title="Past webinar", capacity=2, starts_in=timedelta(days=-5))
        make_booking(past, attended=True)
        make_booking(past, attended=False)
        make_booking(past, status="waitlisted")
        survey = make_survey(past, open_now=True)
        for rating in (5, 4, 5, 4, 5, 4, 5, 4):
            respond(survey, make_user(), overall=rating)
        few = make_event(host=host, title="Few answers", starts_in=timedelta(days=-6))
        lonely = make_survey(few, open_now=True)
        respond(lonely, make_user(), overall=1)
        make_event(host=host, title="A draft idea", status="draft")
        make_event(host=host, title="Called off", status="cancelled")
        make_event(title="Someone else's", category="mock_interview")
        db.session.commit()
    organiser = login_as("organiser")
    page = organiser.get("/events/desk").get_data(as_text=True)
    assert all(t in page for t in ("Past webinar", "A draft idea", "Called off", "Someone else"))
    assert "(fewer than 8)" in page
    rows = {r["Event"]: r for r in _desk_rows(organiser)}
    past_row = rows["Past webinar"]
    assert (past_row["Booked"], past_row["Waitlisted"], past_row["Attended"], past_row["Places"]) == ("2", "1", "1", "2")
    assert (past_row["Survey responses"], past_row["Mean rating (1 to 5)"]) == ("8", "4.5")
    # One response: its count shows, but a mean would be that one person's rating.
    assert (rows["Few answers"]["Survey responses"], rows["Few answers"]["Mean rating (1 to 5)"]) == ("1", "")
    assert rows["A draft idea"]["State"] == "Draft" and rows["Someone else's"]["Category"] == "Mock interviews"
    assert [r["Event"] for r in _desk_rows(organiser, "?status=draft")] == ["A draft idea"]
    assert [r["Event"] for r in _desk_rows(organiser, "?host=farah&status=cancelled")] == ["Called off"]
    assert [r["Event"] for r in _desk_rows(organiser, "?category=mock_interview")] == ["Someone else's"]
    by_booked = [r["Event"] for r in _desk_rows(organiser, "?sort=booked&dir=desc")]
    assert by_booked[0] == "Past webinar"
    assert login_as("rep").get("/events/desk").status_code == 403


def test_desk_filters_by_local_dates_and_survives_nonsense(app, login_as):
    with app.app_context():
        # 23:30 UTC on 31 May is 00:30 on 1 June in London (BST): the 1 June filter must include it.
        start = datetime(datetime.now().year + 1, 5, 31, 23, 30, tzinfo=UTC)
        make_event(title="Midnight in London", starts_at=start)
        make_event(title="Other day", starts_at=start + timedelta(days=3))
        db.session.commit()
    organiser = login_as("organiser")
    day = start.astimezone(ZoneInfo("Europe/London")).date().isoformat()
    assert [r["Event"] for r in _desk_rows(organiser, f"?from={day}&to={day}")] == ["Midnight in London"]
    for query in ("?from=2020-13-45&sort=drop&dir=sideways&page=-3", "?to=99999-01-01&status=<script>", "?page=99999"):
        assert organiser.get(f"/events/desk{query}").status_code == 200
        assert organiser.get(f"/events/desk.csv{query}").status_code == 200


def test_desk_is_paged_with_a_constant_number_of_queries(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        for i in range(3):
            make_booking(make_event(host=host, title=f"Small {i}"))
        db.session.commit()
    organiser = login_as("organiser")
    few = count_queries(app, organiser, "/events/desk")
    with app.app_context():
        for i in range(25):
            event = make_event(host=make_user(role="rep"), title=f"Many {i:02d}")
            make_booking(event)
        db.session.commit()
    many = count_queries(app, organiser, "/events/desk")
    assert many == few
    second = organiser.get("/events/desk?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second


def test_copy_makes_a_draft_a_week_on_without_the_join_link_or_bookings(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        cohost = make_user(role="rep")
        original = make_event(host=host, title="Monthly ARCP clinic", capacity=40, venue="Leeds",
                              career_stages=["st1_4"])
        add_cohost(original, cohost)
        make_booking(original)
        db.session.commit()
        original_id, starts, cohost_id = original.id, original.starts_at, cohost.id
    response = login_as(host).post(f"/events/{original_id}/copy")
    assert response.status_code == 302 and "/edit" in response.headers["Location"]
    with app.app_context():
        copy = db.session.scalars(db.select(Event).where(Event.id != original_id)).one()
        assert (copy.title, copy.status, copy.capacity, copy.venue, copy.join_link) == (
            "Monthly ARCP clinic", "draft", 40, "Leeds", "")
        assert copy.starts_at == starts + timedelta(days=7) and copy.host_id == host.id
        assert [h.user_id for h in copy.cohosts] == [cohost_id]


def test_series_keeps_the_london_time_across_the_clocks_changing(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        # 19:00 London on the second Tuesday of March next year (GMT), repeated monthly into BST.
        year = datetime.now().year + 1
        first_tuesday = next(d for d in range(1, 8) if datetime(year, 3, d).weekday() == 1)
        local = datetime(year, 3, first_tuesday + 7, 19, 0, tzinfo=ZoneInfo("Europe/London"))
        event = make_event(host=host, title="Second Tuesday webinar", starts_at=local.astimezone(UTC))
        db.session.commit()
        event_id = event.id
    client = login_as(host)
    bad = client.post(f"/events/{event_id}/series", data={"frequency": "monthly", "count": "0"})
    assert bad.status_code == 200 and "Choose between 1 and 23" in bad.get_data(as_text=True)
    response = client.post(f"/events/{event_id}/series", data={"frequency": "monthly", "count": "3"})
    assert response.status_code == 302
    page = client.get(f"/events/{event_id}/series").get_data(as_text=True)
    assert page.count("Second Tuesday webinar") >= 4 and "Draft" in page
    with app.app_context():
        members = db.session.scalars(db.select(EventSeriesMember).order_by(EventSeriesMember.position)).all()
        events = [db.session.get(Event, m.event_id) for m in members]
        assert [e.status for e in events] == ["published", "draft", "draft", "draft"]
        for e in events:
            start = e.starts_at.astimezone(ZoneInfo("Europe/London"))
            assert (start.hour, start.minute, start.weekday(), (start.day - 1) // 7) == (19, 0, 1, 1)
        assert events[0].starts_at.hour == 19 and events[1].starts_at.astimezone(UTC).hour == 18  # BST in April
