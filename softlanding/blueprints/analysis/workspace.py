"""The coding workspace: free-text answers, mentoring closing and check-in comments and transcript
turns, filtered and paged, with their codings.

Texts are addressed as (kind, id) (see items.py for the kinds). Nothing here returns who wrote a text:
the workspace shows career stage and region only for answers that were not anonymous, and never a name.
"""

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select

from softlanding.blueprints.analysis import blind, figures
from softlanding.blueprints.analysis.items import (
    CodeView,
    CodingView,
    answer_item,
    answer_row_item,
    checkin_item,
    closing_item,
    turn_item,
)
from softlanding.blueprints.analysis.items import TextItem as TextItem
from softlanding.blueprints.analysis.models import MAIN, Code, Coding, Memo, Turn
from softlanding.blueprints.analysis.paging import ListPage
from softlanding.blueprints.analysis.selection import (
    answers_statement,
    checkin_statement,
    closing_statement,
    rating_subquery,
    turn_statement,
)
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import Answer, Survey, SurveyQuestion, SurveyResponse
from softlanding.blueprints.mentoring.models import ClosingFeedback
from softlanding.blueprints.mentoring.models_pair import PairCheckin
from softlanding.core import stamps
from softlanding.core.converters import parse_id, sane_year
from softlanding.core.errors import NotFound
from softlanding.core.extensions import db

SOURCES = {"surveys": "Survey answers", "mentoring": "Mentoring closing comments",
           "checkins": "Mentoring check-ins", "transcripts": "Focus groups and interviews"}
KIND_OF_SOURCE = {"surveys": "answer", "mentoring": "closing", "checkins": "checkin", "transcripts": "turn"}
TARGET_COLUMN = {"answer": "answer_id", "closing": "closing_feedback_id", "checkin": "checkin_id",
                 "turn": "turn_id"}


@dataclass
class Filters:
    """What the organiser narrowed the workspace to; every field optional."""

    source: str = "surveys"
    event_id: int | None = None
    category: str = ""
    question: str = ""
    date_from: date | None = None
    date_to: date | None = None
    rating: int | None = None
    career_stage: str = ""
    region: str = ""
    q: str = ""
    code_id: int | None = None
    also_code_id: int | None = None  # with code_id: texts that carry both (a co-occurrence cell)
    uncoded: bool = False  # only texts no code has been applied to yet


def _int(value):
    # An id the database can hold, or None: a huge number would overflow the query (a 500).
    return parse_id(value)


def _date(value):
    try:
        parsed = date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    return parsed if parsed is None or sane_year(parsed.year) else None  # no overflow at date.max


def parse_filters(args):
    """Filters from query arguments (a mapping); anything malformed is ignored, never an error."""
    source = args.get("source") or "surveys"
    rating = _int(args.get("rating"))
    return Filters(
        source=source if source in SOURCES else "surveys",
        event_id=_int(args.get("event")), category=(args.get("category") or "")[:40],
        question=(args.get("question") or "")[:500], date_from=_date(args.get("from")),
        date_to=_date(args.get("to")), rating=rating if rating in range(1, 6) else None,
        career_stage=(args.get("career_stage") or "")[:40], region=(args.get("region") or "")[:40],
        q=(args.get("q") or "").strip()[:200], code_id=_int(args.get("code")), also_code_id=_int(args.get("also")),
        uncoded=args.get("uncoded") in ("1", "on", "true"),
    )


def ratings_for(response_ids):
    """{response_id: overall rating} in one query."""
    if not response_ids:
        return {}
    rows = db.session.execute(select(SurveyResponse.id, rating_subquery(SurveyResponse.id))
                              .where(SurveyResponse.id.in_(response_ids)))
    return {rid: value for rid, value in rows}


