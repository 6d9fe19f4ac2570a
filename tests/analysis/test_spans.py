"""Exact spans: line breaks saved as LF, offsets as code points of the stored text, and the coded text the
same on the page, in quotes.csv and in the .qdpx source, for multi-line, right-to-left, emoji and
combining-mark answers."""

import csv
import html
import io
import re
import zipfile

from lxml import etree
from sqlalchemy import select

from softlanding.blueprints.analysis.models import Coding
from softlanding.blueprints.feedback.models import Answer, Survey
from softlanding.blueprints.mentoring.models import ClosingFeedback
from softlanding.core.extensions import db
from tests.analysis import ref
from tests.factories import (
    form_for,
    invite,
    make_analysis_survey,
    make_code,
    make_event,
    make_mentor,
    make_pair,
    make_response,
    make_seeker,
    make_survey,
    make_user,
    text_answer,
)

NS = {"p": "urn:QDA-XML:project:1.0"}
# (answer text, the part to code): Urdu after two line breaks, Arabic, emoji (astral, two UTF-16 units
# each, one with a skin-tone modifier), and a combining acute accent (two code points, one letter shown).
CASES = [
    ("Very useful.\nThe Kaizen demo helped.\nبہت شکریہ — thank you 🙏", "بہت شکریہ"),
    ("شكراً جزيلاً\nThe panel walkthrough 😊 was clear", "walkthrough 😊 was"),
    ("Line one 👍🏽\n\nمیں اب تیار ہوں", "تیار ہوں"),
    ("Cafe\u0301 style rooms\nworked well 🎉🎉", "Cafe\u0301 style"),
]


def _seed(app):
    with app.app_context():
        survey = make_analysis_survey(make_event(title="Spans webinar", days_ago=30))
        code = make_code("Thanks")
        ids = [text_answer(make_response(survey, text)).id for text, _ in CASES]
        db.session.commit()
        return code.id, ids


def _marks(page):
    return [html.unescape(m) for m in re.findall(r'<mark class="coded hl-[a-z]+" title="Thanks">(.*?)</mark>', page,
                                                 re.S)]


def test_a_span_codes_the_same_text_on_the_page_in_quotes_csv_and_in_the_qdpx(app, login_as):
    code_id, ids = _seed(app)
    client = login_as("organiser")
    for (text, part), answer_id in zip(CASES, ids, strict=True):
        start = text.index(part)  # Python counts code points, as the browser side now sends
        r = client.post(f"/analysis/texts/{ref(app, 'answer', answer_id)}/codings",
                        data={"code_ids": [str(code_id)], "start": str(start), "end": str(start + len(part))})
        assert r.status_code == 302
    parts = sorted(part for _, part in CASES)
    assert sorted(_marks(client.get("/analysis/").get_data(as_text=True))) == parts
    rows = list(csv.DictReader(io.StringIO(client.get("/analysis/exports/quotes.csv").data.decode("utf-8-sig"),
                                           newline="")))
    assert sorted(row["quote"] for row in rows) == parts
    archive = zipfile.ZipFile(io.BytesIO(client.get("/analysis/exports/project.qdpx").data))
    project = etree.fromstring(archive.read("project.qde"))
    quoted = []
    for source in project.iter("{urn:QDA-XML:project:1.0}TextSource"):
        text = archive.read(source.get("plainTextPath").replace("internal://", "sources/")).decode("utf-8")
        for sel in source.findall("p:PlainTextSelection", NS):
            quoted.append(text[int(sel.get("startPosition")):int(sel.get("endPosition"))])
    assert sorted(quoted) == parts


