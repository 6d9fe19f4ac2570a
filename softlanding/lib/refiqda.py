"""REFI-QDA 1.0 exchange files (codebook .qdc, project .qdpx) from plain data, and reading a .qdc back.
No database here.

The .qdpx is a zip holding project.qde and a lowercase sources/ folder with one UTF-8 .txt per text
source; TextSource elements point at them with plainTextPath="internal://<guid>.txt". Offsets of a
PlainTextSelection count Unicode characters from 0, end exclusive, as the standard says. Memos travel as
<Notes> (each a Note with its PlainTextContent) referenced by NoteRef from the code, source or project.
The zip's entries carry a fixed timestamp, so the same project gives the same bytes.
"""

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, TypeVar

from lxml import etree

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Soft Landing"
# Characters XML 1.0 cannot hold at all (not even as references). Text saved before input was cleaned
# may still contain them; each becomes U+FFFD, one for one, so selection offsets stay right.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
T = TypeVar("T")


def xml_safe(value: T) -> T:
    """`value` with every string in it (also inside dataclasses, lists, tuples and dicts) made XML-safe."""
    result: Any = value
    if isinstance(value, str):
        result = _NOT_XML.sub("\ufffd", value)
    elif is_dataclass(value) and not isinstance(value, type):
        result = replace(value, **{f.name: xml_safe(getattr(value, f.name)) for f in fields(value)})
    elif isinstance(value, list | tuple):
        result = type(value)(xml_safe(v) for v in value) if type(value) in (list, tuple) else value
    elif isinstance(value, dict):
        result = {k: xml_safe(v) for k, v in value.items()}
    return result


@dataclass
class QCode:
    """A code or a theme (isCodable false) with its children."""

    guid: str
    name: str
    colour: str = ""
    description: str = ""
    codable: bool = True
    children: list = field(default_factory=list)
    note_guids: list = field(default_factory=list)


@dataclass
class QCoding:
    """One code applied to a selection."""

    guid: str
    code_guid: str
    user_guid: str | None = None
    created: str | None = None  # xsd:dateTime text


@dataclass
class QSelection:
    """A span [start, end) of a text source with its codings."""

    guid: str
    start: int
    end: int
    codings: list = field(default_factory=list)


@dataclass
class QSource:
    """A text source (one answer)."""

    guid: str
    name: str
    text: str
    selections: list = field(default_factory=list)
    note_guids: list = field(default_factory=list)


@dataclass
class QNote:
    """A memo: a Note (a text source of its own) that codes, sources or the project refer to."""

    guid: str
    name: str
    text: str
    user_guid: str | None = None
    created: str | None = None


@dataclass
class QCase:
    """A respondent with variable values and the sources that are theirs."""

    guid: str
    name: str
    values: dict = field(default_factory=dict)  # variable guid -> (type, value text)
    source_guids: list = field(default_factory=list)


def _code(parent, ns, code):
    attrs = {"guid": code.guid, "name": code.name, "isCodable": "true" if code.codable else "false"}
    if code.colour:
        attrs["color"] = code.colour
    element = etree.SubElement(parent, f"{{{ns}}}Code", attrs)
    if code.description:
        etree.SubElement(element, f"{{{ns}}}Description").text = code.description
    if ns == PROJECT_NS:  # the codebook schema has no NoteRef
        for note_guid in code.note_guids:
            etree.SubElement(element, f"{{{ns}}}NoteRef", {"targetGUID": note_guid})
    for child in code.children:
        _code(element, ns, child)


