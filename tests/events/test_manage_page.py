"""The "Events I run" page: what a host and an organiser see, and what it costs the database."""

import re
from datetime import UTC, datetime, timedelta

from softlanding.core.extensions import db
from tests.factories import add_cohost, count_queries, make_event, make_user

BASE = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


def _titles(html, section):
    """The event titles listed under a heading of the page, in order."""
    part = html.split(f"<h2>{section}</h2>", 1)[1].split("<h2>", 1)[0]
    return re.findall(r'<a href="/events/\d+">([^<]+)</a>', part)


def test_a_host_sees_their_own_and_co_hosted_events_latest_first_with_their_states(app, login_as):
    with app.app_context():
        rep, other = make_user(role="rep"), make_user(role="rep")
        make_event(host=rep, status="draft", title="Returned draft", starts_at=BASE, review_comment="Add a speaker")
        make_event(host=rep, status="submitted", title="Sent for review", starts_at=BASE + timedelta(days=1))
        make_event(host=rep, status="cancelled", title="Called off", starts_at=BASE + timedelta(days=2))
        add_cohost(make_event(host=other, title="Shared clinic", starts_at=BASE + timedelta(days=3)), rep)
        make_event(host=other, title="Not mine", starts_at=BASE + timedelta(days=4))
        db.session.commit()
    html = login_as(rep).get("/events/manage").get_data(as_text=True)
    assert _titles(html, "Hosted by me") == ["Shared clinic", "Called off", "Sent for review", "Returned draft"]
    assert "Waiting for review</h2>" not in html  # a rep reviews nothing
    for shown in ("Published", "Cancelled", "Waiting for review", "Draft (returned with a comment)"):
        assert f"<td>{shown}</td>" in html


def test_a_long_list_is_paged_and_every_event_is_on_exactly_one_page(app, login_as):
    per_page = app.config["ITEMS_PER_PAGE"]
    with app.app_context():
        rep = make_user(role="rep")
        for n in range(per_page + 3):  # two share a start time: the order between them must still be fixed
            make_event(host=rep, title=f"Session {n}", starts_at=BASE + timedelta(days=min(n, per_page)))
        db.session.commit()
    client = login_as(rep)
    first = client.get("/events/manage").get_data(as_text=True)
    second = client.get("/events/manage?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    listed = _titles(first, "Hosted by me") + _titles(second, "Hosted by me")
    assert sorted(listed) == sorted(f"Session {n}" for n in range(per_page + 3))


def test_an_organiser_sees_what_waits_for_review_soonest_first_with_the_hosts_shown_names(app, login_as):
    with app.app_context():
        named = make_user(role="rep", full_name="Rana Haddad", display_name="Rana")
        unnamed = make_user(role="rep", full_name="Obi Nwosu", display_name="")
        make_event(host=unnamed, status="submitted", title="Later one", starts_at=BASE + timedelta(days=9))
        make_event(host=named, status="submitted", title="Sooner one", starts_at=BASE + timedelta(days=1))
        make_event(host=named, status="draft", title="Still a draft", starts_at=BASE)
        db.session.commit()
    html = login_as("organiser").get("/events/manage").get_data(as_text=True)
    assert _titles(html, "Waiting for review")[-2:] == ["Sooner one", "Later one"]
    assert "· by Rana</span>" in html and "· by Obi Nwosu</span>" in html and "Still a draft" not in html


def test_the_page_costs_the_same_few_statements_however_many_events_it_lists(app, login_as):
    client = login_as("organiser")
    organiser_id = client.user_id
    counts = []
    for more in (1, 1, 20, 20):
        with app.app_context():
            for _ in range(more):
                make_event(host=organiser_id)
                make_event(status="submitted")
            db.session.commit()
        counts.append((count_queries(app, client, "/events/manage"),
                       count_queries(app, client, "/events/manage", warm=True)))
    # A full first page also counts the total, for the pager; nothing else grows with the lists.
    assert counts[1] == counts[0] and counts[3] == counts[2] == (counts[0][0] + 1, counts[0][1] + 1)
    # Once the worker holds what it keeps under change stamps (the signed-in account among them): the hosted
    # page and the review list (and SQLite's BEGIN, sent as a statement of its own).
    assert counts[0][1] == (3 if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else 2)
