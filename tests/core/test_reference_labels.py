"""Reference-list labels are read once per request: pages with many labelled rows do not query per row."""

from softlanding.core import reference
from softlanding.core.extensions import db
from softlanding.core.models import RefOption
from tests.factories import QueryCounter, make_user
from tests.factories.events import make_booking, make_event
from tests.factories.mentoring import make_mentor


def RefOptionQueries(engine, app=None):  # noqa: N802  (reads like the counter class it returns)
    """Counts only the statements that read reference lists (from a cold start, given the app)."""
    return QueryCounter(engine, touching="ref_option", app=app)


def _attendees_page(app, login_as, attendees):
    with app.app_context():
        host = make_user(role="rep")
        event = make_event(host=host)
        for n in range(attendees):
            make_booking(event, make_user(career_stage=("st1_4", "st5_7", "sas")[n % 3]))
        db.session.commit()
        event_id, engine = event.id, db.engine
    client = login_as(host)
    with RefOptionQueries(engine) as queries:
        response = client.get(f"/events/{event_id}/attendees")
    assert response.status_code == 200
    return response.get_data(as_text=True), queries.count


def test_attendee_list_reads_reference_labels_once_whatever_its_length(app, login_as):
    few_page, few = _attendees_page(app, login_as, 2)
    many_page, many = _attendees_page(app, login_as, 15)
    assert few <= 1 and many <= 1, (few, many)
    # The labels are really there, not codes.
    with app.app_context():
        stage = db.session.scalar(db.select(RefOption.label).where(RefOption.kind == "career_stage",
                                                                    RefOption.code == "st5_7"))
    assert stage in many_page and "st5_7" not in many_page


def _directory_queries(app, login_as, reps):
    with app.app_context():
        for n in range(reps):
            make_mentor(region=("london", "wales")[n % 2], subspecialties=["neonatology"])
        db.session.commit()
        engine = db.engine
    client = login_as("newcomer")
    with RefOptionQueries(engine, app) as queries:
        response = client.get("/mentoring/directory")
    assert response.status_code == 200
    return queries.count


def test_rep_directory_reads_labels_in_a_constant_number_of_queries(app, login_as):
    few = _directory_queries(app, login_as, 2)
    many = _directory_queries(app, login_as, 12)
    # The filter menus and every label on every row (region, sub-specialty, help topics) come from one
    # query that reads every list, made once per change of the lists (a cold worker here).
    assert few == many == 1, (few, many)


def test_labels_are_fresh_in_each_request_and_after_an_organiser_adds_an_option(app):
    with app.app_context():
        with app.test_request_context("/"):
            assert reference.label("region", "orkney") == "orkney"  # unknown code reads as itself
            reference.add_option("region", "orkney", "Orkney")
            assert reference.label("region", "orkney") == "Orkney"  # same request, list changed
        db.session.commit()
        option = db.session.scalar(db.select(RefOption).where(RefOption.code == "orkney"))
        with app.test_request_context("/"):
            assert reference.label("region", "orkney") == "Orkney"
        # Changed behind the cache's back (another worker): the next request sees it.
        db.session.execute(db.update(RefOption).where(RefOption.id == option.id).values(label="Orkney Isles"))
        db.session.commit()
        with app.test_request_context("/"):
            assert reference.label("region", "orkney") == "Orkney Isles"


def test_hidden_options_keep_their_labels_and_languages_read_by_name(app):
    with app.app_context(), app.test_request_context("/"):
        option = db.session.scalar(db.select(RefOption).where(RefOption.kind == "region"))
        option.active = False
        db.session.flush()
        assert reference.label("region", option.code) == option.label
        assert option.code not in dict(reference.choices("region"))
        assert reference.label("language", "fr") == "French"
        db.session.rollback()
