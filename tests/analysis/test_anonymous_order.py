"""Anonymous answers in the workspace and exports: withheld below the minimum, in a fixed random order
that is not the order of answering, with no response ids or times finer than the day."""

import csv
import io
import re
import zipfile
from datetime import UTC, datetime

from lxml import etree

from softlanding.core.extensions import db
from tests.factories import make_analysis_survey, make_event, make_response

DAY = datetime(2026, 3, 9, tzinfo=UTC)  # anonymous responses keep the day only
NS = {"p": "urn:QDA-XML:project:1.0"}
TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _anonymous(n, title="Mock interview evening"):
    survey = make_analysis_survey(make_event(title=title, days_ago=30), anonymous=True)
    responses = [make_response(survey, f"Anon answer {i:02d}", submitted_on=DAY) for i in range(n)]
    return survey, responses


def _seed(n=12):
    survey, responses = _anonymous(n)
    # Each response draws a random key at insert; a fixed scramble here keeps the assertions below from
    # passing or failing by chance (a random order can start with the first answer given).
    for i, response in enumerate(responses):
        response.order_key = f"{(5 * i + 7) % n:02d}"
    db.session.commit()
    submitted = [f"Anon answer {i:02d}" for i in range(n)]
    by_token = sorted(range(n), key=lambda i: responses[i].order_key)  # the key each response drew
    return submitted, [submitted[i] for i in by_token], [r.id for r in responses]


def _order(text, submitted):
    return sorted((t for t in submitted if t in text), key=text.index)


def test_workspace_shows_anonymous_answers_in_a_fixed_order_that_is_not_submission_order(app, login_as):
    with app.app_context():
        submitted, expected, _ids = _seed()
    client = login_as("organiser")
    first = client.get("/analysis/").get_data(as_text=True)
    assert _order(first, submitted) == expected
    assert expected != submitted and expected != submitted[::-1]
    assert _order(client.get("/analysis/").get_data(as_text=True), submitted) == expected
    # Anchors are opaque tokens, not answer ids (ids follow the order of answering).
    assert not re.search(r'id="text-answer-\d+"', first) and re.search(r'id="text-[a-z2-7]{26}"', first)


def test_an_anonymous_survey_below_eight_responses_is_withheld_from_workspace_and_exports(app, login_as):
    with app.app_context():
        _anonymous(7, title="Small anonymous evening")
        db.session.commit()
    client = login_as("organiser")
    assert "Anon answer" not in client.get("/analysis/").get_data(as_text=True)
    assert "Anon answer" not in client.get("/analysis/exports/answers.csv").get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/analysis/exports/project.qdpx").data))
    assert not [n for n in archive.namelist() if n.startswith("sources/")]


def test_exports_of_an_anonymous_survey_hold_no_ids_or_times_and_keep_one_order(app, login_as):
    with app.app_context():
        submitted, expected, ids = _seed()
    client = login_as("organiser")
    exports = [client.get("/analysis/exports/answers.csv").data.decode("utf-8-sig") for _ in range(2)]
    assert exports[0] == exports[1]  # two exports: the same rows in the same order
    rows = list(csv.DictReader(io.StringIO(exports[0])))
    assert [r["answer"] for r in rows] == expected and expected != submitted
    assert [r["respondent"] for r in rows] == [f"Respondent {i}" for i in range(1, 13)]
    assert {r["date"] for r in rows} == {"2026-03-09"} and not TIME.search(exports[0])
    assert not {"id", "response", "response_id", "answer_id", "user_id"} & set(rows[0])
    cases = []
    for _ in range(2):
        archive = zipfile.ZipFile(io.BytesIO(client.get("/analysis/exports/project.qdpx").data))
        qde = archive.read("project.qde").decode()
        assert not TIME.search(qde)  # nothing coded here: no time at all, the date only
        doc = etree.fromstring(qde.encode())
        sources = {s.get("guid"): archive.read(s.get("plainTextPath").replace("internal://", "sources/")).decode()
                   for s in doc.findall(".//p:TextSource", NS)}
        cases.append([(c.get("name"), sources[c.find("p:SourceRef", NS).get("targetGUID")])
                      for c in doc.findall(".//p:Case", NS)])
        # A response id never names a case: Respondent N counts in the random order.
        assert [text for _name, text in cases[-1]] == expected
    assert cases[0] == cases[1]
    # "Respondent 1" is first in the random order, not the first to answer (nor the lowest response id).
    assert cases[0][0] == ("Respondent 1", expected[0]) and expected[0] != submitted[ids.index(min(ids))]


def test_each_response_draws_a_random_order_key_and_later_answers_join_the_order(app, login_as):
    with app.app_context():
        survey, responses = _anonymous(12)
        db.session.commit()
        keys = [r.order_key for r in responses]
        assert len(set(keys)) == 12 and all(len(k) == 32 for k in keys)
        assert keys != sorted(keys) and keys != sorted(keys, reverse=True)
    client = login_as("organiser")
    first = client.get("/analysis/").get_data(as_text=True)
    with app.app_context():
        make_response(db.session.get(type(survey), survey.id), "A late anonymous answer", submitted_on=DAY)
        db.session.commit()
    later = client.get("/analysis/").get_data(as_text=True)
    assert "A late anonymous answer" not in first and "A late anonymous answer" in later
    submitted = [f"Anon answer {i:02d}" for i in range(12)]
    assert _order(first, submitted) == _order(later, submitted)  # the others keep their places
