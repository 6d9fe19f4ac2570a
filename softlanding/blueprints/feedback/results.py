"""Survey results: response rate, distributions, means, share "Excellent"; comparisons across events.

Nothing here returns who gave an answer: results are counts and the texts alone.
"""

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from softlanding.blueprints.events.access import is_host
from softlanding.blueprints.events.models import Event, EventHost
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import (
    RATING_LABELS,
    Answer,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from softlanding.core import stamps
from softlanding.core.errors import NotFound, PermissionDenied
from softlanding.core.extensions import db
from softlanding.lib import disclosure

NUMERIC = ("rating", "scale5", "scale10", "yes_no")
TEXT = ("short_text", "long_text")
TEXT_LIMIT = 300  # free-text answers shown per question on the results page


def scale_of(question):
    """[(value, label)] in display order for a numeric question."""
    if question.kind == "rating":
        return [(5 - i, label) for i, label in enumerate(RATING_LABELS)]
    if question.kind == "scale5":
        return [(v, str(v)) for v in range(1, 6)]
    if question.kind == "scale10":
        return [(v, str(v)) for v in range(0, 11)]
    return [(1, "Yes"), (0, "No")]


# A survey's results are kept under a change stamp of the tables they read (core/stamps.py), one value for
# organisers and one with the hosts' small-number suppression; who may see them is checked on every request.
KIND = "survey_results"
TABLES = {"survey", "survey_question", "survey_invitation", "survey_response", "answer"}


class SurveyHead(NamedTuple):
    """What the results page shows of the survey itself."""

    id: int
    title: str
    status: str
    closes_at: datetime | None
    anonymous: bool


class QuestionHead(NamedTuple):
    """What the results page shows of a question."""

    id: int
    prompt: str
    kind: str
    code: str
    options: list


@dataclass
class QuestionResult:
    """One question's results: counts in order, mean, share Excellent, or the free texts."""

    question: QuestionHead
    counts: OrderedDict = field(default_factory=OrderedDict)  # label -> n
    answered: int = 0
    mean: float | None = None
    share_excellent: int | None = None
    texts: list = field(default_factory=list)
    more_texts: int = 0


def can_view(user, survey):
    """Organisers see every survey's results; hosts see their own events' results."""
    return user.is_authenticated and (user.is_organiser or is_host(user, survey.event))


def watch() -> None:
    """Declare the tables a survey's results read (once, from the domain's register)."""
    stamps.watch(KIND, TABLES)


def survey_results(survey_id, viewer):
    """(survey, {invited, responded, rate}, [QuestionResult]) for someone allowed to see them.

    The value is shared by every viewer of the same kind until what it counts changes: callers must not
    change it."""
    if not viewer.is_organiser and not can_view(viewer, _survey_with_hosts(survey_id)):
        raise PermissionDenied("Only organisers and the event's hosts see these results.")
    audience = "organiser" if viewer.is_organiser else "host"
    kept = stamps.get_cache().value(KIND, f"{survey_id}|{audience}", lambda: _results(survey_id, audience))
    if kept is None:
        raise NotFound("No such survey.")
    return kept


def _survey_with_hosts(survey_id):
    # Whether the viewer hosts the event reads its host and co-hosts only, not the event's slots,
    # resources and host account, nor the survey's questions (four queries more on every host's view).
    survey = db.session.get(Survey, survey_id, options=(
        lazyload(Survey.questions),
        joinedload(Survey.event).options(lazyload(Event.host), lazyload(Event.slots), lazyload(Event.resources),
                                         selectinload(Event.cohosts).lazyload(EventHost.user))))
    if survey is None:
        raise NotFound("No such survey.")
    return survey


def _results(survey_id, audience):
    invited_q = select(func.count(SurveyInvitation.id)).where(SurveyInvitation.survey_id == Survey.id)
    row = db.session.execute(
        select(Survey.id, Survey.title, Survey.status, Survey.closes_at, Survey.anonymous,
               invited_q.scalar_subquery(),
               invited_q.where(SurveyInvitation.has_responded.is_(True)).scalar_subquery(),
               select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == Survey.id).scalar_subquery())
        .where(Survey.id == survey_id)).one_or_none()
    if row is None:
        return None
    survey, (invited, responded, responses) = SurveyHead._make(row[:5]), row[5:]
    summary = {"invited": invited, "responded": responses,
               "rate": round(100 * responded / invited) if invited else None,
               "withheld": anonymity.withheld(survey, responses or 0), "minimum": anonymity.minimum()}
    if summary["withheld"]:
        # Below the minimum even the count of answers narrows who answered: say only "fewer than N".
        summary.update(responded=f"fewer than {summary['minimum']}", rate=None)
        return survey, summary, []
    questions = [QuestionHead._make(q) for q in db.session.execute(
        select(SurveyQuestion.id, SurveyQuestion.prompt, SurveyQuestion.kind, SurveyQuestion.code,
               SurveyQuestion.options).where(SurveyQuestion.survey_id == survey.id)
        .order_by(SurveyQuestion.position, SurveyQuestion.id))]
    numbers = db.session.execute(
        select(Answer.question_id, Answer.number_value, func.count(Answer.id))
        .join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
        .where(SurveyQuestion.survey_id == survey.id, SurveyQuestion.kind.in_(NUMERIC))
        .group_by(Answer.question_id, Answer.number_value)).all()
    by_question: dict[int, dict[int, int]] = {}
    for qid, value, n in numbers:
        # Numeric answers are stored only with a value; a row without one has nothing to count.
        if value is not None:
            by_question.setdefault(qid, {})[value] = n
    choice_rows = db.session.execute(
        select(Answer.question_id, Answer.choices).join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
        .where(SurveyQuestion.survey_id == survey.id, SurveyQuestion.kind.in_(("single", "multiple")))).all()
    choices: dict[int, Counter[str]] = {}
    for qid, picked in choice_rows:
        choices.setdefault(qid, Counter()).update(picked or [])
        choices[qid]["__answered__"] += 1
    texts = _texts([q.id for q in questions if q.kind not in NUMERIC and q.kind not in ("single", "multiple")],
                   survey.anonymous)
    results = []
    for q in questions:
        result = QuestionResult(q)
        if q.kind in NUMERIC:
            raw = by_question.get(q.id, {})
            for value, label in scale_of(q):
                result.counts[label] = raw.get(value, 0)
            result.answered = sum(raw.values())
            if result.answered:
                result.mean = round(sum(v * n for v, n in raw.items()) / result.answered, 2)
                if q.kind == "rating":
                    result.share_excellent = round(100 * raw.get(5, 0) / result.answered)
        elif q.kind in ("single", "multiple"):
            counter = choices.get(q.id, Counter())
            result.answered = counter.pop("__answered__", 0)
            for option in q.options or []:
                result.counts[option] = counter.get(option, 0)
        else:
            result.texts, result.answered = texts.get(q.id, ([], 0))
            result.more_texts = max(result.answered - len(result.texts), 0)
        results.append(result)
    if audience != "organiser":
        # A host knows who came: below the threshold even how many answered narrows who said what.
        summary["responded"] = disclosure.count(summary["responded"])
        if disclosure.is_small(responses or 0):
            summary["rate"] = None
        for result in results:
            _suppress_for_host(result)
    return survey, summary, results


