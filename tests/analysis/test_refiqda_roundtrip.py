"""Lossless REFI-QDA (issue 16 item 3): the .qdpx re-read as an importer would (QualCoder's importer needs
Qt, so it cannot run headless here; this reader follows what it reads: Users, CodeBook, Variables, Cases,
Sources with their selections and codings, Notes, the project Description and NoteRefs). Every code and
its hierarchy, source, case variable, coder, memo and span text round-trips; GUIDs are stable; text is
cleaned of XML-illegal characters; both files validate against the published schemas."""

import csv
import io
import zipfile
from pathlib import Path

from lxml import etree

from softlanding.blueprints.analysis.models import Code, Memo, Project
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
P = "{urn:QDA-XML:project:1.0}"
TEXT = "Very useful.\nThe Kaizen demo helped.\nبہت شکریہ — thank you 🙏 Cafe\u0301"
SPANS = {"Thanks": "بہت شکریہ — thank you 🙏", "Portfolio": "Kaizen demo", "Accents": "Cafe\u0301"}


def _schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _seed(app):
    with app.app_context():
        ada = make_user(role="organiser", full_name="Ada Coder")
        ben = make_user(role="organiser", full_name="Ben Coder")
        respondent = make_user(full_name="Kofi Respondent", pmq_country="PK")
        survey = make_analysis_survey(make_event(title="Kaizen\x0b webinar", days_ago=30))
        answer = text_answer(make_response(survey, TEXT, rating=5, user=respondent, career_stage="st1_4",
                                           region="london"))
        anon = make_analysis_survey(make_event(title="Anonymous evening", days_ago=20), anonymous=True)
        hidden = text_answer(make_response(anon, "Anonymous and kind", rating=2))
        make_quiet_responses(anon)
        theme = make_code("Gratitude", is_theme=True)
        codes = {"Thanks": make_code("Thanks", theme=theme, definition="Saying thank you"),
                 "Portfolio": make_code("Portfolio", colour="#1d4f91"),
                 "Accents": make_code("Accents\x07 bell", theme=theme)}
        for name, part in SPANS.items():
            start = TEXT.index(part)
            make_coding(answer, codes[name], start, start + len(part), user=ada if name != "Portfolio" else ben)
        make_coding(answer, codes["Portfolio"], TEXT.index("Kaizen demo"), TEXT.index("Kaizen demo") + 11, user=ada)
        make_coding(hidden, codes["Thanks"])  # whole answer, a coder who has since left
        db.session.add_all([Memo(code_id=codes["Thanks"].id, body="Thanks often closes an answer.", created_by_id=ada.id),
                            Memo(answer_id=answer.id, body="Urdu and English mixed\nin one answer.", created_by_id=ben.id)])
        db.session.scalar(db.select(Project)).memo = "Year one of coding feedback."
        db.session.commit()
        return {"ada": ada.display_name, "ben": ben.display_name}


class Imported:
    """What an importer reads back from a .qdpx."""

    def __init__(self, data):
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.doc = etree.fromstring(self.archive.read("project.qde"))
        self.users = {u.get("guid"): u.get("name") for u in self.doc.iter(f"{P}User")}
        self.notes = {n.get("guid"): n.findtext(f"{P}PlainTextContent") for n in self.doc.iter(f"{P}Note")}
        self.codes = {}

        def walk(element, parent):
            for code in element.findall(f"{P}Code"):
                self.codes[code.get("guid")] = {
                    "name": code.get("name"), "parent": parent, "codable": code.get("isCodable") == "true",
                    "notes": [self.notes[r.get("targetGUID")] for r in code.findall(f"{P}NoteRef")]}
                walk(code, code.get("name"))

        walk(self.doc.find(f"{P}CodeBook/{P}Codes"), None)
        variables = {v.get("guid"): v.get("name") for v in self.doc.iter(f"{P}Variable")}
        self.cases = {c.get("name"): {variables[vv.find(f"{P}VariableRef").get("targetGUID")]: vv[1].text
                                      for vv in c.findall(f"{P}VariableValue")} for c in self.doc.iter(f"{P}Case")}
        self.sources, self.codings, self.source_notes = {}, [], {}
        for source in self.doc.iter(f"{P}TextSource"):
            text = self.archive.read(source.get("plainTextPath").replace("internal://", "sources/")).decode("utf-8")
            self.sources[source.get("guid")] = text
            self.source_notes[text] = [self.notes[r.get("targetGUID")] for r in source.findall(f"{P}NoteRef")]
            for sel in source.findall(f"{P}PlainTextSelection"):
                for coding in sel.findall(f"{P}Coding"):
                    self.codings.append((self.codes[coding.find(f"{P}CodeRef").get("targetGUID")]["name"],
                                         text[int(sel.get("startPosition")):int(sel.get("endPosition"))],
                                         self.users[coding.get("creatingUser")], self.users[sel.get("creatingUser")]
                                         if sel.get("creatingUser") else self.users[coding.get("creatingUser")]))
        self.project_notes = [self.notes[r.get("targetGUID")] for r in self.doc.findall(f"{P}NoteRef")]
        self.description = self.doc.findtext(f"{P}Description")