def attach_codings(items, light=False, uncoded=frozenset()):
    """Codings and memo counts in a few queries; answers of the viewer's open blind sample come back hidden.

    light=True (the workspace's cards): codings as plain rows (CodingView: code, offsets; no author), and
    no memo count query for answers, whose rows brought their counts (answer_columns). `uncoded`: ids of
    answers known to carry no team coding at all (their rows said so), which need no coding query.
    """
    hidden = blind.hidden_answers(i.id for i in items if i.kind == "answer")
    for item in items:
        item.hidden = item.kind == "answer" and item.id in hidden
    for kind, column, memo_column in (("answer", Coding.answer_id, Memo.answer_id),
                                      ("closing", Coding.closing_feedback_id, Memo.closing_feedback_id),
                                      ("checkin", Coding.checkin_id, Memo.checkin_id),
                                      ("turn", Coding.turn_id, Memo.turn_id)):
        ids = [i.id for i in items if i.kind == kind]
        if not ids:
            continue
        by_id = {i.id: i for i in items if i.kind == kind}
        if light:
            coded = {i: item for i, item in by_id.items() if kind != "answer" or i not in uncoded}
            if coded:
                _attach_coding_rows(coded, column)
        else:
            for coding in db.session.scalars(select(Coding).where(column.in_(ids), blind.team_codings())
                                             .order_by(Coding.id)):
                by_id[getattr(coding, column.key)].codings.append(coding)
        if light and kind == "answer":
            continue
        for target, count in db.session.execute(
                select(memo_column, func.count()).where(memo_column.in_(ids), Memo.deleted_at.is_(None))
                .group_by(memo_column)):
            by_id[target].memo_count = count
    return items


def _attach_coding_rows(by_id, column):
    """The team's codings of these texts (by id) as CodingViews, in one query."""
    stmt = (select(Coding.id, column.label("target"), Coding.code_id, Coding.start_offset, Coding.end_offset,
                   Code.name, Code.colour).join(Code, Code.id == Coding.code_id)
            .where(column.in_(list(by_id)), blind.team_codings()).order_by(Coding.id))
    codes: dict[int, CodeView] = {}
    for row in db.session.execute(stmt):
        code = codes.get(row.code_id) or codes.setdefault(row.code_id, CodeView(row.code_id, row.name, row.colour))
        by_id[row.target].codings.append(CodingView(row.id, row.code_id, code, row.start_offset, row.end_offset))


@functools.cache  # built once: the constructs are immutable, and building them costs about a millisecond
def answer_columns():
    """The columns a workspace card of a survey answer shows, its overall rating and memo count included
    (subqueries PostgreSQL works out only for the page's rows, after the sort and limit)."""
    memo_count = (select(func.count()).where(Memo.answer_id == Answer.id, Memo.deleted_at.is_(None))
                  .correlate(Answer).scalar_subquery())
    # Whether any team coding (MAIN: no blind one) is on the answer: a page none of whose answers has one
    # needs no coding query. Team codings a viewer may see are a subset of these, so nothing shows more.
    coded = select(Coding.id).where(Coding.answer_id == Answer.id, MAIN).correlate(Answer).exists()
    return (Answer.id, Answer.text_value, SurveyResponse.submitted_on, SurveyResponse.career_stage,
            SurveyResponse.region, SurveyResponse.order_key, Survey.anonymous, Survey.title.label("survey_title"),
            Event.id.label("event_id"), Event.title.label("event_title"), Event.category, SurveyQuestion.prompt,
            rating_subquery(SurveyResponse.id).label("rating"), memo_count.label("memo_count"),
            coded.label("coded"))


def workspace(filters, page=1, per_page=25):
    """(pagination, items) for one page of the workspace; the query count does not grow with rows."""
    pagination: Any
    if filters.source == "mentoring":
        pagination = db.paginate(closing_statement(filters), page=page, per_page=per_page, error_out=False)
        items = [closing_item(row) for row in pagination.items]
    elif filters.source == "checkins":
        pagination = db.paginate(checkin_statement(filters), page=page, per_page=per_page, error_out=False)
        items = [checkin_item(row) for row in pagination.items]
    elif filters.source == "transcripts":
        pagination = db.paginate(turn_statement(filters), page=page, per_page=per_page, error_out=False)
        items = [turn_item(row) for row in pagination.items]
    else:
        pagination = ListPage(page, per_page, answer_count(filters))
        rows = answer_rows(filters, pagination.page, per_page)
        items = [answer_row_item(row) for row in rows]
        return pagination, attach_codings(items, light=True, uncoded={row.id for row in rows if not row.coded})
    return pagination, attach_codings(items, light=True)


