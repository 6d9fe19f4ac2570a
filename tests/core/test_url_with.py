"""url_with: the current URL with query arguments changed, whatever query string someone typed."""

import pytest

from softlanding.core.templating import url_with


def test_changes_one_argument_and_keeps_the_others(app):
    with app.test_request_context("/events/?format=online&page=3"):
        assert url_with(page=None) == "/events/?format=online"
        assert url_with(when="past", page=None) == "/events/?format=online&when=past"


@pytest.mark.parametrize("query", ["_anchor=x", "_method=POST", "_scheme=javascript", "_external=1",
                                   "_external=1&_scheme=javascript"])
def test_arguments_named_like_url_for_keywords_are_left_out(client, query):
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    assert 'href="/events/?when=past"' in response.get_data(as_text=True)


def test_an_argument_named_like_a_view_argument_is_left_out(app):
    with app.test_request_context("/events/7?event_id=8&page=2"):
        assert url_with(page=None) == "/events/7"
