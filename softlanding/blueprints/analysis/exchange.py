"""REFI-QDA exchange (the .qdc codebook, the .qdpx project) and a Taguette-compatible codebook CSV.

GUIDs are stable: codes and codings keep the GUID stored on their row (an imported code keeps the
GUID it came with), and every other GUID (sources, cases, users, selections, variables, notes) is a
UUID 5 of the project's secret GUID and the row it stands for. Two exports of an unchanged project are
the same bytes (no creation time is written), and the GUIDs reveal no id. Cases (respondents)
carry career stage, region, country of qualification and rating only for surveys that were not
anonymous. Memos travel as Notes: on codes, on texts, and the project memo.
"""

import csv
import io
import uuid
from collections import defaultdict
from datetime import UTC

from flask import current_app
from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.analysis import codebook, memos
from softlanding.blueprints.analysis.export import _response_keys, _texts
from softlanding.blueprints.analysis.models import Memo, Project
from softlanding.blueprints.profiles.profile import qualification_countries
from softlanding.core import reference
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from softlanding.lib import refiqda
from softlanding.lib.csvsafe import safe_cell

FORMER = "a former organiser"
VARIABLES = [("event", "Text"), ("date", "Date"), ("career stage", "Text"), ("region", "Text"),
             ("country of qualification", "Text"), ("rating", "Text")]


class Guids:
    """Stable GUIDs derived from the project's GUID (a secret of this installation)."""

    def __init__(self):
        row = db.session.scalar(select(Project.guid).order_by(Project.id).limit(1))
        if row:
            self.namespace = uuid.UUID(row)
        else:  # no project row yet (it is made by `flask seed-reference` and the migration): the secret key
            self.namespace = uuid.uuid5(uuid.NAMESPACE_OID, "softlanding-analysis:" + current_app.config["SECRET_KEY"])

    def __call__(self, kind, key):
        """The GUID of one thing: kind ('source', 'case', ...) and its key."""
        return str(uuid.uuid5(self.namespace, f"{kind}:{key}"))


def _note(guids, memo, user_guid):
    return refiqda.QNote(guid=guids("note", memo.id), name=f"Memo {memo.id}", text=memo.body, user_guid=user_guid,
                         created=memo.created_at.astimezone(UTC).isoformat(timespec="seconds"))


def _qcodes(guids, code_notes=None):
    """(top-level QCodes, {code id: guid}); themes are not codable and hold their codes."""
    themes, ungrouped, _counts = codebook.codebook()
    code_guids = {}
    code_notes = code_notes or {}

    def qcode(code, codable):
        code_guids[code.id] = code.guid or guids("code", code.id)
        return refiqda.QCode(guid=code_guids[code.id], name=code.name, colour=code.colour,
                             description=code.definition, codable=codable,
                             note_guids=[n.guid for n in code_notes.get(code.id, [])])

    top = []
    for group in themes:
        theme = qcode(group["theme"], False)
        theme.children = [qcode(c, True) for c in group["codes"]]
        top.append(theme)
    top += [qcode(c, True) for c in ungrouped]
    return top, code_guids


def codebook_qdc():
    """The REFI-QDA codebook (.qdc bytes)."""
    top, _guids = _qcodes(Guids())
    if not top:
        raise ValidationError("The codebook is empty: add codes before exporting it.")
    return refiqda.codebook_xml(top)


def taguette_csv():
    """The codebook as Taguette imports it: tag, parent, description, number of highlights (no BOM)."""
    themes, ungrouped, counts = codebook.codebook()
    rows = []
    for group in themes:
        rows.append([group["theme"].name, "", group["theme"].definition, 0])
        rows += [[c.name, group["theme"].name, c.definition, counts.get(c.id, 0)] for c in group["codes"]]
    rows += [[c.name, "", c.definition, counts.get(c.id, 0)] for c in ungrouped]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["tag", "parent", "description", "number of highlights"])
    for row in rows:
        writer.writerow([safe_cell(refiqda.xml_safe(c) if isinstance(c, str) else c) for c in row])
    return buffer.getvalue()


def _live_memos(column, ids):
    if not ids:
        return {}
    found = defaultdict(list)
    for memo in db.session.scalars(select(Memo).where(column.in_(list(ids)), Memo.deleted_at.is_(None))
                                   .order_by(Memo.created_at, Memo.id)):
        found[getattr(memo, column.key)].append(memo)
    return found


