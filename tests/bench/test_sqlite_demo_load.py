"""The SQLite section loads the demo as its own members would (bench/http/sqlite.py demo_seeded)."""

from bench.http.seed import PASSWORD
from bench.http.sqlite import demo_seeded
from softlanding.core.demo import seed
from softlanding.core.extensions import db


def test_the_demo_gives_the_load_its_members_events_and_a_personal_feed(app):
    with app.app_context():
        seed(PASSWORD)
        db.session.commit()
    seeded = demo_seeded(app)
    client = app.test_client()
    assert client.get(f"/calendar/{seeded.feed_token}.ics").status_code == 200
    assert client.get(f"/events/{seeded.event_id}").status_code == 200
    assert client.get(f"/events/?page={seeded.deep_page}").status_code == 200
    assert seeded.deep_page >= 2 and len(seeded.bookable_event_ids) >= 5 and len(seeded.newcomer_emails) >= 10
    for email in (seeded.organiser_email, seeded.waiting_email, seeded.newcomer_emails[0]):
        member = app.test_client()
        answer = member.post("/account/login", data={"email": email, "password": PASSWORD})
        assert answer.status_code == 302 and "/account/login" not in answer.headers["Location"], email
    waiting = app.test_client()
    waiting.post("/account/login", data={"email": seeded.waiting_email, "password": PASSWORD})
    assert waiting.get("/mentoring/").status_code == 200
