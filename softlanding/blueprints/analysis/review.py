"""Review: extracts per code or theme, counts of coded answers per theme, co-occurring codes."""

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from typing import NamedTuple, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from softlanding.blueprints.analysis import blind, selection
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.codebook import get_code
from softlanding.blueprints.analysis.models import MAIN, Code, Coding, Transcript, Turn
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import Answer, Survey, SurveyResponse
from softlanding.blueprints.mentoring.models import ClosingFeedback
from softlanding.blueprints.mentoring.models_pair import PairCheckin
from softlanding.core.extensions import db


class CodedRow(NamedTuple):
    """One coding as the review tables count it: its theme, its code, the text it marks and its source."""

    theme_id: int
    code_id: int
    key: tuple[str, int | None]
    source: str
    category: str
    when: datetime


class CountTable(TypedDict):
    """Coded texts per theme across one dimension: a column per value, a row per theme."""

    columns: list[str]
    rows: list[tuple[str, list[int]]]


class ThemeCounts(TypedDict):
    """theme_counts(): (name, count, id) per theme, most coded first, and a table per dimension."""

    themes: list[tuple[str, int, int]]
    event: CountTable
    category: CountTable
    month: CountTable


class ThemeQuote(TypedDict):
    """One row of top_themes(): a theme, how many answers it coded, and its most-coded extract."""

    theme: str
    count: int
    quote_answer_text: str
    quote_event_title: str


def codes_under(code):
    """The ids a code's extracts come from: itself, plus its codes when it is a theme."""
    ids = [code.id]
    if code.is_theme:
        ids += list(db.session.scalars(select(Code.id).where(Code.parent_id == code.id)))
    return ids


def _items_for(codings):
    """{(kind, id): TextItem} for the texts of these codings, in a fixed number of queries."""
    return analysis.load_items({c.target_key for c in codings})


def extracts(code_id, page=1, per_page=25):
    """(code, pagination, [(coding, item, extract text)]) for a code or, for a theme, all its codes."""
    code = get_code(code_id)
    stmt = select(Coding).where(Coding.code_id.in_(codes_under(code)), blind.team_codings()).order_by(Coding.created_at.desc(), Coding.id.desc())
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    items = _items_for(pagination.items)
    rows = []
    for coding in pagination.items:
        item = items.get(coding.target_key)
        if item is None:
            continue
        rows.append((coding, item, extract_text(item.text, coding)))
    return code, pagination, rows


def extract_text(text, coding):
    """The coded part of a text: the span, or all of it."""
    if coding.start_offset is None:
        return text
    return text[coding.start_offset:coding.end_offset]


def _coded_rows() -> list[CodedRow]:
    """(theme id, code id, text key, event title, category, date) for every coding, one query per source."""
    parent = aliased(Code)
    seen = blind.team_codings()  # a second coder does not see the team's codes on their open sample
    rows: list[CodedRow] = []
    answer_stmt = (select(Code.id, parent.id, Coding.answer_id, Event.title, Survey.title, Event.category,
                          SurveyResponse.submitted_on)
                   .join(Code, Code.id == Coding.code_id).outerjoin(parent, parent.id == Code.parent_id)
                   .join(Answer, Answer.id == Coding.answer_id)
                   .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
                   .join(Survey, Survey.id == SurveyResponse.survey_id).outerjoin(Event, Event.id == Survey.event_id)
                   .where(seen))
    for code_id, parent_id, answer_id, event_title, survey_title, category, when in db.session.execute(answer_stmt):
        rows.append(CodedRow(parent_id or code_id, code_id, ("answer", answer_id), event_title or survey_title,
                             category or "", when))
    closing_stmt = (select(Code.id, parent.id, Coding.closing_feedback_id, ClosingFeedback.created_at)
                    .join(Code, Code.id == Coding.code_id).outerjoin(parent, parent.id == Code.parent_id)
                    .join(ClosingFeedback, ClosingFeedback.id == Coding.closing_feedback_id).where(seen))
    for code_id, parent_id, closing_id, when in db.session.execute(closing_stmt):
        rows.append(CodedRow(parent_id or code_id, code_id, ("closing", closing_id), "Mentoring relationships",
                             "mentoring", when))
    checkin_stmt = (select(Code.id, parent.id, Coding.checkin_id, PairCheckin.created_at)
                    .join(Code, Code.id == Coding.code_id).outerjoin(parent, parent.id == Code.parent_id)
                    .join(PairCheckin, PairCheckin.id == Coding.checkin_id).where(MAIN))
    for code_id, parent_id, checkin_id, when in db.session.execute(checkin_stmt):
        rows.append(CodedRow(parent_id or code_id, code_id, ("checkin", checkin_id), "Mentoring check-ins",
                             "mentoring", when))
    turn_stmt = (select(Code.id, parent.id, Coding.turn_id, Event.title, Transcript.title, Event.category,
                        Transcript.held_on)
                 .join(Code, Code.id == Coding.code_id).outerjoin(parent, parent.id == Code.parent_id)
                 .join(Turn, Turn.id == Coding.turn_id).join(Transcript, Transcript.id == Turn.transcript_id)
                 .outerjoin(Event, Event.id == Transcript.event_id).where(seen))
    for code_id, parent_id, turn_id, event_title, title, category, held_on in db.session.execute(turn_stmt):
        rows.append(CodedRow(parent_id or code_id, code_id, ("turn", turn_id), event_title or title, category or "",
                             datetime.combine(held_on, datetime.min.time(), tzinfo=UTC)))
    return rows


