"""Suggested themes: deterministic, k from 3 to 10, nothing coded without acceptance, decisions logged."""

import random
import re

import pytest
from sqlalchemy import func, select

from softlanding.blueprints.analysis.models import Code, Coding, SuggestionDecision
from softlanding.core.extensions import db
from softlanding.lib import topics as themes
from tests.analysis import ref
from tests.factories import make_analysis_survey, make_event, make_response

TOPICS = {
    "portfolio": "portfolio arcp evidence kaizen supervisor reflection eportfolio",
    "interview": "interview mock station questions panel practice nerves",
    "exam": "exam mrcpch revision theory clinical akp papers",
    "culture": "culture nhs colleagues communication hierarchy teamwork",
}


def corpus(n=120, seed=3):
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        words = TOPICS[list(TOPICS)[i % 4]].split()
        texts.append(" ".join(rng.choice(words) for _ in range(9)) + ".")
    return texts


def test_suggest_is_deterministic_and_finds_the_topics():
    texts = corpus()
    first, second = themes.suggest(texts, k=4), themes.suggest(texts, k=4)
    assert [(s.top_terms, s.members, s.typical) for s in first] == [(s.top_terms, s.members, s.typical) for s in second]
    found = {frozenset(s.top_terms[:3]) for s in first}
    for words in TOPICS.values():
        assert any(terms <= set(words.split()) for terms in found), words
    assert sum(len(s.members) for s in first) == len(texts)
    assert all(len(s.typical) == 3 for s in first)


@pytest.mark.parametrize("k", [2, 11])
def test_k_outside_3_to_10_is_refused(k):
    with pytest.raises(ValueError):
        themes.suggest(corpus(), k=k)


def test_too_few_texts_give_no_suggestions():
    assert themes.suggest(["one answer", "two answers"], k=3) == []


def _seed(app):
    with app.app_context():
        survey = make_analysis_survey(make_event(title="Portfolio and interviews", days_ago=30))
        for text in corpus(60):
            make_response(survey, text, rating=5)
        db.session.commit()


def _signatures(html):
    return re.findall(r"/analysis/suggestions/([0-9a-f]{32})/accept", html)


def _items(html):
    """[(value, checked, weight %)] of the review page's checkboxes, in page order."""
    found = re.findall(r'name="items" id="item-[a-z2-7]{26}" value="([a-z2-7]{26})"( checked)?>\s*<label[^>]*>'
                       r'<span class="weight">(\d+)%</span>', html)
    return [(value, bool(checked), int(weight)) for value, checked, weight in found]


def _mixed(app, n=12):
    """Answers that mix two topics: they belong to a theme only weakly."""
    rng = random.Random(9)
    with app.app_context():
        survey = make_analysis_survey(make_event(title="Mixed", days_ago=20))
        for _ in range(n):
            words = TOPICS["portfolio"].split() + TOPICS["interview"].split()
            make_response(survey, " ".join(rng.choice(words) for _ in range(12)) + ".", rating=4)
        db.session.commit()


def test_review_ranks_by_weight_ticks_only_strong_matches_and_confirms_the_count(app, login_as):
    _seed(app)
    _mixed(app)
    client = login_as("organiser")
    signatures = _signatures(client.get("/analysis/suggestions?k=4").get_data(as_text=True))
    assert len(signatures) == 4
    pages = {sig: client.get(f"/analysis/suggestions/{sig}/accept?k=4").get_data(as_text=True) for sig in signatures}
    sig, review = next((sig, html) for sig, html in pages.items()
                       if any(not checked for _, checked, _ in _items(html)))
    items = _items(review)
    weights = [w for _, _, w in items]
    strong = [v for v, checked, w in items if checked]
    weaker = [v for v, checked, w in items if not checked]
    assert strong and weaker and "Weaker matches" in review
    # Strong matches first, each list strongest first; only those of at least 60% start ticked.
    assert all(w >= 60 for _, checked, w in items if checked) and all(w < 60 for _, checked, w in items if not checked)
    assert weights[:len(strong)] == sorted(weights[:len(strong)], reverse=True)
    assert weights[len(strong):] == sorted(weights[len(strong):], reverse=True)
    url = f"/analysis/suggestions/{sig}/accept?k=4"
    form = {"name": "Portfolio worries", "colour": "#0b5563", "items": strong}
    everything = client.post(url, data={**form, "tick": "all"}).get_data(as_text=True)
    assert all(checked for _, checked, _ in _items(everything)) and len(_items(everything)) == len(items)
    assert not any(checked for _, checked, _ in _items(client.post(url, data={**form, "tick": "none"})
                                                       .get_data(as_text=True)))
    chosen = strong[:-1] + weaker[:1]
    confirm = client.post(url, data={**form, "items": chosen}).get_data(as_text=True)
    assert f"code {len(chosen)} answers" in confirm
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding)) == 0  # not before confirming
    r = client.post(url, data={**form, "items": chosen, "confirmed": "1"})
    assert r.status_code == 302
    with app.app_context():
        code = db.session.scalar(select(Code).where(Code.name == "Portfolio worries"))
        coded = set(db.session.scalars(select(Coding.answer_id).where(Coding.code_id == code.id)))
        assert {ref(app, "answer", i) for i in coded} == set(chosen)
        log = db.session.scalars(select(SuggestionDecision)).all()
        assert [(d.decision, d.answer_count, d.code_id, d.decided_by_id, d.scope) for d in log] == [
            ("accepted", len(chosen), code.id, client.user_id, {"source": "surveys"})]
        assert log[0].decided_at is not None
    # The accepted suggestion is not offered again, and its review page says it was accepted.
    after = client.get("/analysis/suggestions?k=4").get_data(as_text=True)
    assert sig not in _signatures(after) and len(_signatures(after)) == 3 and "already accepted or dismissed" in after
    again = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert "already been accepted" in again
    log_page = client.get("/analysis/suggestions/log").get_data(as_text=True)
    assert "accepted" in log_page and "Portfolio worries" in log_page and f">{len(chosen)}<" in log_page


