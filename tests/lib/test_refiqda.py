"""REFI-QDA exports stay valid when stored text holds characters XML cannot carry (saved before input was cleaned)."""

import io
import uuid
import zipfile
from pathlib import Path

from lxml import etree

from softlanding.lib.refiqda import QCode, QCoding, QSelection, QSource, codebook_xml, project_xml, qdpx

SCHEMAS = Path(__file__).resolve().parents[1] / "support" / "refi_qda"


def guid():
    return str(uuid.uuid4()).upper()


def schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def test_control_characters_in_old_rows_no_longer_break_either_export():
    code = QCode(guid(), "Access\x07 and scheduling", description="Bell\x00 in the memo")
    text = "Line one\x0bstill line one; بہت شکریہ"
    start = text.index("بہت")
    source = QSource(guid(), "Answer\x1f 1", text,
                     [QSelection(guid(), start, len(text), [QCoding(guid(), code.guid)])])
    codebook = etree.fromstring(codebook_xml([code]))
    schema("Codebook.xsd").assertValid(codebook)
    assert codebook.find(".//{*}Code").get("name") == "Access\ufffd and scheduling"

    project = project_xml("Soft Landing\x01 export", [(guid(), "Organiser")], [code], [], [], [source])
    tree = etree.fromstring(project)
    schema("Project.xsd").assertValid(tree)
    selection = tree.find(".//{*}PlainTextSelection")
    # One character for one: the highlighted span still covers exactly the Urdu words.
    assert text[int(selection.get("startPosition")):int(selection.get("endPosition"))] == "بہت شکریہ"
    with zipfile.ZipFile(io.BytesIO(qdpx(project, [source]))) as archive:
        assert archive.read(f"sources/{source.guid}.txt").decode("utf-8") == text
