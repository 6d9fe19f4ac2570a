"""Survey results: response rate, distributions, means, share "Excellent"; comparisons across events.

Nothing here returns who gave an answer: results are counts and the texts alone.
"""

from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from softlanding.blueprints.events.access import is_host
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import (
    RATING_LABELS,
    Answer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from softlanding.blueprints.feedback.surveys import get_survey
from softlanding.core.errors import PermissionDenied
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


@dataclass
class QuestionResult:
    """One question's results: counts in order, mean, share Excellent, or the free texts."""

    question: SurveyQuestion
    counts: OrderedDict = field(default_factory=OrderedDict)  # label -> n
    answered: int = 0
    mean: float | None = None
    share_excellent: int | None = None
    texts: list = field(default_factory=list)
    more_texts: int = 0


def can_view(user, survey):
    """Organisers see every survey's results; hosts see their own events' results."""
    return user.is_authenticated and (user.is_organiser or is_host(user, survey.event))


def survey_results(survey_id, viewer):
    """(survey, {invited, responded, rate}, [QuestionResult]) for someone allowed to see them."""
    survey = get_survey(survey_id)
    if not can_view(viewer, survey):
        raise PermissionDenied("Only organisers and the event's hosts see these results.")
    invited, responded = db.session.execute(
        select(func.count(SurveyInvitation.id),
               func.count(SurveyInvitation.id).filter(SurveyInvitation.has_responded.is_(True)))
        .where(SurveyInvitation.survey_id == survey.id)).one()
    responses = db.session.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id))
    summary = {"invited": invited, "responded": responses,
               "rate": round(100 * responded / invited) if invited else None,
               "withheld": anonymity.withheld(survey, responses or 0), "minimum": anonymity.minimum()}
    if summary["withheld"]:
        # Below the minimum even the count of answers narrows who answered: say only "fewer than N".
        summary.update(responded=f"fewer than {summary['minimum']}", rate=None)
        return survey, summary, []
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
    results = []
    for q in survey.questions:
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
            for option in q.options:
                result.counts[option] = counter.get(option, 0)
        else:
            result.texts, result.answered = _texts(q, survey.anonymous)
            result.more_texts = max(result.answered - len(result.texts), 0)
        results.append(result)
    if not viewer.is_organiser:
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


def _texts(question, anonymous):
    base = select(Answer.text_value).where(Answer.question_id == question.id, Answer.text_value.is_not(None))
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    # Anonymous answers are listed alphabetically, so not even their order hints at who answered when.
    order = Answer.text_value if anonymous else Answer.id
    return list(db.session.scalars(base.order_by(order).limit(TEXT_LIMIT))), total