def test_an_answer_not_shown_for_review_cannot_be_slipped_in(app, login_as):
    _seed(app)
    client = login_as("organiser")
    signatures = _signatures(client.get("/analysis/suggestions?k=4").get_data(as_text=True))
    other = client.get(f"/analysis/suggestions/{signatures[1]}/accept?k=4").get_data(as_text=True)
    foreign = [v for v, _, _ in _items(other)][:1]
    for extra in ({}, {"confirmed": "1"}):
        r = client.post(f"/analysis/suggestions/{signatures[2]}/accept?k=4",
                        data={"name": "Sneaky", "colour": "#0b5563", "items": foreign, **extra})
        assert r.status_code == 200 and "not among those shown" in r.get_data(as_text=True)
    assert client.post(f"/analysis/suggestions/{signatures[2]}/accept?k=4",
                       data={"name": "Bad", "colour": "#0b5563", "items": ["answer:1"]}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Code)) == 0


def test_suggestions_run_over_the_filters_chosen_on_the_suggestions_page(app, login_as):
    _seed(app)
    with app.app_context():
        survey = make_analysis_survey(make_event(title="Other", days_ago=10))
        for text in corpus(40, seed=5):
            make_response(survey, None, next_topics=text)
        db.session.commit()
    client = login_as("organiser")
    page = client.get("/analysis/suggestions").get_data(as_text=True)
    assert 'name="question"' in page and 'name="uncoded"' in page  # the filter form is on the page itself
    everything = client.get("/analysis/suggestions?k=4").get_data(as_text=True)
    assert "Over 100 answers" in everything
    one = client.get("/analysis/suggestions?k=4&question=What+topics+next%3F").get_data(as_text=True)
    assert "Over 40 answers" in one and "question “What topics next?”" in one
    sig = _signatures(one)[0]
    client.post(f"/analysis/suggestions/{sig}/dismiss?k=4&question=What+topics+next%3F")
    with app.app_context():
        assert db.session.scalar(select(SuggestionDecision.scope)) == {"source": "surveys",
                                                                       "question": "What topics next?"}


def test_rename_and_dismiss_are_logged_and_code_nothing(app, login_as):
    _seed(app)
    client = login_as("organiser")
    signatures = _signatures(client.get("/analysis/suggestions?k=3").get_data(as_text=True))
    r = client.post(f"/analysis/suggestions/{signatures[0]}/rename?k=3", data={"name": "Getting through ARCP"},
                    follow_redirects=True)
    assert "Getting through ARCP" in r.get_data(as_text=True)
    r = client.post(f"/analysis/suggestions/{signatures[1]}/dismiss?k=3", follow_redirects=True)
    assert len(_signatures(r.get_data(as_text=True))) == 2  # the dismissed one is no longer shown
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding)) == 0
        assert db.session.scalar(select(func.count()).select_from(Code)) == 0
        assert [d.decision for d in db.session.scalars(select(SuggestionDecision).order_by(SuggestionDecision.id))] == [
            "renamed", "dismissed"]


def test_bad_k_and_signatures(app, login_as):
    client = login_as("organiser")
    r = client.get("/analysis/suggestions?k=12")
    assert r.status_code == 200 and "from 3 to 10" in r.get_data(as_text=True)
    assert client.get("/analysis/suggestions/nothex/accept?k=4").status_code == 404
    assert client.get(f"/analysis/suggestions/{'a' * 32}/accept?k=99").status_code == 400
    r = client.get(f"/analysis/suggestions/{'a' * 32}/accept?k=4", follow_redirects=True)
    assert "no longer there" in r.get_data(as_text=True)