# The unfiltered list's first pages (the workspace as it opens) are kept under a stamp of what their rows
# read: the same for every organiser, since no code, coding or blind sample decides which answers they
# hold or in what order (each row's "coded" says only whether any team coding is on it; the codings a
# viewer sees are still read for them). Filtered and deeper pages are read live.
PAGES_KIND = "analysis_answer_pages"
PAGES_TABLES = {"answer", "survey_response", "survey", "survey_question", "event", "analysis_memo",
                "analysis_coding"}
KEPT_PAGES = 20


def answer_rows(filters, page, per_page):
    """The page's answers as plain rows of the columns a card shows (answer_columns): no ORM objects."""
    def read():
        stmt = (answers_statement(filters, columns=answer_columns()).limit(per_page)
                .offset((page - 1) * per_page))
        return db.session.execute(stmt).all()

    if filters != Filters() or page > KEPT_PAGES:
        return read()
    return stamps.get_cache().value(PAGES_KIND, f"{page}:{per_page}", read)


def answer_count(filters):
    """How many answers the filters select: without filters, the sum of the (kept) progress figures."""
    if filters == Filters():
        return sum(total for _prompt, _coded, total in progress())
    stmt = answers_statement(filters, columns=[Answer.id]).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(stmt)) or 0


def get_item(kind, item_id):
    """One text by (kind, id) as a TextItem with its codings, or NotFound."""
    if kind == "answer":
        stmt = answers_statement(Filters()).where(Answer.id == item_id)
        answer = db.session.scalars(stmt).unique().first()
        if answer is None:
            raise NotFound("That answer does not exist.")
        item = answer_item(answer, ratings_for([answer.response_id]).get(answer.response_id))
    elif kind == "closing":
        row = db.session.get(ClosingFeedback, item_id)
        if row is None or not row.comment:
            raise NotFound("That comment does not exist.")
        item = closing_item(row)
    elif kind == "checkin":
        checkin = db.session.get(PairCheckin, item_id)
        if checkin is None or not checkin.comment:
            raise NotFound("That check-in comment does not exist.")
        item = checkin_item(checkin)
    elif kind == "turn":
        turn = db.session.get(Turn, item_id)
        if turn is None:
            raise NotFound("That passage does not exist.")
        item = turn_item(turn)
    else:
        raise NotFound("That text does not exist.")
    return attach_codings([item])[0]


def load_items(keys):
    """{(kind, id): TextItem} for many texts at once, with codings, in a fixed number of queries."""
    answer_ids = [i for kind, i in keys if kind == "answer"]
    closing_ids = [i for kind, i in keys if kind == "closing"]
    items = []
    if answer_ids:
        answers = db.session.scalars(answers_statement(Filters()).where(Answer.id.in_(answer_ids))).unique().all()
        ratings = ratings_for([a.response_id for a in answers])
        items += [answer_item(a, ratings.get(a.response_id)) for a in answers]
    if closing_ids:
        items += [closing_item(r) for r in db.session.scalars(
            select(ClosingFeedback).where(ClosingFeedback.id.in_(closing_ids)))]
    checkin_ids = [i for kind, i in keys if kind == "checkin"]
    if checkin_ids:
        items += [checkin_item(r) for r in db.session.scalars(
            select(PairCheckin).where(PairCheckin.id.in_(checkin_ids), PairCheckin.comment != ""))]
    turn_ids = [i for kind, i in keys if kind == "turn"]
    if turn_ids:
        items += [turn_item(t) for t in db.session.scalars(select(Turn).where(Turn.id.in_(turn_ids)))]
    return {(i.kind, i.id): i for i in attach_codings(items)}


def progress():
    """[(question, coded, total)]: how many of each question's free-text answers carry a code (kept
    between requests while nothing counted changes: see figures.py)."""
    return figures.cached("progress", _progress)


def _progress():
    # EXISTS per answer uses the coding table's answer_id index (an outer join to a DISTINCT
    # subquery made SQLite scan the codings once per answer: 0.6 s at 2,000 answers).
    coded = select(Coding.id).where(Coding.answer_id == Answer.id, blind.team_codings()).exists()
    stmt = (answers_statement(Filters(), columns=[SurveyQuestion.prompt, func.count(Answer.id),
                                                  func.sum(case((coded, 1), else_=0))])
            .group_by(SurveyQuestion.prompt).order_by(None).order_by(SurveyQuestion.prompt))
    return [(prompt, int(done or 0), total) for prompt, total, done in db.session.execute(stmt)]
