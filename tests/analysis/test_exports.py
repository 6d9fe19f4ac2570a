"""Exports: answers CSV with 0/1 code columns, quote table, REFI-QDA .qdc and .qdpx valid against the schemas,
formula-safe cells, and no identity for anonymous answers anywhere."""

import csv
import io
import zipfile
from pathlib import Path

from lxml import etree

from softlanding.core.extensions import db
from tests.factories import (
    make_analysis_survey,
    make_code,
    make_coding,
    make_event,
    make_quiet_responses,
    make_response,
    make_user,
    text_answer,
)

SCHEMAS = Path(__file__).resolve().parents[1] / "support" / "refi_qda"
FIRST = "=HYPERLINK(\"http://x\") the ARCP tips helped"
SPAN = (FIRST.index("ARCP tips"), FIRST.index("ARCP tips") + len("ARCP tips"))
NS = {"p": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


def _schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _seed():
    named = make_user(full_name="Kofi Namedperson", email="kofi@example.org")
    hidden = make_user(full_name="Ama Hiddenperson", email="ama@example.org")
    open_survey = make_analysis_survey(make_event(title="Portfolio webinar", days_ago=30))
    anon_survey = make_analysis_survey(make_event(title="Mock interview evening", days_ago=29), anonymous=True)
    a1 = text_answer(make_response(open_survey, FIRST, rating=5, user=named, next_topics="Kaizen"))
    a2 = text_answer(make_response(anon_survey, "Stations felt real; the panel was kind", rating=4, user=hidden))
    make_quiet_responses(anon_survey)  # 8 responses, so the anonymous survey's texts are exported
    theme = make_code("Preparation", is_theme=True, colour="#1d4f91")
    arcp = make_code("ARCP", theme=theme, definition="Anything about the annual review")
    realism = make_code("Realism")
    make_coding(a1, arcp, *SPAN)
    make_coding(a1, realism)
    make_coding(a2, realism, 0, 8)
    db.session.commit()
    return named.id, hidden.id


def test_answers_csv_has_a_column_per_code_and_safe_cells(app, login_as):
    with app.app_context():
        _seed()
    r = login_as("organiser").get("/analysis/exports/answers.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert len(rows) == 3  # two long answers and one short one
    by_text = {row["answer"]: row for row in rows}
    first = by_text["'=HYPERLINK(\"http://x\") the ARCP tips helped"]  # formula neutralised
    assert (first["ARCP"], first["Realism"], first["rating"], first["event"]) == ("1", "1", "Excellent", "Portfolio webinar")
    assert by_text["Kaizen"]["ARCP"] == "0"
    anon = by_text["Stations felt real; the panel was kind"]
    assert (anon["ARCP"], anon["Realism"], anon["career stage"], anon["region"]) == ("0", "1", "", "")
    assert "Preparation" not in rows[0]  # themes are not applied to text: no column


def test_quote_table(app, login_as):
    with app.app_context():
        _seed()
    text = login_as("organiser").get("/analysis/exports/quotes.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["theme", "code", "quote", "event", "date", "rating"]
    assert ["Preparation", "ARCP", "ARCP tips", "Portfolio webinar", "2026-03-12", "Excellent"] in rows
    assert any(r[1] == "Realism" and r[2] == "Stations" and r[3] == "Mock interview evening" and r[5] == "Good"
               for r in rows)


def test_codebook_qdc_validates_and_marks_themes_not_codable(app, login_as):
    with app.app_context():
        _seed()
    r = login_as("organiser").get("/analysis/exports/codebook.qdc")
    doc = etree.fromstring(r.data)
    _schema("Codebook.xsd").assertValid(doc)
    theme = doc.find(".//c:Code[@name='Preparation']", NS)
    assert theme.get("isCodable") == "false" and theme.get("color") == "#1d4f91"
    assert theme.find("c:Code", NS).get("name") == "ARCP" and theme.find("c:Code", NS).get("isCodable") == "true"


def test_empty_codebook_export_says_so(app, login_as):
    r = login_as("organiser").get("/analysis/exports/codebook.qdc", follow_redirects=True)
    assert "codebook is empty" in r.get_data(as_text=True)


def test_project_qdpx_validates_with_cases_sources_and_selections(app, login_as):
    with app.app_context():
        named_id, hidden_id = _seed()
    r = login_as("organiser").get("/analysis/exports/project.qdpx")
    assert r.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.data))
    names = archive.namelist()
    assert "project.qde" in names and all(n == "project.qde" or n.startswith("sources/") for n in names)
    doc = etree.fromstring(archive.read("project.qde"))
    _schema("Project.xsd").assertValid(doc)
    sources = doc.findall(".//p:TextSource", NS)
    assert len(sources) == 3
    for source in sources:
        path = source.get("plainTextPath").replace("internal://", "sources/")
        assert path in names
    first = next(s for s in sources if archive.read(s.get("plainTextPath").replace("internal://", "sources/"))
                 .decode().startswith("=HYPERLINK"))
    text = archive.read(first.get("plainTextPath").replace("internal://", "sources/")).decode()
    spans = {(int(sel.get("startPosition")), int(sel.get("endPosition"))): sel for sel in first.findall("p:PlainTextSelection", NS)}
    assert text[SPAN[0]:SPAN[1]] == "ARCP tips" and SPAN in spans and (0, len(text)) in spans
    arcp_guid = doc.find(".//p:Code[@name='ARCP']", NS).get("guid")
    assert spans[SPAN].find("p:Coding/p:CodeRef", NS).get("targetGUID") == arcp_guid
    assert doc.find(".//p:Code[@name='Preparation']", NS).get("isCodable") == "false"
    cases = doc.findall(".//p:Case", NS)
    assert len(cases) == 2  # one per respondent; the named respondent's two answers share a Case
    variables = {v.get("name"): v.get("guid") for v in doc.findall(".//p:Variable", NS)}
    assert set(variables) == {"event", "date", "career stage", "region", "country of qualification", "rating"}
    values = {(c.get("name"), vv.find("p:VariableRef", NS).get("targetGUID")): vv[1].text
              for c in cases for vv in c.findall("p:VariableValue", NS)}
    assert "Portfolio webinar" in values.values() and "Excellent" in values.values() and "2026-03-12" in values.values()
    # The anonymous respondent's case has its event and day only: no rating, stage, region or country.
    anonymous = next(c for c in cases if "Mock interview evening" in
                     [vv[1].text for vv in c.findall("p:VariableValue", NS)])
    assert {vv.find("p:VariableRef", NS).get("targetGUID") for vv in anonymous.findall("p:VariableValue", NS)} == {
        variables["event"], variables["date"]}


def test_anonymous_answers_carry_no_identity_in_any_export(app, login_as):
    with app.app_context():
        named_id, hidden_id = _seed()
    client = login_as("organiser")
    blobs = [client.get(u).data for u in ("/analysis/exports/answers.csv", "/analysis/exports/quotes.csv",
                                          "/analysis/exports/codebook.qdc")]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/analysis/exports/project.qdpx").data))
    blobs += [archive.read(n) for n in archive.namelist()]
    everything = b"\n".join(blobs).decode()
    for secret in ("Hiddenperson", "ama@example.org", "Namedperson", "kofi@example.org"):
        assert secret not in everything
    doc = etree.fromstring(archive.read("project.qde"))
    case_names = [c.get("name") for c in doc.findall(".//p:Case", NS)]
    assert sorted(case_names) == ["Respondent 1", "Respondent 2"]
    # GUIDs are stable (re-importing updates instead of duplicating) but derived from the project's secret
    # GUID, so no id can be read back from them: none is a UUID 5 of an id under a public namespace.
    import uuid

    guids = {c.get("guid") for c in doc.findall(".//p:Case", NS)}
    again = zipfile.ZipFile(io.BytesIO(client.get("/analysis/exports/project.qdpx").data))
    assert guids == {c.get("guid") for c in etree.fromstring(again.read("project.qde")).findall(".//p:Case", NS)}
    guessable = {str(uuid.uuid5(ns, f"case:response:{i}")) for ns in (uuid.NAMESPACE_OID, uuid.NAMESPACE_URL,
                                                                      uuid.NAMESPACE_DNS) for i in range(1, 50)}
    assert not guids & guessable
