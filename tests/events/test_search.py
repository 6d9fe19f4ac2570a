"""Search finds events by title, description, venue, category and exam-component labels and host names,
every word typed counting, on SQLite (LIKE) and PostgreSQL (full-text search on the GIN index)."""

import pytest

from softlanding.core.extensions import db
from tests.factories import add_cohost, count_queries, make_event, make_user

TITLES = ("Portfolio clinic", "Mock stations", "Exam night", "Welcome day", "Hosted talk", "اردو ویبینار")


def _found(client, q):
    page = client.get("/events/", query_string={"q": q}).get_data(as_text=True)
    return {t for t in TITLES if t in page}


@pytest.fixture
def events(app):
    with app.app_context():
        amina = make_user(role="rep", full_name="Amina Okonkwo-Rahman")
        other = make_user(role="rep", full_name="Peter Smith")
        make_event(host=other, title="Portfolio clinic", category="eportfolio")  # label: E-portfolio (Kaizen)
        make_event(host=other, title="Mock stations", category="mock_interview", interview_level="st3")
        make_event(host=other, title="Exam night", category="mrcpch", exam_component="tas")
        make_event(host=other, title="Welcome day", category="induction", format="in_person",
                   venue="St James's University Hospital, Leeds", join_link="",
                   description_html="<p>Bring your <strong>GMC</strong> letter.\nRota questions welcome.</p>")
        talk = make_event(host=other, title="Hosted talk", category="other")
        add_cohost(talk, amina)
        make_event(host=amina, title="اردو ویبینار", category="wellbeing_culture",
                   description_html="<p>گفتگو 🌙 wellbeing</p>")
        db.session.commit()


@pytest.mark.parametrize("q,expected", [
    ("Kaizen", {"Portfolio clinic"}),                        # category label
    ("leeds", {"Welcome day"}),                              # venue
    ("gmc letter", {"Welcome day"}),                         # description, two words
    ("Theory and Science", {"Exam night"}),                  # exam component label
    ("mock interviews", {"Mock stations"}),                  # category label, not the code
    ("Amina", {"Hosted talk", "اردو ویبینار"}),              # host and co-host
    ("okonkwo wellbeing", {"اردو ویبینار"}),                 # host name and category together
    ("اردو", {"اردو ویبینار"}),                              # right-to-left title
    ("leeds kaizen", set()),                                 # every word must match
    ("mock_interview", set()),                               # internal codes are not searchable
    ("100%", set()),
])
def test_search_covers_every_field(events, client, q, expected):
    assert _found(client, q) == expected


def test_search_keeps_the_listing_query_count(events, app, client):
    plain = count_queries(app, client, "/events/")
    searched = count_queries(app, client, "/events/?q=amina+wellbeing")
    # From a cold start the hosts' names are read once (then kept until a host or an event changes);
    # in a worker that has served a search before, searching costs no query more than the plain listing.
    assert searched <= plain + 1
    client.get("/events/")
    assert (count_queries(app, client, "/events/?q=amina+wellbeing", warm=True)
            <= count_queries(app, client, "/events/", warm=True))


def test_a_host_who_changes_their_name_is_found_by_it_on_the_next_search(events, app, client):
    from softlanding.blueprints.accounts.models import User

    assert _found(client, "Okafor") == set()
    with app.app_context():
        peter = db.session.scalar(db.select(User).where(User.full_name == "Peter Smith"))
        peter.full_name = "Peter Okafor"
        db.session.commit()
    assert _found(client, "Okafor") == {"Portfolio clinic", "Mock stations", "Exam night", "Welcome day",
                                        "Hosted talk"}


def test_a_word_the_chosen_category_implies_is_not_tested_again_and_finds_the_same(app, client):
    from softlanding.blueprints.events.search import search_terms

    with app.app_context():
        make_event(title="Portfolio clinic", category="eportfolio")  # label: E-portfolio (Kaizen)
        make_event(title="Kaizen tips", category="other")
        make_event(title="Kaizen night", category="eportfolio")
        db.session.commit()

    def found(**args):
        page = client.get("/events/", query_string=args).get_data(as_text=True)
        return {t for t in ("Portfolio clinic", "Kaizen tips", "Kaizen night") if t in page}

    assert found(q="kaizen") == {"Portfolio clinic", "Kaizen tips", "Kaizen night"}
    assert found(q="kaizen", category="eportfolio") == {"Portfolio clinic", "Kaizen night"}
    assert found(q="kaizen", category="other") == {"Kaizen tips"}           # matched by its title
    assert found(q="kaizen night", category="eportfolio") == {"Kaizen night"}  # the other word still counts
    assert found(q="kaizen tips", category="eportfolio") == set()
    with app.test_request_context():
        assert [t[0] for t in search_terms("Kaizen night", {"category": "eportfolio"})] == ["night"]
        assert [t[0] for t in search_terms("Kaizen night", {})] == ["Kaizen", "night"]
