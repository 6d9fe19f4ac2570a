"""Mentoring check-in comments as a codable source: the workspace's "Mentoring check-ins" filter, whole and
span codings, memos, review, quotes.csv and the REFI-QDA project, without naming who wrote them; erasure."""

import csv
import io
import zipfile
from pathlib import Path

from lxml import etree

from softlanding.blueprints.analysis import review as analysis_review
from softlanding.blueprints.analysis.models import Coding, Memo
from softlanding.core.extensions import db
from tests.analysis import ref
from tests.factories import (
    make_analysis_survey,
    make_checkin_comment,
    make_closing_comment,
    make_code,
    make_event,
    make_response,
)

SCHEMAS = Path(__file__).resolve().parents[1] / "support" / "refi_qda"
NS = {"p": "urn:QDA-XML:project:1.0"}
URDU = "ہماری ملاقاتیں مفید تھیں۔\nMy mentor explained the ARCP portfolio step by step."
SPAN = (URDU.index("ARCP portfolio"), URDU.index("ARCP portfolio") + len("ARCP portfolio"))


def _seed(app):
    with app.app_context():
        checkin = make_checkin_comment(URDU, side="mentee", stage="month_3", usefulness=5,
                                       full_name="Zainab Writerperson")
        mentor_side = make_checkin_comment("Hard to find a time that suits both rotas.", side="mentor",
                                           stage="month_1", usefulness=2)
        make_checkin_comment("", side="mentee")  # a check-in without a comment is not a text to code
        make_closing_comment("A closing comment, not a check-in")
        make_response(make_analysis_survey(make_event(days_ago=30)), "A survey answer, not a check-in")
        code_ids = make_code("Portfolio help").id, make_code("Rota clashes").id
        db.session.commit()
        return checkin.id, mentor_side.id, code_ids, checkin.user_id


def test_checkin_comments_show_under_their_source_without_the_writer_and_can_be_coded_whole_and_by_span(
        app, login_as):
    targets = {fk.target_fullname for fk in Coding.__table__.c.checkin_id.foreign_keys}
    assert targets == {"mentoring_checkin.id"}, "codings point at the mentoring area's check-ins"
    checkin_id, mentor_id, (portfolio, rota), _writer = _seed(app)
    client = login_as("organiser")
    html = client.get("/analysis/?source=checkins").get_data(as_text=True)
    assert "ARCP portfolio step by step" in html and "ہماری ملاقاتیں" in html
    assert "Check-in, three months in (mentee)" in html and "Check-in, one month in (mentor)" in html
    assert "Zainab" not in html and "Writerperson" not in html
    assert "not a check-in" not in html
    assert "step by step" not in client.get("/analysis/").get_data(as_text=True)
    assert "step by step" not in client.get("/analysis/?source=mentoring").get_data(as_text=True)
    assert "Mentoring check-ins" in html  # the source filter offers it

    r = client.post(f"/analysis/texts/{ref(app, 'checkin', checkin_id)}/codings",
                    data={"code_ids": [str(portfolio)], "start": str(SPAN[0]), "end": str(SPAN[1])},
                    follow_redirects=True)
    assert "Coded the selected text" in r.get_data(as_text=True)
    client.post(f"/analysis/texts/{ref(app, 'checkin', mentor_id)}/codings", data={"code_ids": [str(rota)]})
    with app.app_context():
        codings = db.session.scalars(db.select(Coding).order_by(Coding.id)).all()
        assert [(c.checkin_id, c.start_offset, c.end_offset) for c in codings] == [
            (checkin_id, SPAN[0], SPAN[1]), (mentor_id, None, None)]
    uncoded = client.get("/analysis/?source=checkins&uncoded=1").get_data(as_text=True)
    assert "step by step" not in uncoded and "rotas" not in uncoded
    only_rota = client.get(f"/analysis/?source=checkins&code={rota}").get_data(as_text=True)
    assert "rotas" in only_rota and "step by step" not in only_rota

    detail = client.get(f"/analysis/codes/{portfolio}").get_data(as_text=True)
    assert "ARCP portfolio" in detail and "Zainab" not in detail
    client.post(f"/analysis/texts/{ref(app, 'checkin', checkin_id)}", data={"body": "Urdu and English in one answer"})
    text_page = client.get(f"/analysis/texts/{ref(app, 'checkin', checkin_id)}").get_data(as_text=True)
    assert "Urdu and English in one answer" in text_page and "ARCP portfolio step by step" in text_page
    assert "Zainab" not in text_page and "Writerperson" not in text_page
    with app.app_context():
        assert db.session.scalar(db.select(Memo.checkin_id).where(Memo.body.like("Urdu and English%"))) == checkin_id
        counts = analysis_review.theme_counts()
        assert {name: n for name, n, _id in counts["themes"]} == {"Portfolio help": 1, "Rota clashes": 1}

    answers = list(csv.DictReader(io.StringIO(
        client.get("/analysis/exports/answers.csv?source=checkins").data.decode("utf-8-sig"))))
    assert {row["source"] for row in answers} == {"Mentoring check-ins"} and len(answers) == 2
    by_text = {row["answer"]: row for row in answers}
    assert by_text[URDU]["Portfolio help"] == "1" and by_text[URDU]["Rota clashes"] == "0"
    quotes_text = client.get("/analysis/exports/quotes.csv").data.decode("utf-8-sig")
    quotes = {row["code"]: row for row in csv.DictReader(io.StringIO(quotes_text))}
    assert quotes["Portfolio help"]["quote"] == "ARCP portfolio"
    assert quotes["Rota clashes"]["quote"] == "Hard to find a time that suits both rotas."
    assert quotes["Rota clashes"]["rating"] == "2 of 5 useful"
    assert "Zainab" not in quotes_text and "Writerperson" not in quotes_text


