"""Suggested themes: deterministic, k from 3 to 10, nothing coded without acceptance, decisions logged."""

import random
import re

import pytest
from sqlalchemy import func, select

from softlanding.blueprints.analysis.models import Code, Coding, SuggestionDecision
from softlanding.core.extensions import db
from softlanding.lib import topics as themes
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


def test_accept_after_review_codes_only_the_ticked_answers_and_logs_it(app, login_as):
    _seed(app)
    client = login_as("organiser")
    page = client.get("/analysis/suggestions?k=4").get_data(as_text=True)
    assert "Top terms:" in page and "Covers" in page and "Typical answers" in page
    signatures = _signatures(page)
    assert len(signatures) == 4
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding)) == 0  # suggesting codes nothing
    review = client.get(f"/analysis/suggestions/{signatures[0]}/accept?k=4").get_data(as_text=True)
    items = re.findall(r'name="items" id="item-\d+" value="(answer:\d+)"', review)
    assert len(items) == 15
    r = client.post(f"/analysis/suggestions/{signatures[0]}/accept?k=4",
                    data={"name": "Portfolio worries", "colour": "#0b5563", "items": items[:10]})
    assert r.status_code == 302
    with app.app_context():
        code = db.session.scalar(select(Code).where(Code.name == "Portfolio worries"))
        coded = set(db.session.scalars(select(Coding.answer_id).where(Coding.code_id == code.id)))
        assert coded == {int(i.split(":")[1]) for i in items[:10]}
        log = db.session.scalars(select(SuggestionDecision)).all()
        assert [(d.decision, d.answer_count, d.code_id, d.decided_by_id) for d in log] == [
            ("accepted", 10, code.id, client.user_id)]
    # An answer that was not shown for review cannot be slipped in.
    other = client.get(f"/analysis/suggestions/{signatures[1]}/accept?k=4").get_data(as_text=True)
    foreign = [i for i in re.findall(r'value="(answer:\d+)"', other)][:1]
    r = client.post(f"/analysis/suggestions/{signatures[2]}/accept?k=4",
                    data={"name": "Sneaky", "colour": "#0b5563", "items": foreign})
    assert r.status_code == 200 and "not among those shown" in r.get_data(as_text=True)
    log_page = client.get("/analysis/suggestions/log").get_data(as_text=True)
    assert "accepted" in log_page and "Portfolio worries" in log_page


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
