"""CSV exports of the analysis: answers with 0/1 code columns and a quote table (REFI-QDA is in exchange.py).

No export carries who answered: rows are numbered in the export ("Respondent 12"), and career stage
and region appear only for answers that were not anonymous. Respondents are never named, and no user
id, email or response id is written.
"""

from sqlalchemy import select

from softlanding.blueprints.analysis import blind, codebook, selection
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.models import Coding
from softlanding.blueprints.feedback.models import Answer
from softlanding.core import reference
from softlanding.core.extensions import db
from softlanding.lib.csvsafe import write_csv


def _texts(filters):
    """Every text (TextItem) the filters select, oldest first, with their codings."""
    if filters.source == "mentoring":
        keys = [("closing", row.id) for row in db.session.scalars(selection.closing_statement(filters))]
    elif filters.source == "checkins":
        keys = [("checkin", row.id) for row in db.session.scalars(selection.checkin_statement(filters))]
    elif filters.source == "transcripts":
        keys = [("turn", row.id) for row in db.session.scalars(selection.turn_statement(filters))]
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
        group = ("response", response_of.get(item.id)) if item.kind == "answer" else (item.kind, item.id)
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
    header = ["respondent", "source", "event", "category", "question", "date", "rating", "career stage",
              "region", "answer"] + [c.name for c in codes]
    categories = {**reference.labels("event_category"), "mentoring": "Mentoring"}
    stages, regions = reference.labels("career_stage"), reference.labels("region")
    rows = []
    for item in items:
        applied = {c.code_id for c in item.codings}
        rows.append([f"Respondent {numbers[(item.kind, item.id)]}", analysis.SOURCES[filters.source],
                     item.event_title, categories.get(item.category, item.category), item.question,
                     item.date.date().isoformat() if item.date else "", item.rating_label,
                     stages.get(item.career_stage or "", item.career_stage or ""),
                     regions.get(item.region or "", item.region or ""), item.text]
                    + [1 if c.id in applied else 0 for c in codes])
    return write_csv(rows, header)


def quotes_csv():
    """CSV text: theme, code, quote, event, date, rating for every coding."""
    codings = list(db.session.scalars(select(Coding).where(blind.team_codings()).order_by(Coding.code_id, Coding.id)))
    items = analysis.load_items({c.target_key for c in codings})
    rows = []
    for coding in codings:
        item = items.get(coding.target_key)
        if item is None:
            continue
        quote = item.text if coding.start_offset is None else item.text[coding.start_offset:coding.end_offset]
        theme = coding.code.parent.name if coding.code.parent is not None else ""
        rows.append([theme, coding.code.name, quote, item.event_title,
                     item.date.date().isoformat() if item.date else "", item.rating_label])
    rows.sort(key=lambda r: (r[0], r[1], r[4]))
    return write_csv(rows, ["theme", "code", "quote", "event", "date", "rating"])
