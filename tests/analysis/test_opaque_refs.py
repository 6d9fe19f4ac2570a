"""No raw answer ids anywhere in the analysis area (issue 12 item 4): every text is named by an opaque
reference in URLs, anchors, form fields and redirects, and coding still works through it."""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from sqlalchemy import func, select, text

from softlanding.blueprints.analysis.models import Coding, Memo, Sample, SampleItem
from softlanding.blueprints.feedback.models import Answer
from softlanding.core.extensions import db
from tests.analysis import ref
from tests.analysis.test_suggest import corpus
from tests.factories import make_analysis_survey, make_code, make_event, make_response, make_user

OFFSET = 70000  # answer ids moved into a range nothing else on the pages uses, so any leak is unmistakable
ATTRIBUTES = ("href", "id", "name", "value", "action", "for", "aria-labelledby", "aria-describedby", "data-ref")


class Attributes(HTMLParser):
    """Every attribute value of a page (but the CSRF token, which is random)."""

    def __init__(self):
        super().__init__()
        self.values = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("name") == "csrf_token":
            return
        self.values += [(name, value or "") for name, value in attrs if name in ATTRIBUTES]


def leaks(html, ids):
    """The (attribute, value) pairs of a page that carry one of these answer ids."""
    parser = Attributes()
    parser.feed(html)
    pattern = re.compile(r"(?<!\d)(" + "|".join(str(i) for i in ids) + r")(?!\d)")
    return [(name, value) for name, value in parser.values if pattern.search(value)]


def _seed(app):
    with app.app_context():
        second = make_user(role="organiser", full_name="Second Coder")
        survey = make_analysis_survey(make_event(title="Anonymous portfolio evening", days_ago=30), anonymous=True)
        for words in corpus(40):
            make_response(survey, words, submitted_on=datetime(2026, 3, 9, tzinfo=UTC))
        db.session.flush()
        db.session.execute(text(f"UPDATE answer SET id = id + {OFFSET}"))
        db.session.commit()
        ids = list(db.session.scalars(select(Answer.id).where(Answer.text_value.is_not(None))
                                      .order_by(Answer.id)))
        long_ids = [i for i in ids if db.session.get(Answer, i).question.code == "went_well"]
        portfolio, interview = make_code("Portfolio").id, make_code("Interview").id
        db.session.commit()
        return {"ids": ids, "long": long_ids, "portfolio": portfolio, "interview": interview, "second": second.id,
                "second_user": second}


def _first_card(page):
    found = re.search(r'<article class="answer-card" id="text-([a-z2-7]{26})"', page)
    assert found, "no answer card with an opaque anchor"
    return found.group(1)


