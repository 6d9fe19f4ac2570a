"""Importing a REFI-QDA codebook (.qdc) as NVivo, QualCoder or ATLAS.ti write one: merge by GUID then name,
hierarchy kept to our two levels, nothing coded changed, a re-import creates nothing, bad files refused."""

import io

from sqlalchemy import func, select

from softlanding.blueprints.analysis.models import Code, Coding
from softlanding.core.extensions import db
from tests.factories import make_analysis_survey, make_code, make_coding, make_event, make_response, text_answer

KEPT_GUID = "8E7FDDFE-DB36-48DC-B464-80C3A4DECD90"


def _qdc(extra=""):
    # NVivo style: upper-case GUIDs, colours outside our palette, a three-level tree, a codable parent.
    return f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14">
  <Codes>
    <Code guid="{KEPT_GUID}" name="Renamed in NVivo" isCodable="true" color="#FF0000"/>
    <Code guid="11111111-2222-3333-4444-555555555555" name="portfolio evidence" isCodable="true">
      <Description>From NVivo</Description>
    </Code>
    <Code guid="aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" name="Belonging" isCodable="false" color="#00FF00">
      <Description>Feeling part of the NHS</Description>
      <Code guid="aaaaaaaa-bbbb-cccc-dddd-000000000001" name="Colleagues" isCodable="true">
        <Code guid="aaaaaaaa-bbbb-cccc-dddd-000000000002" name="Rota friends" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="aaaaaaaa-bbbb-cccc-dddd-000000000003" name="شكراً 🙏" isCodable="true"/>{extra}
  </Codes>
</CodeBook>""".encode()


def _post(client, data, name="codebook.qdc"):
    return client.post("/analysis/codes/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_import_merges_by_guid_then_name_and_keeps_what_is_coded(app, login_as):
    with app.app_context():
        kept = make_code("Access")
        kept.guid = KEPT_GUID.lower()
        portfolio = make_code("Portfolio evidence")
        answer = text_answer(make_response(make_analysis_survey(make_event(days_ago=30)), "Coded text"))
        make_coding(answer, kept)
        db.session.commit()
        kept_id, portfolio_id = kept.id, portfolio.id
    client = login_as("organiser")
    r = _post(client, _qdc())
    page = r.get_data(as_text=True)
    assert "4 new, 1 matched by GUID, 1 matched by name; 1 codes deeper than two levels joined their theme" in page
    with app.app_context():
        codes = {c.name: c for c in db.session.scalars(select(Code))}
        assert codes["Access"].id == kept_id and "Renamed in NVivo" not in codes  # matched by GUID, name kept
        assert codes["Portfolio evidence"].id == portfolio_id
        assert codes["Portfolio evidence"].guid == "11111111-2222-3333-4444-555555555555"  # takes NVivo's GUID
        assert codes["Portfolio evidence"].definition == "From NVivo"
        belonging = codes["Belonging"]
        assert belonging.is_theme and belonging.definition == "Feeling part of the NHS"
        assert codes["Colleagues"].parent_id == belonging.id and codes["Rota friends"].parent_id == belonging.id
        assert codes["شكراً 🙏"].guid == "aaaaaaaa-bbbb-cccc-dddd-000000000003"
        assert codes["Colleagues"].colour in {"#0b5563", "#1d4f91", "#5b3a8c", "#8a2a5c", "#b3261e", "#7a4b00",
                                              "#1e6b35", "#3d4f5c"}
        assert db.session.scalar(select(func.count()).select_from(Coding)) == 1
        count = db.session.scalar(select(func.count()).select_from(Code))
    # A second import of the same file (the monthly re-import) duplicates nothing.
    assert "0 new" in _post(client, _qdc()).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Code)) == count


def test_our_own_export_reimports_without_duplicates(app, login_as):
    with app.app_context():
        theme = make_code("Preparation", is_theme=True)
        make_code("ARCP", theme=theme)
        db.session.commit()
    client = login_as("organiser")
    qdc = client.get("/analysis/exports/codebook.qdc").data
    assert "0 new, 2 matched by GUID, 0 matched by name." in _post(client, qdc).get_data(as_text=True)


def test_bad_files_get_a_clear_message_and_change_nothing(app, login_as):
    client = login_as("organiser")
    cases = [(b"", "Choose a .qdc codebook file"), (b"not xml at all", "not well-formed XML"),
             (b"<x xmlns='urn:other'/>", "not a REFI-QDA codebook"),
             (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY e "x">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
              b'<Codes><Code guid="a" name="&e;" isCodable="true"/></Codes></CodeBook>', "declares a DTD"),
             (_qdc('<Code guid="x" name="" isCodable="true"/>'), "has no name"),
             (b"x" * (2 * 1024 * 1024 + 10), "")]
    for data, message in cases:
        r = _post(client, data)
        assert r.status_code in (200, 413)
        if message:
            assert message in r.get_data(as_text=True), message
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Code)) == 0
