"""The listing (filters in the URL, past tab, paging, viewer's time zone, places) and the event page."""

from datetime import UTC, datetime, timedelta

import pytest

from softlanding.core.extensions import db
from tests.factories import count_queries, make_booking, make_event, make_user


def _titles(client, query=""):
    page = client.get(f"/events/{query}").get_data(as_text=True)
    return {t for t in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot") if f">{t} " in page or f">{t}<" in page}


@pytest.fixture
def spread(app):
    """Six events that differ in one filterable way each."""
    with app.app_context():
        host = make_user(role="rep")
        make_event(host=host, title="Alpha ", category="mrcpch", exam_component="akp", career_stages=["st1_4"])
        make_event(host=host, title="Bravo ", category="mock_interview", interview_level="st3",
                   career_stages=["foundation_led", "st1_4"])
        make_event(host=host, title="Charlie ", category="induction", format="in_person", venue="Leeds",
                   join_link="", career_stages=["not_in_uk"], description_html="<p>Welcome to the NHS rota</p>")
        make_event(host=host, title="Delta ", category="wellbeing_culture", starts_in=timedelta(days=-10))
        make_event(host=host, title="Echo ", category="arcp", status="draft")
        far = datetime(datetime.now().year + 1, 2, 10, 12, tzinfo=UTC)
        make_event(host=host, title="Foxtrot ", category="academic", starts_in=far - datetime.now(UTC))
        db.session.commit()


@pytest.mark.parametrize("query,expected", [
    ("", {"Alpha", "Bravo", "Charlie", "Foxtrot"}),
    ("?when=past", {"Delta"}),
    ("?category=mrcpch", {"Alpha"}),
    ("?exam=akp", {"Alpha"}),
    ("?level=st3", {"Bravo"}),
    ("?format=in_person", {"Charlie"}),
    ("?stage=st1_4", {"Alpha", "Bravo"}),
    ("?stage=not_in_uk&format=in_person", {"Charlie"}),
    ("?q=nhs+ROTA", {"Charlie"}),
    ("?q=bravo", {"Bravo"}),
    ("?q=100%25", set()),
    ("?category=nonsense&format=teleport&month=2020-13&page=abc", {"Alpha", "Bravo", "Charlie", "Foxtrot"}),
])
def test_filters_live_in_the_url(spread, client, query, expected):
    assert _titles(client, query) == expected


def test_month_filter(spread, client):
    month = f"{datetime.now().year + 1}-02"
    assert _titles(client, f"?month={month}") == {"Foxtrot"}


def test_cards_show_viewer_time_zone_and_places(app, login_as):
    with app.app_context():
        start = datetime(datetime.now().year + 1, 7, 1, 17, 0, tzinfo=UTC)
        full = make_event(title="Full one", capacity=1, starts_in=start - datetime.now(UTC))
        make_booking(full)
        roomy = make_event(title="Roomy one", capacity=10, starts_in=start - datetime.now(UTC))
        make_booking(roomy)
        db.session.commit()
    lagos = login_as("newcomer", timezone="Asia/Kolkata").get("/events/").get_data(as_text=True)
    assert "22:30 IST" in lagos
    london = login_as("newcomer").get("/events/").get_data(as_text=True)
    assert "18:00 BST" in london
    assert "Full: waitlist" in london and "9 places left" in london


def test_listing_is_paged(app, client):
    with app.app_context():
        host = make_user(role="rep")
        for i in range(25):
            make_event(host=host, title=f"Paged {i:02d}", starts_in=timedelta(days=1 + i))
        db.session.commit()
    first = client.get("/events/").get_data(as_text=True)
    second = client.get("/events/?page=2").get_data(as_text=True)
    assert "Paged 00" in first and "Paged 19" in first and "Paged 20" not in first
    assert "Paged 20" in second and "Page 2 of 2" in second


def test_listing_queries_do_not_grow_with_rows_or_page_size(app, login_as):
    client = login_as("newcomer")
    with app.app_context():
        hosts = [make_user(role="rep") for _ in range(3)]
        for i in range(3):
            e = make_event(host=hosts[i % 3], capacity=5, career_stages=["st1_4"])
            make_booking(e)
        db.session.commit()
    app.config["ITEMS_PER_PAGE"] = 3
    small = count_queries(app, client, "/events/")
    with app.app_context():
        more_hosts = [make_user(role="rep") for _ in range(10)]
        for i in range(40):
            e = make_event(host=more_hosts[i % 10], capacity=5, category="mrcpch", exam_component="fop",
                           career_stages=["st1_4"])
            make_booking(e)
            make_booking(e, status="waitlisted")
        db.session.commit()
    try:
        app.config["ITEMS_PER_PAGE"] = 40
        large = count_queries(app, client, "/events/")
    finally:
        app.config["ITEMS_PER_PAGE"] = 20
    assert large == small, f"{small} queries for 3 cards, {large} for 40"


def test_join_link_only_for_booked_hosts_organisers_and_only_near_the_start(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        soon = make_event(host=host, starts_in=timedelta(hours=3), join_link="https://meet.example.org/soon")
        later = make_event(host=host, starts_in=timedelta(days=5), join_link="https://meet.example.org/later")
        attendee = make_user()
        make_booking(soon, attendee)
        make_booking(later, attendee)
        waiting = make_user()
        make_booking(soon, waiting, status="waitlisted")
        ids = soon.id, later.id
        db.session.commit()
    soon_id, later_id = ids
    booked = login_as(attendee)
    assert "meet.example.org/soon" in booked.get(f"/events/{soon_id}").get_data(as_text=True)
    later_page = booked.get(f"/events/{later_id}").get_data(as_text=True)
    assert "meet.example.org/later" not in later_page and "24 hours before the start" in later_page
    assert "meet.example.org/soon" in login_as(host).get(f"/events/{soon_id}").get_data(as_text=True)
    assert "meet.example.org/soon" in login_as("organiser").get(f"/events/{soon_id}").get_data(as_text=True)
    for client in (app.test_client(), login_as("newcomer"), login_as(waiting), login_as("rep")):
        assert "meet.example.org/soon" not in client.get(f"/events/{soon_id}").get_data(as_text=True)
    app.config["JOIN_LINK_VISIBLE_HOURS"] = 2
    try:
        assert "meet.example.org/soon" not in booked.get(f"/events/{soon_id}").get_data(as_text=True)
    finally:
        app.config["JOIN_LINK_VISIBLE_HOURS"] = 24


def test_event_page_time_zone_and_add_to_calendar_links(app, login_as):
    with app.app_context():
        start = datetime(datetime.now().year + 1, 1, 15, 14, 0, tzinfo=UTC)
        event = make_event(title="Academic careers & you", starts_in=start - datetime.now(UTC),
                           timezone="Europe/London")
        event_id = event.id
        db.session.commit()
    page = login_as("newcomer", timezone="America/New_York").get(f"/events/{event_id}").get_data(as_text=True)
    assert "09:00 EST" in page and "Host's time:" in page and "14:00 GMT" in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert f"dates={start:%Y%m%dT%H%M%S}Z%2F" in page
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in page
    assert f"/events/{event_id}.ics" in page
    assert "meet.example.org" not in page


def test_unknown_event_is_404_not_500(client):
    assert client.get("/events/999999").status_code == 404
    assert client.post("/events/999999/book").status_code in (302, 404)
