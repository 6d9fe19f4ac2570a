"""Exports of the analysis: answers with 0/1 code columns, a quote table, REFI-QDA codebook and project.

No export carries who answered: rows and Cases are numbered in the export ("Respondent 12"), every
GUID is random per export, and career stage and region appear only for answers that were not
anonymous. Respondents are never named, and no user id, email or response id is written.
"""

import uuid
from collections import defaultdict

from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.analysis import codebook, selection
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.models import MAIN, Coding
from softlanding.blueprints.feedback.models import Answer
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from softlanding.lib import refiqda
from softlanding.lib.csvsafe import write_csv


def _guid():
    return str(uuid.uuid4())


def _texts(filters):
    """Every text (TextItem) the filters select, oldest first, with their codings."""
    if filters.source == "mentoring":
        keys = [("closing", row.id) for row in db.session.scalars(selection.closing_statement(filters))]
    else:
        keys = [("answer", i) for i in db.session.scalars(selection.answers_statement(filters, columns=[Answer.id]))]
    items = analysis.load_items(set(keys))
    ordered = [items[k] for k in keys if k in items]
    # Anonymous answers of a day follow their survey's fixed random order, never their ids.
    ordered.sort(key=lambda i: (i.date, i.kind, i.order_key, 0 if i.order_key else i.id, i.id))
    return ordered


def _respondent_numbers(items):
    """{text key: respondent number}; answers of one response share a number (one Case)."""
    numbers: dict[tuple[str, int], int] = {}
    by_response: dict[tuple[str, int | None], int] = {}
    response_of = _response_keys([i.id for i in items if i.kind == "answer"])
    for item in items:
        group = ("response", response_of.get(item.id)) if item.kind == "answer" else ("closing", item.id)
        numbers[(item.kind, item.id)] = by_response.setdefault(group, len(by_response) + 1)
    return numbers


def _response_keys(answer_ids: list[int]) -> dict[int, int]:
    """{answer id: response id}: used only to group answers into Cases, never written out."""
    if not answer_ids:
        return {}
    return dict(db.session.execute(select(Answer.id, Answer.response_id).where(Answer.id.in_(answer_ids)))
                .tuples().all())


def answers_csv(filters):
    """CSV text: one row per answer, with one 0/1 column per code."""
    items = _texts(filters)
    numbers = _respondent_numbers(items)
    codes = codebook.codable_codes()
    header = ["respondent", "source", "event", "category", "question", "date", "rating", "career_stage",
              "region", "answer"] + [c.name for c in codes]
    rows = []
    for item in items:
        applied = {c.code_id for c in item.codings}
        rows.append([f"Respondent {numbers[(item.kind, item.id)]}", analysis.SOURCES[filters.source],
                     item.event_title, item.category, item.question,
                     item.date.date().isoformat() if item.date else "", item.rating_label,
                     item.career_stage or "", item.region or "", item.text]
                    + [1 if c.id in applied else 0 for c in codes])
    return write_csv(rows, header)


def quotes_csv():
    """CSV text: theme, code, quote, event, date, rating for every coding."""
    codings = list(db.session.scalars(select(Coding).where(MAIN).order_by(Coding.code_id, Coding.id)))
    items = analysis.load_items({("answer", c.answer_id) if c.answer_id else ("closing", c.closing_feedback_id)
                                 for c in codings})
    rows = []
    for coding in codings:
        item = items.get(("answer", coding.answer_id) if coding.answer_id else ("closing", coding.closing_feedback_id))
        if item is None:
            continue
        quote = item.text if coding.start_offset is None else item.text[coding.start_offset:coding.end_offset]
        theme = coding.code.parent.name if coding.code.parent is not None else ""
        rows.append([theme, coding.code.name, quote, item.event_title,
                     item.date.date().isoformat() if item.date else "", item.rating_label])
    rows.sort(key=lambda r: (r[0], r[1], r[4]))
    return write_csv(rows, ["theme", "code", "quote", "event", "date", "rating"])


def _qcodes():
    """(top-level QCodes, {code id: guid}); themes are not codable and hold their codes."""
    themes, ungrouped, _counts = codebook.codebook()
    guids = {}

    def qcode(code, codable):
        guids[code.id] = _guid()
        return refiqda.QCode(guid=guids[code.id], name=code.name, colour=code.colour,
                             description=code.definition, codable=codable)

    top = []
    for group in themes:
        theme = qcode(group["theme"], False)
        theme.children = [qcode(c, True) for c in group["codes"]]
        top.append(theme)
    top += [qcode(c, True) for c in ungrouped]
    return top, guids


def codebook_qdc():
    """The REFI-QDA codebook (.qdc bytes)."""
    top, _guids = _qcodes()
    if not top:
        raise ValidationError("The codebook is empty: add codes before exporting it.")
    return refiqda.codebook_xml(top)


def project_qdpx(filters):
    """The REFI-QDA project (.qdpx bytes): cases with event/date/rating, answers as text sources."""
    top, code_guids = _qcodes()
    items = _texts(filters)
    numbers = _respondent_numbers(items)
    variables = [(_guid(), "event", "Text"), (_guid(), "date", "Date"), (_guid(), "rating", "Text")]
    user_ids = {c.created_by_id for i in items for c in i.codings if c.created_by_id}
    user_guids = {uid: _guid() for uid in user_ids}
    users = [(user_guids[u.id], u.display_name)
             for u in db.session.scalars(select(User).where(User.id.in_(list(user_ids))))] if user_ids else []
    cases: dict[int, refiqda.QCase] = {}
    sources = []
    for item in items:
        number = numbers[(item.kind, item.id)]
        source = refiqda.QSource(guid=_guid(), name=f"Respondent {number}: {item.question}"[:200], text=item.text)
        spans = defaultdict(list)
        for coding in item.codings:
            if coding.code_id not in code_guids:
                continue
            start, end = (0, len(item.text)) if coding.start_offset is None else (coding.start_offset, coding.end_offset)
            spans[(start, end)].append(refiqda.QCoding(
                guid=_guid(), code_guid=code_guids[coding.code_id], user_guid=user_guids.get(coding.created_by_id),
                created=coding.created_at.isoformat(timespec="seconds")))
        source.selections = [refiqda.QSelection(guid=_guid(), start=s, end=e, codings=c)
                             for (s, e), c in sorted(spans.items())]
        sources.append(source)
        case = cases.get(number)
        if case is None:
            values = {variables[0][0]: ("Text", item.event_title)}
            if item.date:
                values[variables[1][0]] = ("Date", item.date.date().isoformat())
            if item.rating_label:
                values[variables[2][0]] = ("Text", item.rating_label)
            case = cases[number] = refiqda.QCase(guid=_guid(), name=f"Respondent {number}", values=values)
        case.source_guids.append(source.guid)
    project = refiqda.project_xml("Soft Landing feedback", users, top, variables, list(cases.values()), sources)
    return refiqda.qdpx(project, sources)