def codebook_xml(codes: Iterable[QCode]) -> bytes:
    """The .qdc document (bytes) for a list of top-level QCodes (at least one)."""
    codes = xml_safe(list(codes))
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN}, nsmap={None: CODEBOOK_NS})
    container = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for code in codes:
        _code(container, CODEBOOK_NS, code)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def project_xml(name: str, users: Iterable[tuple[str, str]], codes: Iterable[QCode],
                variables: Iterable[tuple[str, str, str]], cases: Iterable[QCase], sources: Iterable[QSource],
                created: str | None = None, notes: Iterable[QNote] = (), description: str = "",
                note_guids: Iterable[str] = ()) -> bytes:
    """The project.qde document (bytes).

    users: [(guid, name)]; variables: [(guid, name, type)] with type Text/Date/...;
    cases: [QCase]; sources: [QSource]; notes: [QNote]; description and note_guids: the project's own
    memo. Empty sections are left out (the schema needs one item each).
    """
    name, users, codes, variables = xml_safe(name), xml_safe(list(users)), xml_safe(list(codes)), xml_safe(list(variables))
    cases, sources, notes = xml_safe(list(cases)), xml_safe(list(sources)), xml_safe(list(notes))
    description = xml_safe(description)
    p = PROJECT_NS
    attrs = {"name": name, "origin": ORIGIN}
    if created:
        attrs["creationDateTime"] = created
    root = etree.Element(f"{{{p}}}Project", attrs, nsmap={None: p})
    if users:
        users_el = etree.SubElement(root, f"{{{p}}}Users")
        for guid, user_name in users:
            etree.SubElement(users_el, f"{{{p}}}User", {"guid": guid, "name": user_name})
    if codes:
        codes_el = etree.SubElement(etree.SubElement(root, f"{{{p}}}CodeBook"), f"{{{p}}}Codes")
        for code in codes:
            _code(codes_el, p, code)
    if variables:
        variables_el = etree.SubElement(root, f"{{{p}}}Variables")
        for guid, var_name, kind in variables:
            etree.SubElement(variables_el, f"{{{p}}}Variable", {"guid": guid, "name": var_name,
                                                                "typeOfVariable": kind})
    if cases:
        cases_el = etree.SubElement(root, f"{{{p}}}Cases")
        for case in cases:
            case_el = etree.SubElement(cases_el, f"{{{p}}}Case", {"guid": case.guid, "name": case.name})
            for var_guid, (kind, value) in case.values.items():
                value_el = etree.SubElement(case_el, f"{{{p}}}VariableValue")
                etree.SubElement(value_el, f"{{{p}}}VariableRef", {"targetGUID": var_guid})
                etree.SubElement(value_el, f"{{{p}}}{kind}Value").text = value
            for source_guid in case.source_guids:
                etree.SubElement(case_el, f"{{{p}}}SourceRef", {"targetGUID": source_guid})
    if sources:
        sources_el = etree.SubElement(root, f"{{{p}}}Sources")
        for source in sources:
            source_el = etree.SubElement(sources_el, f"{{{p}}}TextSource", {
                "guid": source.guid, "name": source.name, "plainTextPath": f"internal://{source.guid}.txt"})
            for selection in source.selections:
                sel_el = etree.SubElement(source_el, f"{{{p}}}PlainTextSelection", {
                    "guid": selection.guid, "startPosition": str(selection.start),
                    "endPosition": str(selection.end)})
                for coding in selection.codings:
                    attrs = {"guid": coding.guid}
                    if coding.user_guid:
                        attrs["creatingUser"] = coding.user_guid
                    if coding.created:
                        attrs["creationDateTime"] = coding.created
                    coding_el = etree.SubElement(sel_el, f"{{{p}}}Coding", attrs)
                    etree.SubElement(coding_el, f"{{{p}}}CodeRef", {"targetGUID": coding.code_guid})
            for note_guid in source.note_guids:
                etree.SubElement(source_el, f"{{{p}}}NoteRef", {"targetGUID": note_guid})
    if notes:
        notes_el = etree.SubElement(root, f"{{{p}}}Notes")
        for note in notes:
            attrs = {"guid": note.guid, "name": note.name}
            if note.user_guid:
                attrs["creatingUser"] = note.user_guid
            if note.created:
                attrs["creationDateTime"] = note.created
            note_el = etree.SubElement(notes_el, f"{{{p}}}Note", attrs)
            etree.SubElement(note_el, f"{{{p}}}PlainTextContent").text = note.text
    if description:
        etree.SubElement(root, f"{{{p}}}Description").text = description
    for note_guid in note_guids:
        etree.SubElement(root, f"{{{p}}}NoteRef", {"targetGUID": note_guid})
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def qdpx(project: bytes, sources: Iterable[QSource]) -> bytes:
    """The .qdpx zip (bytes): project.qde plus sources/<guid>.txt for every text source."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("project.qde"), project)
        for source in sources:
            archive.writestr(_entry(f"sources/{source.guid}.txt"), source.text.encode("utf-8"))
    return buffer.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


@dataclass
class ReadCode:
    """A code read from a .qdc: its GUID, name, colour, description, whether codable, its children."""

    guid: str
    name: str
    colour: str = ""
    description: str = ""
    codable: bool = True
    children: list = field(default_factory=list)


class CodebookError(ValueError):
    """The file is not a REFI-QDA codebook this reader can take (the message says why)."""


MAX_CODES = 5000


def read_codebook(data: bytes) -> list[ReadCode]:
    """The top-level codes of a REFI-QDA codebook (.qdc, or the CodeBook of a .qde), with their children.

    Accepts the codebook or project namespace (NVivo, QualCoder and ATLAS.ti write one or the other) and
    refuses DTDs and entities (no external fetches, no entity expansion).
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise CodebookError("The file is not well-formed XML.") from error
    if root.getroottree().docinfo.doctype:
        raise CodebookError("The file declares a DTD; a REFI-QDA codebook has none.")
    ns = etree.QName(root).namespace or ""
    if not ns.startswith(("urn:QDA-XML:codebook:", "urn:QDA-XML:project:")):
        raise CodebookError("The file is not a REFI-QDA codebook (.qdc).")
    codes_el = root.find(f"{{{ns}}}Codes")
    if codes_el is None:
        book = root.find(f"{{{ns}}}CodeBook")
        codes_el = book.find(f"{{{ns}}}Codes") if book is not None else None
    if codes_el is None:
        raise CodebookError("The file has no codes.")
    count = [0]

    def read(element, depth):
        count[0] += 1
        if count[0] > MAX_CODES or depth > 20:
            raise CodebookError(f"The codebook is too large (at most {MAX_CODES} codes, 20 levels).")
        guid, name = (element.get("guid") or "").strip().lower(), (element.get("name") or "").strip()
        if not name:
            raise CodebookError("A code in the file has no name.")
        description = element.find(f"{{{ns}}}Description")
        return ReadCode(guid=guid, name=name, colour=(element.get("color") or "").upper(),
                        description=(description.text or "").strip() if description is not None else "",
                        codable=(element.get("isCodable") or "true").strip().lower() != "false",
                        children=[read(child, depth + 1) for child in element.findall(f"{{{ns}}}Code")])

    return [read(element, 0) for element in codes_el.findall(f"{{{ns}}}Code")]