def test_checkin_comments_travel_in_the_refi_qda_project_with_their_spans_and_no_writer(app, login_as):
    checkin_id, mentor_id, (portfolio, rota), _writer = _seed(app)
    client = login_as("organiser")
    client.post(f"/analysis/texts/{ref(app, 'checkin', checkin_id)}/codings",
                data={"code_ids": [str(portfolio)], "start": str(SPAN[0]), "end": str(SPAN[1])})
    client.post(f"/analysis/texts/{ref(app, 'checkin', checkin_id)}/codings", data={"code_ids": [str(rota)]})
    client.post(f"/analysis/texts/{ref(app, 'checkin', checkin_id)}", data={"body": "Memo on a check-in"})
    r = client.get("/analysis/exports/project.qdpx?source=checkins")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.data))
    qde = archive.read("project.qde")
    doc = etree.fromstring(qde)
    etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd"))).assertValid(doc)
    sources = doc.findall(".//p:TextSource", NS)
    texts = {archive.read(s.get("plainTextPath").replace("internal://", "sources/")).decode(): s for s in sources}
    assert set(texts) == {URDU, "Hard to find a time that suits both rotas."}
    urdu = texts[URDU]
    spans = {(int(s.get("startPosition")), int(s.get("endPosition"))) for s in urdu.findall("p:PlainTextSelection", NS)}
    assert spans == {SPAN, (0, len(URDU))}
    assert urdu.get("name").startswith("Respondent") and "three months in (mentee)" in urdu.get("name")
    assert b"Memo on a check-in" in qde
    assert b"Zainab" not in qde and b"Writerperson" not in qde
    assert len(doc.findall(".//p:Case", NS)) == 2  # one per check-in: the writer is not linked across texts


def test_erasing_the_writer_blanks_the_checkin_comment_and_it_leaves_the_workspace_and_exports(app, login_as):
    from softlanding.blueprints.accounts.erasure import erase
    from softlanding.blueprints.accounts.models import User

    checkin_id, _mentor_id, (portfolio, _rota), writer_id = _seed(app)
    client = login_as("organiser")
    client.post(f"/analysis/texts/{ref(app, 'checkin', checkin_id)}/codings", data={"code_ids": [str(portfolio)]})
    assert "step by step" in client.get("/analysis/exports/quotes.csv").data.decode("utf-8-sig")
    with app.app_context():
        member = db.session.get(User, writer_id)
        erase(member, actor=member)
        db.session.commit()
    assert "step by step" not in client.get("/analysis/?source=checkins").get_data(as_text=True)
    assert "step by step" not in client.get("/analysis/exports/quotes.csv").data.decode("utf-8-sig")
    assert client.get(f"/analysis/texts/{ref(app, 'checkin', checkin_id)}").status_code == 404
    assert client.get(f"/analysis/codes/{portfolio}").status_code == 200
    assert client.get("/analysis/exports/project.qdpx?source=checkins").status_code == 200


def test_demo_checkin_comments_to_code_include_multi_line_arabic_and_urdu(app):
    from softlanding.blueprints.analysis import selection
    from softlanding.blueprints.analysis.workspace import Filters
    from softlanding.core.demo import seed

    with app.app_context():
        seed("demo password for tests")
        comments = [c.comment for c in db.session.scalars(selection.checkin_statement(Filters(source="checkins")))]
        assert sum("\n" in c for c in comments) >= 2
        assert any("ممتاز" in c for c in comments) and any("ملے ہیں" in c for c in comments)