def test_the_qdpx_round_trips_codes_hierarchy_sources_cases_memos_coders_and_spans(app, login_as):
    coders = _seed(app)
    client = login_as("organiser")
    r = client.get("/analysis/exports/project.qdpx")
    assert r.status_code == 200
    got = Imported(r.data)
    _schema("Project.xsd").assertValid(got.doc)
    by_name = {c["name"]: c for c in got.codes.values()}
    assert by_name["Gratitude"] == {"name": "Gratitude", "parent": None, "codable": False, "notes": []}
    assert by_name["Thanks"] == {"name": "Thanks", "parent": "Gratitude", "codable": True,
                                 "notes": ["Thanks often closes an answer."]}
    assert by_name["Accents\ufffd bell"]["parent"] == "Gratitude"  # the bell character cannot be XML: replaced
    assert by_name["Portfolio"]["parent"] is None
    assert sorted(got.sources.values()) == sorted([TEXT, "Anonymous and kind"])
    assert sorted(got.codings) == sorted([
        ("Thanks", SPANS["Thanks"], coders["ada"], coders["ada"]),
        ("Portfolio", "Kaizen demo", coders["ben"], coders["ben"]),
        ("Portfolio", "Kaizen demo", coders["ada"], coders["ada"]),
        ("Accents\ufffd bell", "Cafe\u0301", coders["ada"], coders["ada"]),
        ("Thanks", "Anonymous and kind", "Former organiser", "Former organiser")])
    assert got.source_notes[TEXT] == ["Urdu and English mixed\nin one answer."]
    assert got.project_notes == ["Year one of coding feedback."] and got.description == "Year one of coding feedback."
    named = next(v for v in got.cases.values() if v["event"] == "Kaizen\ufffd webinar")
    assert {k: named[k] for k in ("career stage", "region", "country of qualification", "rating")} == {
        "career stage": "ST1–ST4 (core paediatrics)", "region": "London", "country of qualification": "Pakistan",
        "rating": "Excellent"}
    anonymous = next(v for v in got.cases.values() if v["event"] == "Anonymous evening")
    assert set(anonymous) == {"event", "date"}


def test_two_exports_of_an_unchanged_project_are_byte_identical(app, login_as):
    _seed(app)
    client = login_as("organiser")
    first, second = (client.get("/analysis/exports/project.qdpx").data for _ in range(2))
    assert first == second  # no creation time is written, and the zip entries carry a fixed timestamp
    # ... and a change shows: a new memo changes the export.
    with app.app_context():
        db.session.add(Memo(code_id=db.session.scalar(db.select(Code.id).where(Code.name == "Portfolio")),
                            body="Added later"))
        db.session.commit()
    third = Imported(client.get("/analysis/exports/project.qdpx").data)
    assert "Added later" in third.notes.values()
    assert set(Imported(first).codes) == set(third.codes)  # code GUIDs unchanged
    # The codebook and the GUIDs of codes survive too: the .qdc is byte-identical.
    assert client.get("/analysis/exports/codebook.qdc").data == client.get("/analysis/exports/codebook.qdc").data


def test_the_codebook_validates_and_a_control_character_breaks_no_export(app, login_as):
    _seed(app)
    client = login_as("organiser")
    qdc = client.get("/analysis/exports/codebook.qdc")
    assert qdc.status_code == 200
    doc = etree.fromstring(qdc.data)
    _schema("Codebook.xsd").assertValid(doc)
    assert "Accents\ufffd bell" in {c.get("name") for c in doc.iter("{urn:QDA-XML:codebook:1.0}Code")}
    for url in ("/analysis/exports/answers.csv", "/analysis/exports/quotes.csv", "/analysis/exports/codebook.csv"):
        assert client.get(url).status_code == 200


def test_taguette_codebook_csv(app, login_as):
    _seed(app)
    body = login_as("organiser").get("/analysis/exports/codebook.csv").get_data(as_text=True)
    assert not body.startswith("\ufeff")  # Taguette reads the header by name: no byte-order mark
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert list(rows[0]) == ["tag", "parent", "description", "number of highlights"]
    got = {(r["tag"], r["parent"], r["description"], r["number of highlights"]) for r in rows}
    assert ("Gratitude", "", "", "0") in got and ("Thanks", "Gratitude", "Saying thank you", "2") in got
    assert ("Portfolio", "", "", "2") in got and ("Accents\ufffd bell", "Gratitude", "", "1") in got