def theme_counts() -> ThemeCounts:
    """Counts of coded texts per theme by event, by category and by month (each text counted once)."""
    names: dict[int, str] = {row.id: row.name for row in db.session.execute(select(Code.id, Code.name))}
    by: dict[str, defaultdict[tuple[int, str], set[tuple[str, int | None]]]] = {
        "event": defaultdict(set), "category": defaultdict(set), "month": defaultdict(set)}
    totals: defaultdict[int, set[tuple[str, int | None]]] = defaultdict(set)
    for theme_id, _code_id, key, event_title, category, when in _coded_rows():
        totals[theme_id].add(key)
        by["event"][(theme_id, event_title)].add(key)
        by["category"][(theme_id, category)].add(key)
        by["month"][(theme_id, when.strftime("%Y-%m") if when else "")].add(key)
    themes = sorted(((names.get(t, ""), len(keys), t) for t, keys in totals.items()),
                    key=lambda row: (-row[1], row[0]))

    def table(dimension: str) -> CountTable:
        groups = by[dimension]
        columns = sorted({value for (_t, value) in groups})
        rows = [(names.get(t, ""), [len(groups.get((t, col), ())) for col in columns]) for _name, _n, t in themes]
        return {"columns": columns, "rows": rows}

    return {"themes": themes, "event": table("event"), "category": table("category"), "month": table("month")}


def cooccurrence() -> tuple[list[Code], list[list[int]]]:
    """(codes, matrix) where matrix[i][j] is how many texts carry both code i and code j."""
    per_text: defaultdict[tuple[str, int | None], set[int]] = defaultdict(set)
    for _theme_id, code_id, key, *_rest in _coded_rows():
        per_text[key].add(code_id)
    pairs: Counter[tuple[int, ...]] = Counter()
    singles: Counter[int] = Counter()
    for code_ids in per_text.values():
        singles.update(code_ids)
        pairs.update(combinations(sorted(code_ids), 2))
    codes = [c for c in db.session.scalars(select(Code).where(Code.id.in_(list(singles))).order_by(Code.name))]
    matrix = []
    for a in codes:
        row = []
        for b in codes:
            row.append(singles[a.id] if a.id == b.id else pairs[tuple(sorted((a.id, b.id)))])
        matrix.append(row)
    return codes, matrix


def top_themes(start: date | datetime, end: date | datetime, category: str | None = None,
               limit: int = 5) -> list[ThemeQuote]:
    """The themes with the most coded answers whose response date is in [start, end] (dates inclusive).

    Returns [{theme, count, quote_answer_text, quote_event_title}], most coded first. A theme is a
    parent code; a code not grouped under a theme counts as its own theme. The quote is the extract
    (the coded span, or the whole answer) of the answer that theme's codes were applied to most often.
    """
    start_at = selection.day_start(start) if not isinstance(start, datetime) else start
    end_at = selection.day_start(end + timedelta(days=1)) if not isinstance(end, datetime) else end
    parent = aliased(Code)
    theme_id = func.coalesce(parent.id, Code.id)
    stmt = (select(theme_id, Coding.answer_id, Coding.start_offset, Coding.end_offset, Answer.text_value,
                   Event.title, Survey.title)
            .join(Code, Code.id == Coding.code_id).outerjoin(parent, parent.id == Code.parent_id)
            .join(Answer, Answer.id == Coding.answer_id).join(SurveyResponse, SurveyResponse.id == Answer.response_id)
            .join(Survey, Survey.id == SurveyResponse.survey_id).outerjoin(Event, Event.id == Survey.event_id)
            .where(SurveyResponse.submitted_on >= start_at, SurveyResponse.submitted_on < end_at, MAIN))
    # Focus-group and interview turns count too, by the day the group met; their keys are negative so
    # they never collide with answer ids (the count is of coded texts).
    turns = (select(theme_id, -Coding.turn_id, Coding.start_offset, Coding.end_offset, Turn.text, Event.title,
                    Transcript.title)
             .join(Code, Code.id == Coding.code_id).outerjoin(parent, parent.id == Code.parent_id)
             .join(Turn, Turn.id == Coding.turn_id).join(Transcript, Transcript.id == Turn.transcript_id)
             .outerjoin(Event, Event.id == Transcript.event_id)
             .where(Transcript.held_on >= start_at.date(), Transcript.held_on < end_at.date(), MAIN))
    if category:
        stmt = stmt.where(Event.category == category)
        turns = turns.where(Event.category == category)
    answers: dict[int, set[int]] = {}
    quotes: dict[int, dict[int, tuple[int, tuple[str, str | None]]]] = {}
    for tid, answer_id, s, e, text, event_title, survey_title in [*db.session.execute(stmt),
                                                                  *db.session.execute(turns)]:
        answers.setdefault(tid, set()).add(answer_id)
        per_answer = quotes.setdefault(tid, {})
        hits, _ = per_answer.get(answer_id, (0, None))
        extract = text[s:e] if s is not None else text
        per_answer[answer_id] = (hits + 1, (extract, event_title or survey_title))
    names: dict[int, str] = {row.id: row.name for row in db.session.execute(
        select(Code.id, Code.name).where(Code.id.in_(list(answers))))}
    ranked = sorted(answers, key=lambda t: (-len(answers[t]), names.get(t, "")))[:limit]
    result: list[ThemeQuote] = []
    for tid in ranked:
        _answer_id, (_hits, (quote, event_title)) = max(quotes[tid].items(), key=lambda kv: (kv[1][0], -kv[0]))
        result.append({"theme": names.get(tid, ""), "count": len(answers[tid]),
                       "quote_answer_text": quote, "quote_event_title": event_title or ""})
    return result

