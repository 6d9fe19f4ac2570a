"""The feeds' shared cache: validators that change with what a feed shows, 304s without the database,
and the public feed rendered once per change (not once per request), shared across workers."""



from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.calendar import feeds as calendar
from softlanding.blueprints.events.models import Event
from softlanding.core import stamps
from softlanding.core.extensions import db
from tests.factories import commit_ids, make_booking, make_event


def _token_for(app, user_id):
    with app.app_context():
        token = calendar.reset_feed_token(db.session.get(User, user_id))
        db.session.commit()
    return token


def test_renaming_a_booked_event_changes_the_personal_feeds_etag(app, client, login_as):
    me = login_as("newcomer")
    with app.app_context():
        event = make_event(title="ARCP clinic")
        make_booking(event, me.user_id)
        event_id = commit_ids(event)
    token = _token_for(app, me.user_id)
    first = client.get(f"/calendar/{token}.ics")
    assert client.get(f"/calendar/{token}.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    with app.app_context():
        db.session.get(Event, event_id).title = "ARCP clinic (moved online)"
        db.session.commit()
    renamed = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert renamed.status_code == 200 and renamed.headers["ETag"] != first.headers["ETag"]
    assert b"ARCP clinic (moved online)" in renamed.data


def test_a_repeated_304_runs_no_query(app, client, count_queries, login_as):
    me = login_as("newcomer")
    with app.app_context():
        make_booking(make_event(), me.user_id)
        commit_ids(make_event())
    token = _token_for(app, me.user_id)
    public = client.get("/events/feed.ics").headers["ETag"]
    personal = client.get(f"/calendar/{token}.ics").headers["ETag"]
    anonymous = app.test_client()
    with count_queries(warm=True) as counter:
        assert anonymous.get("/events/feed.ics", headers={"If-None-Match": public}).status_code == 304
        assert anonymous.get(f"/calendar/{token}.ics", headers={"If-None-Match": personal}).status_code == 304
    assert counter.count == 0


def test_the_public_feed_is_rendered_once_per_change(app, monkeypatch):
    with app.app_context():
        event_id = commit_ids(make_event(title="Induction"))
    calls = []
    real = calendar.render_feed

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(calendar, "render_feed", counting)
    client = app.test_client()
    bodies = [client.get("/events/feed.ics").data for _ in range(3)]
    assert len(calls) == 1 and bodies[0] == bodies[1] == bodies[2] and b"Induction" in bodies[0]
    with app.app_context():
        db.session.get(Event, event_id).title = "Induction day"
        db.session.commit()
    changed = client.get("/events/feed.ics")
    assert len(calls) == 2 and b"Induction day" in changed.data


def test_a_booking_leaves_the_public_feeds_validator_alone_and_a_rolled_back_change_bumps_nothing(app, client):
    with app.app_context():
        event_id = commit_ids(make_event())
    etag = client.get("/events/feed.ics").headers["ETag"]
    with app.app_context():
        stamp = stamps.get_cache().store.stamp("public")
        user = User(full_name="Rolled Back", email="rb@example.org", password_hash="x")
        db.session.add(user)
        db.session.get(Event, event_id).title = "Never saved"
        db.session.flush()
        db.session.rollback()
        assert stamps.get_cache().store.stamp("public") == stamp
    assert client.get("/events/feed.ics", headers={"If-None-Match": etag}).status_code == 304


def test_validators_never_come_from_future_timestamps(app, client):
    """An event stamped an hour ahead of the clock neither becomes Last-Modified nor hides a later change."""
    from datetime import timedelta

    from softlanding.core.db import utcnow

    with app.app_context():
        ahead, other = make_event(title="Skewed"), make_event(title="Webinar")
        ids = commit_ids(ahead, other)
        db.session.execute(db.update(Event).where(Event.id == ids[0]).values(updated_at=utcnow() + timedelta(hours=1)))
        db.session.commit()
    first = client.get("/events/feed.ics")
    modified = first.last_modified
    assert modified is not None and modified <= utcnow()
    with app.app_context():
        db.session.get(Event, ids[1]).title = "Webinar (new time)"
        db.session.commit()
    changed = client.get("/events/feed.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and b"Webinar (new time)" in changed.data


def test_a_personal_feed_is_built_once_per_change_and_never_leaves_the_process(app, client, login_as, monkeypatch):
    me = login_as("newcomer")
    with app.app_context():
        event = make_event(title="Kaizen walkthrough")
        make_booking(event, me.user_id)
        event_id = commit_ids(event)
    token = _token_for(app, me.user_id)
    calls = []
    real = calendar.personal_feed_bytes

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(calendar, "personal_feed_bytes", counting)
    bodies = [client.get(f"/calendar/{token}.ics").data for _ in range(3)]
    assert len(calls) == 1 and bodies[0] == bodies[2] and b"Kaizen walkthrough" in bodies[0]
    with app.app_context():
        store = stamps.get_cache().store
        assert isinstance(store, stamps.FileStore)  # the tests' store: one folder, easy to look through
        assert not any(token in path.name for path in store.folder.iterdir())
        db.session.get(Event, event_id).title = "Kaizen walkthrough (new room)"
        db.session.commit()
    assert b"Kaizen walkthrough (new room)" in client.get(f"/calendar/{token}.ics").data and len(calls) == 2