def test_coding_works_through_opaque_references_and_old_integer_urls_are_404(app, login_as):
    seed = _seed(app)
    client = login_as("organiser")
    page = client.get("/analysis/?q=portfolio").get_data(as_text=True)
    card = _first_card(page)
    assert f'action="/analysis/texts/{card}/codings"' in page
    assert not leaks(page, seed["ids"])
    # Whole answer: the redirect comes back to the card's opaque anchor.
    r = client.post(f"/analysis/texts/{card}/codings", data={"code_ids": [str(seed["portfolio"])],
                                                             "back": "/analysis/?q=portfolio"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"#text-{card}")
    with app.app_context():
        coding = db.session.scalar(select(Coding))
        answer_id = coding.answer_id
        assert ref(app, "answer", answer_id) == card and coding.start_offset is None
        body = db.session.get(Answer, answer_id).text_value
    # Undo takes it off again.
    client.post("/analysis/codings/undo", data={})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding)) == 0
    # A span, then moved to another code.
    client.post(f"/analysis/texts/{card}/codings", data={"code_ids": [str(seed["portfolio"])], "start": "0",
                                                         "end": str(len(body.split()[0]))})
    with app.app_context():
        coding = db.session.scalar(select(Coding))
        assert (coding.answer_id, coding.start_offset, coding.end_offset) == (answer_id, 0, len(body.split()[0]))
        coding_id = coding.id
    client.post(f"/analysis/codings/{coding_id}/move", data={"code_id": str(seed["interview"])})
    with app.app_context():
        assert db.session.get(Coding, coding_id).code_id == seed["interview"]
    # A memo on the text page, which is addressed by the reference too.
    r = client.post(f"/analysis/texts/{card}", data={"body": "Portfolio worry, again"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/analysis/texts/{card}")
    detail = client.get(f"/analysis/texts/{card}").get_data(as_text=True)
    assert "Portfolio worry, again" in detail and not leaks(detail, seed["ids"])
    with app.app_context():
        assert db.session.scalar(select(Memo.answer_id)) == answer_id
    # Old integer URLs and made-up references are a plain 404, never a 500.
    for url in (f"/analysis/texts/answer/{answer_id}", f"/analysis/texts/{answer_id}", "/analysis/texts/" + "a" * 26,
                "/analysis/texts/" + card[:-1] + ("b" if card[-1] != "b" else "c"), "/analysis/texts/%F0%9F%99%82"):
        old = client.get(url)
        assert old.status_code == 404 and "Page not found" in old.get_data(as_text=True), url
    assert client.post(f"/analysis/texts/answer/{answer_id}/codings",
                       data={"code_ids": [str(seed["portfolio"])]}).status_code == 404
    assert client.post(f"/analysis/texts/{answer_id}/codings",
                       data={"code_ids": [str(seed["portfolio"])]}).status_code == 404


def test_no_answer_id_in_any_attribute_of_the_workspace_review_suggestions_and_sample_pages(app, login_as):
    seed = _seed(app)
    client = login_as("organiser")
    with app.app_context():
        for answer_id in seed["long"][:12]:
            db.session.add(Coding(answer_id=answer_id, code_id=seed["portfolio"]))
        db.session.add(Memo(answer_id=seed["long"][0], body="A memo"))
        open_sample = Sample(question="What went well?", percent=20, coder_id=seed["second"])
        done = Sample(question="What went well?", percent=20, coder_id=seed["second"],
                      completed_at=datetime(2026, 4, 1, tzinfo=UTC))
        db.session.add_all([open_sample, done])
        db.session.flush()
        db.session.add_all([SampleItem(sample_id=s.id, answer_id=i) for s in (open_sample, done)
                            for i in seed["long"][8:16]])
        # The second coder disagreed on the finished sample's answers: each disagreement has a resolve form.
        db.session.add_all([Coding(answer_id=i, code_id=seed["interview"], sample_id=done.id)
                            for i in seed["long"][8:16]])
        db.session.commit()
        open_id, done_id = open_sample.id, done.id
    pages = {url: client.get(url) for url in (
        "/analysis/", f"/analysis/?code={seed['portfolio']}", f"/analysis/texts/{ref(app, 'answer', seed['long'][0])}",
        "/analysis/review", f"/analysis/codes/{seed['portfolio']}", "/analysis/suggestions?k=4",
        f"/analysis/samples/{done_id}", "/analysis/samples")}
    signatures = re.findall(r"/analysis/suggestions/([0-9a-f]{32})/accept", pages["/analysis/suggestions?k=4"]
                            .get_data(as_text=True))
    assert signatures
    pages |= {f"accept {sig}": client.get(f"/analysis/suggestions/{sig}/accept?k=4") for sig in signatures}
    second = login_as(seed["second_user"])
    pages["sample code"] = second.get(f"/analysis/samples/{open_id}/code")
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert not leaks(html, seed["ids"]), (name, leaks(html, seed["ids"])[:3])
    # The pages do name the texts, by reference: the review's ticks and the resolve and sample forms post them.
    review = pages[f"accept {signatures[0]}"].get_data(as_text=True)
    assert re.search(r'name="items" id="item-[a-z2-7]{26}" value="[a-z2-7]{26}"', review)
    assert re.search(r'name="ref" value="[a-z2-7]{26}"', pages[f"/analysis/samples/{done_id}"].get_data(as_text=True))
    sample_page = pages["sample code"].get_data(as_text=True)
    action = re.search(rf'action="(/analysis/samples/{open_id}/answers/[a-z2-7]{{26}})"', sample_page).group(1)
    r = second.post(action, data={"code_ids": [str(seed["interview"])]})
    assert r.status_code == 302 and "#sample-answer-" in r.headers["Location"]
    assert not re.search(r"\d{5}", r.headers["Location"].split("#")[1])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding).where(Coding.sample_id == open_id)) == 1
    # The old integer form of the sample URL is a 404.
    assert second.post(f"/analysis/samples/{open_id}/answers/{seed['long'][8]}",
                       data={"code_ids": [str(seed["interview"])]}).status_code == 404


def test_a_reference_with_its_spare_bits_set_opens_nothing(app):
    """Each text has one address: every other last letter, including those that differ only in the
    letter's two unused bits, opens nothing."""
    from softlanding.blueprints.analysis import refs
    from softlanding.core.errors import NotFound

    with app.test_request_context():
        ref = refs.encode("answer", 70001)
        assert refs.decode(ref) == ("answer", 70001)
        for letter in "abcdefghijklmnopqrstuvwxyz234567".replace(ref[-1], ""):
            try:
                refs.decode(ref[:-1] + letter)
            except NotFound:
                continue
            raise AssertionError(f"{ref[:-1] + letter} opened a text")
