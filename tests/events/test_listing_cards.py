"""What each listing card shows comes from the database on every request: places left, the viewer's
booking, the host's name as other members see it, cancellation, and the order of past events."""

from datetime import timedelta

from softlanding.blueprints.events.models import Booking
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_user


def _card(page, title):
    """The text of the card whose title is `title`."""
    start = page.index(f">{title}</a>")
    return page[start:page.index("</li>", start)]


def test_a_new_booking_and_a_cancellation_show_on_the_next_request(app, login_as):
    with app.app_context():
        event = make_event(title="Two seats", capacity=2)
        make_booking(event)
        member = make_user()
        event_id, member_id = event.id, member.id
        db.session.commit()
    viewer, booker = login_as("newcomer"), login_as(member)
    assert "1 place left" in _card(viewer.get("/events/").get_data(as_text=True), "Two seats")
    assert "1 place left" in _card(booker.get("/events/").get_data(as_text=True), "Two seats")
    with app.app_context():
        make_booking(db.session.get(type(event), event_id), member_id)
        db.session.commit()
    assert "Full: waitlist" in _card(viewer.get("/events/").get_data(as_text=True), "Two seats")
    assert "You are booked" in _card(booker.get("/events/").get_data(as_text=True), "Two seats")
    with app.app_context():
        booking = db.session.query(Booking).filter_by(event_id=event_id, user_id=member_id).one()
        booking.status = "cancelled"
        db.session.commit()
    assert "1 place left" in _card(viewer.get("/events/").get_data(as_text=True), "Two seats")
    assert "1 place left" in _card(booker.get("/events/").get_data(as_text=True), "Two seats")


def test_waitlisted_viewer_sees_it_and_others_do_not(app, login_as):
    with app.app_context():
        event = make_event(title="Busy one", capacity=1)
        make_booking(event)
        waiting = make_user()
        make_booking(event, waiting, status="waitlisted")
        db.session.commit()
    assert "You are on the waitlist" in _card(login_as(waiting).get("/events/").get_data(as_text=True), "Busy one")
    other = _card(login_as("newcomer").get("/events/").get_data(as_text=True), "Busy one")
    assert "waitlist" in other and "You are" not in other


def test_cards_name_the_host_as_members_see_them_and_mark_cancelled_events(app, client):
    with app.app_context():
        named = make_user(role="rep", full_name="Farah Legal-Name", display_name="Dr Farah")
        plain = make_user(role="rep", full_name="Tunde Fullname", display_name="")
        make_event(host=named, title="Named host")
        make_event(host=plain, title="Plain host")
        make_event(title="Called off", status="cancelled", capacity=5)
        db.session.commit()
    page = client.get("/events/").get_data(as_text=True)
    assert "Host: Dr Farah" in _card(page, "Named host") and "Legal-Name" not in page
    assert "Host: Tunde Fullname" in _card(page, "Plain host")
    assert "Cancelled" in _card(page, "Called off") and "places left" not in _card(page, "Called off")


def test_a_host_who_renames_themself_is_shown_by_the_new_name_on_the_next_request(app, client):
    from softlanding.blueprints.profiles.models import Profile

    with app.app_context():
        host = make_user(role="rep", full_name="Grace Legal", display_name="Dr Grace")
        make_event(host=host, title="Renamed host")
        host_id = host.id
        db.session.commit()
    assert "Host: Dr Grace" in _card(client.get("/events/").get_data(as_text=True), "Renamed host")
    with app.app_context():
        db.session.scalar(db.select(Profile).where(Profile.user_id == host_id)).display_name = "Dr Grace A."
        db.session.commit()
    assert "Host: Dr Grace A." in _card(client.get("/events/").get_data(as_text=True), "Renamed host")


def test_an_event_written_behind_the_kept_host_list_still_names_its_host(app, client):
    """Another instance's new event is seen before this worker's next stamp: its host is read, not missing."""
    from sqlalchemy import update

    from softlanding.blueprints.events.models import Event

    with app.app_context():
        first = make_user(role="rep", full_name="Kept Host", display_name="")
        second = make_user(role="rep", full_name="New Host", display_name="")
        event = make_event(host=first, title="Handed over")
        event_id, second_id = event.id, second.id
        db.session.commit()
    assert "Host: Kept Host" in _card(client.get("/events/").get_data(as_text=True), "Handed over")
    with app.app_context():  # a Core UPDATE on a connection of its own bumps no stamp, as on another instance
        with db.engine.begin() as conn:
            conn.execute(update(Event).where(Event.id == event_id).values(host_id=second_id))
    assert "Host: New Host" in _card(client.get("/events/").get_data(as_text=True), "Handed over")


def test_past_events_latest_first_and_deep_pages_counted(app, client):
    with app.app_context():
        host = make_user(role="rep")
        for i in range(5):
            make_event(host=host, title=f"Past {i}", starts_in=timedelta(days=-10 + i))
        db.session.commit()
    app.config["ITEMS_PER_PAGE"] = 2
    try:
        first = client.get("/events/?when=past").get_data(as_text=True)
        last = client.get("/events/?when=past&page=3").get_data(as_text=True)
    finally:
        app.config["ITEMS_PER_PAGE"] = 20
    assert first.index("Past 4") < first.index("Past 3") and "Past 2" not in first
    assert "Past 0" in last and "Page 3 of 3" in last and "5 events found" in last


def test_a_page_past_the_end_still_counts_the_events(app, client):
    with app.app_context():
        host = make_user(role="rep")
        for name in ("alpha", "bravo", "charlie"):
            make_event(host=host, title=f"Soon {name}")
        db.session.commit()
    page = client.get("/events/?page=9").get_data(as_text=True)
    assert "3 events found" in page and "Soon alpha" not in page
    assert "1 event found" in client.get("/events/?q=bravo").get_data(as_text=True)


def _found(page):
    return page.split(' role="status">', 1)[1].split(" event", 1)[0]


def test_the_pagers_total_follows_new_events_and_the_clock(app, client):
    """The total is kept between requests, yet a new event counts at once, and an event that ends moves
    from the upcoming total to the past one as soon as it is over."""
    import time

    from softlanding.core.db import utcnow

    with app.app_context():
        host = make_user(role="rep")
        for n in range(21):
            make_event(host=host, title=f"Webinar {n}", starts_in=timedelta(days=n + 1))
        make_event(host=host, title="Ending now", starts_at=utcnow() - timedelta(hours=1),
                   ends_at=utcnow() + timedelta(seconds=2))
        make_event(host=host, title="Long past", days_ago=3)
        db.session.commit()
        host_id = host.id
    # Two pages upcoming, so the total is counted (and kept); one past event.
    assert _found(client.get("/events/").get_data(as_text=True)) == "22"
    assert _found(client.get("/events/?when=past").get_data(as_text=True)) == "1"
    with app.app_context():
        make_event(host=host_id, title="Added later", starts_in=timedelta(days=30))
        db.session.commit()
    assert _found(client.get("/events/").get_data(as_text=True)) == "23"
    time.sleep(2.2)
    assert _found(client.get("/events/").get_data(as_text=True)) == "22"
    assert _found(client.get("/events/?when=past").get_data(as_text=True)) == "2"


def test_each_card_links_to_its_event_page(app, client):
    with app.app_context():
        event_id = make_event(title="Linked card").id
        db.session.commit()
    page = client.get("/events/").get_data(as_text=True)
    href = page[:page.index(">Linked card</a>")].rsplit('href="', 1)[1].rstrip('"')
    assert href == f"/events/{event_id}"
    assert ">Linked card</h1>" in client.get(href).get_data(as_text=True).replace("<h1>", ">")