def project_qdpx(filters, created=None):
    """The REFI-QDA project (.qdpx bytes): codes, coders, cases with variables, texts, codings, memos.

    No creation time is written unless given: an export time next to anonymous answers is a time an
    answer could be lined up with, and without it two exports of the same project are the same bytes.
    """
    guids = Guids()
    items = _texts(filters)
    response_of = _response_keys([i.id for i in items if i.kind == "answer"])
    # Users: everyone who coded or wrote a memo exported here, plus one for codings whose coder has gone.
    code_memos = _live_memos(Memo.code_id, [c.id for c in codebook.all_codes()])
    text_memos = {"answer": _live_memos(Memo.answer_id, [i.id for i in items if i.kind == "answer"]),
                  "closing": _live_memos(Memo.closing_feedback_id, [i.id for i in items if i.kind == "closing"]),
                  "checkin": _live_memos(Memo.checkin_id, [i.id for i in items if i.kind == "checkin"]),
                  "turn": _live_memos(Memo.turn_id, [i.id for i in items if i.kind == "turn"])}
    user_ids = ({c.created_by_id for i in items for c in i.codings if c.created_by_id}
                | {m.created_by_id for ms in code_memos.values() for m in ms if m.created_by_id}
                | {m.created_by_id for by in text_memos.values() for ms in by.values() for m in ms if m.created_by_id})
    users = [(guids("user", u.id), u.display_name) for u in
             db.session.scalars(select(User).where(User.id.in_(list(user_ids))).order_by(User.id))] if user_ids else []
    known = {guid for guid, _ in users}
    former = guids("user", "former")

    def user_guid(user_id):
        guid = guids("user", user_id) if user_id else former
        return guid if guid in known else former

    notes = []
    code_notes = {}
    for code_id, ms in sorted(code_memos.items()):
        code_notes[code_id] = [_note(guids, m, user_guid(m.created_by_id)) for m in ms]
        notes += code_notes[code_id]
    top, code_guids = _qcodes(guids, code_notes)
    variables = [(guids("variable", name), name, kind) for name, kind in VARIABLES]
    var = {name: guid for guid, name, _kind in variables}
    countries = _countries(items)
    cases: dict[str, refiqda.QCase] = {}
    sources = []
    numbers: dict[str, int] = {}
    for item in items:
        # A case per respondent; for a transcript, per speaker (the turn's "question" is "title: pseudonym").
        case_key = (f"response:{response_of.get(item.id)}" if item.kind == "answer"
                    else f"speaker:{item.event_id}:{item.question}" if item.kind == "turn" else f"{item.kind}:{item.id}")
        number = numbers.setdefault(case_key, len(numbers) + 1)
        source = refiqda.QSource(guid=guids("source", f"{item.kind}:{item.id}"),
                                 name=f"Respondent {number}: {item.question}"[:200], text=item.text)
        spans = defaultdict(list)
        for coding in item.codings:
            if coding.code_id not in code_guids:
                continue
            start, end = (0, len(item.text)) if coding.start_offset is None else (coding.start_offset, coding.end_offset)
            coder = user_guid(coding.created_by_id)
            spans[(start, end, coder)].append(refiqda.QCoding(
                guid=coding.guid, code_guid=code_guids[coding.code_id], user_guid=coder,
                created=coding.created_at.astimezone(UTC).isoformat(timespec="seconds")))
        # One selection per span and coder, so an importer that reads the coder off the selection
        # (QualCoder) attributes every coding to the person who made it.
        source.selections = [refiqda.QSelection(guid=guids("selection", f"{item.kind}:{item.id}:{s}:{e}:{u}"),
                                                start=s, end=e, codings=c)
                             for (s, e, u), c in sorted(spans.items())]
        for memo in text_memos[item.kind].get(item.id, []):
            note = _note(guids, memo, user_guid(memo.created_by_id))
            notes.append(note)
            source.note_guids.append(note.guid)
        sources.append(source)
        if case_key not in cases:
            cases[case_key] = refiqda.QCase(guid=guids("case", case_key), name=f"Respondent {number}",
                                            values=_case_values(item, var, countries.get(response_of.get(item.id))))
        cases[case_key].source_guids.append(source.guid)
    project = memos.project()
    project_notes = []
    if project.memo:
        project_note = refiqda.QNote(guid=guids("note", "project"), name="Project memo", text=project.memo)
        notes.append(project_note)
        project_notes.append(project_note.guid)
    users_out = users + ([(former, "Former organiser")] if any(
        c.user_guid == former for s in sources for sel in s.selections for c in sel.codings) or any(
        n.user_guid == former for n in notes) else [])
    xml = refiqda.project_xml("Soft Landing feedback", users_out, top, variables, list(cases.values()), sources,
                              created=created.isoformat(timespec="seconds") if created else None, notes=notes,
                              description=project.memo, note_guids=project_notes)
    return refiqda.qdpx(xml, sources)


def _countries(items):
    """{response id: country name} for respondents of surveys that were not anonymous (one query)."""
    from softlanding.blueprints.feedback.models import SurveyResponse

    ids = [i.id for i in items if i.kind == "answer" and not i.anonymous]
    if not ids:
        return {}
    response_of = _response_keys(ids)
    owners = dict(db.session.execute(select(SurveyResponse.id, SurveyResponse.user_id)
                                     .where(SurveyResponse.id.in_(set(response_of.values())))).tuples().all())
    by_user = qualification_countries({u for u in owners.values() if u})
    return {rid: reference.label("country", by_user[uid]) for rid, uid in owners.items() if uid in by_user}


def _case_values(item, var, country):
    """The case's variables: event and date always; the person's attributes only when not anonymous."""
    values = {var["event"]: ("Text", item.event_title)}
    if item.date:
        values[var["date"]] = ("Date", item.date.date().isoformat())
    if item.anonymous:
        return values
    for name, value in (("career stage", reference.label("career_stage", item.career_stage) if item.career_stage
                         else ""), ("region", reference.label("region", item.region) if item.region else ""),
                        ("country of qualification", country or ""), ("rating", item.rating_label)):
        if value:
            values[var[name]] = ("Text", value)
    return values