def test_offsets_are_checked_against_the_length_in_code_points(app, login_as):
    code_id, ids = _seed(app)
    text = CASES[0][0]
    client = login_as("organiser")
    url = f"/analysis/texts/{ref(app, 'answer', ids[0])}/codings"
    # The UTF-16 length (the emoji counts two) is one past the end in code points: refused.
    utf16 = len(text.encode("utf-16-le")) // 2
    assert utf16 == len(text) + 1
    page = client.post(url, data={"code_ids": [str(code_id)], "start": "3", "end": str(utf16)},
                       follow_redirects=True).get_data(as_text=True)
    assert "The highlighted span is outside the answer" in page
    client.post(url, data={"code_ids": [str(code_id)], "start": str(len(text) - 1), "end": str(len(text))})
    with app.app_context():
        assert [(c.start_offset, c.end_offset) for c in db.session.scalars(select(Coding))] == \
            [(len(text) - 1, len(text))]
    assert _marks(client.get("/analysis/").get_data(as_text=True)) == ["🙏"]


def test_survey_answers_posted_with_crlf_are_stored_with_lf(app, login_as):
    with app.app_context():
        survey = make_survey(open_now=True)
        person = make_user()
        invite(survey, person)
        db.session.commit()
        survey_id = survey.id
        db.session.refresh(person)
    with app.app_context():
        form = form_for(db.session.get(Survey, survey_id), text="First line\r\nبہت شکریہ\rthird 🙏\r\n")
    assert login_as(person).post(f"/surveys/{survey_id}", data=form).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Answer.text_value).where(Answer.text_value.is_not(None))) == \
            "First line\nبہت شکریہ\nthird 🙏"


def test_closing_comments_posted_with_crlf_are_stored_with_lf(app, login_as):
    with app.app_context():
        mentor, mentee = make_mentor(), make_seeker()
        pair_id = make_pair(mentor, mentee).id
        db.session.commit()
    newcomer = login_as(mentee)
    base = f"/mentoring/pairs/{pair_id}"
    assert newcomer.post(f"{base}/close", data={"outcome": "ended_early", "reason": "Moved"}).status_code == 302
    assert newcomer.post(f"{base}/feedback", data={"rating": "4", "comment": "Kind\r\nشكراً\rthanks 😊"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ClosingFeedback.comment)) == "Kind\nشكراً\nthanks 😊"


def test_an_answer_typed_with_crlf_codes_the_same_text_on_the_page_in_quotes_and_in_the_qdpx(app, login_as):
    """End to end: the browser's CR LF is stored as LF, so offsets counted on the page (LF) hold the span."""
    typed = "Very useful.\r\nThe Kaizen demo helped.\r\nبہت شکریہ — thank you 🙏 Cafe\u0301"
    with app.app_context():
        survey = make_survey(open_now=True)
        person = make_user()
        invite(survey, person)
        code = make_code("Thanks")
        db.session.commit()
        survey_id, code_id = survey.id, code.id
        db.session.refresh(person)
    with app.app_context():
        form = form_for(db.session.get(Survey, survey_id), text=typed)
    assert login_as(person).post(f"/surveys/{survey_id}", data=form).status_code == 302
    shown = typed.replace("\r\n", "\n")
    with app.app_context():
        answer_id = db.session.scalar(select(Answer.id).where(Answer.text_value == shown))
        db.session.get(Survey, survey_id).status = "closed"
        db.session.commit()
    client = login_as("organiser")
    part = "بہت شکریہ — thank you 🙏 Cafe\u0301"
    start = shown.index(part)  # what the page's script sends: code points of the LF text
    client.post(f"/analysis/texts/{ref(app, 'answer', answer_id)}/codings",
                data={"code_ids": [str(code_id)], "start": str(start), "end": str(start + len(part))})
    assert _marks(client.get("/analysis/").get_data(as_text=True)) == [part]
    rows = list(csv.DictReader(io.StringIO(client.get("/analysis/exports/quotes.csv").get_data(as_text=True),
                                           newline="")))
    assert [row["quote"] for row in rows] == [part]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/analysis/exports/project.qdpx").data))
    project = etree.fromstring(archive.read("project.qde"))
    source = next(s for s in project.iter("{urn:QDA-XML:project:1.0}TextSource")
                  if s.find("p:PlainTextSelection", NS) is not None)
    text = archive.read(source.get("plainTextPath").replace("internal://", "sources/")).decode("utf-8")
    sel = source.find("p:PlainTextSelection", NS)
    assert text == shown and text[int(sel.get("startPosition")):int(sel.get("endPosition"))] == part