def _suppress_for_host(result):
    # A host knows who came; small counts (and means made from them) of a small event would name people.
    small = disclosure.is_small(result.answered)
    result.answered = disclosure.count(result.answered)
    if small:
        result.mean = result.share_excellent = None
    if result.counts:
        result.counts = OrderedDict(disclosure.table(result.counts).cells)


def _texts(question_ids, anonymous):
    """{question id: (its first TEXT_LIMIT free-text answers, how many it has)}, in one statement."""
    if not question_ids:
        return {}
    # Anonymous answers are listed alphabetically, so not even their order hints at who answered when.
    order = (Answer.text_value, Answer.id) if anonymous else (Answer.id,)
    ranked = (select(Answer.question_id, Answer.text_value,
                     func.row_number().over(partition_by=Answer.question_id, order_by=order).label("place"),
                     func.count().over(partition_by=Answer.question_id).label("total"))
              .where(Answer.question_id.in_(question_ids), Answer.text_value.is_not(None)).subquery("ranked"))
    found: dict[int, tuple[list[str], int]] = {}
    for qid, text, total in db.session.execute(
            select(ranked.c.question_id, ranked.c.text_value, ranked.c.total)
            .where(ranked.c.place <= TEXT_LIMIT).order_by(ranked.c.question_id, ranked.c.place)):
        found.setdefault(qid, ([], int(total)))[0].append(text)
    return found
