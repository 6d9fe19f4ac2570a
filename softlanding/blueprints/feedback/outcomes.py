"""Outcomes: members' own MRCPCH records, the follow-up templates (exams, interviews, ARCP, practice), and
the outcome figures of the impact report drawn from both.
"""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict

from sqlalchemy import func, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback import interviews
from softlanding.blueprints.feedback.models import (
    EXAM_RESULTS,
    Answer,
    ExamResult,
    NationalFigure,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveyTemplate,
    TemplateQuestion,
)
from softlanding.blueprints.feedback.reminders import claim_reminder
from softlanding.blueprints.notifications.notify import notify
from softlanding.core import reference
from softlanding.core.converters import sane_year
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db

ARCP_OUTCOMES = ["Outcome 1: satisfactory progress", "Outcome 2: development needed, no extra time",
                 "Outcome 3: extra training time needed", "Outcome 4: released from training",
                 "Outcome 5: more evidence needed", "Outcome 10: Covid-19 (no fault)"]
ATTEMPTS = ["First attempt", "Second attempt", "Third attempt", "Fourth attempt or later"]
# National comparison figures an organiser may enter (percentages), by code.
NATIONAL = {"pass_fop": "MRCPCH FOP pass rate", "pass_tas": "MRCPCH TAS pass rate",
            "pass_akp": "MRCPCH AKP pass rate", "pass_clinical": "MRCPCH Clinical pass rate",
            "interview_offer": "Share of applicants offered a post", "arcp_outcome1": "Share of ARCPs with Outcome 1"}


def _components() -> dict[str, str]:
    return reference.labels("mrcpch_component")


def followup_templates() -> list[tuple[str, str, list[tuple[str, str, str, bool, list[str]]]]]:
    """The follow-up templates: (name, description, [(code, kind, prompt, required, options)])."""
    components = list(_components().values())
    levels = list(reference.labels("interview_level").values())
    return [
        ("Follow-up: MRCPCH exam", "Asked after an exam-preparation event: sat, passed, which attempt.", [
            ("exam_component", "single", "Which MRCPCH exam did you sit most recently?", False, components),
            ("exam_sat", "yes_no", "Have you sat it since the event?", True, []),
            ("exam_passed", "yes_no", "Did you pass?", False, []),
            ("exam_attempt", "single", "Which attempt was it?", False, ATTEMPTS),
            ("changed_practice", "long_text", "What has changed in how you work since the event?", False, [])]),
        ("Follow-up: interview", "Asked after a mock interview: offer, level, specialty.", [
            ("interview_offer", "yes_no", "Were you offered a post?", True, []),
            ("interview_level", "single", "At which level?", False, levels),
            ("interview_specialty", "short_text", "In which specialty or sub-specialty?", False, []),
            ("changed_practice", "long_text", "What has changed in how you work since the event?", False, [])]),
        ("Follow-up: ARCP", "Asked after an ARCP or portfolio event.", [
            ("arcp_outcome", "single", "What was your most recent ARCP outcome?", False, ARCP_OUTCOMES),
            ("changed_practice", "long_text", "What has changed in how you work since the event?", False, [])]),
        ("Follow-up: change in practice", "Three months on: what changed at work.", [
            ("confidence_after", "scale5", "How confident are you on this topic now? (1 to 5)", False, []),
            ("changed_practice", "long_text", "What has changed in how you work since the event?", True, [])]),
    ]


def ensure_followup_templates() -> None:
    """Create the follow-up templates that are missing, by name (safe to call again)."""
    have = set(db.session.scalars(select(SurveyTemplate.name)))
    for name, description, questions in followup_templates():
        if name in have:
            continue
        template = SurveyTemplate(name=name, description=description)
        for position, (code, kind, prompt, required, options) in enumerate(questions):
            template.questions.append(TemplateQuestion(position=position, code=code, kind=kind, prompt=prompt,
                                                       required=required, options=list(options)))
        db.session.add(template)
    db.session.flush()


# ---- a member's own exam records ------------------------------------------------------------------

class InvalidRecord(ValidationError):
    """Some fields of an exam record are wrong: `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("Please check the fields marked below.")
        self.errors = errors


def my_results(user: User) -> list[ExamResult]:
    """A member's recorded sittings, newest first."""
    return list(db.session.scalars(select(ExamResult).where(ExamResult.user_id == user.id)
                                   .order_by(ExamResult.sat_on.desc(), ExamResult.id.desc())))


def record_result(user: User, component: str, sat_on: date | None, attempt: int | None, result: str,
                  result_id: int | None = None, today: date | None = None) -> ExamResult:
    """Add (or, with result_id, change) a sitting; every field's problem is collected first."""
    today = today or utcnow().date()
    errors = []
    if component not in _components():
        errors.append(("component", "Choose the exam."))
    if sat_on is None or not sane_year(sat_on.year):
        errors.append(("sat_on", "Enter the date you sat (or will sit) the exam."))
    elif sat_on > today + timedelta(days=730):
        errors.append(("sat_on", "Enter a date within the next two years."))
    if attempt is None or not 1 <= attempt <= 10:
        errors.append(("attempt", "Enter the attempt as a number from 1 to 10."))
    if result not in EXAM_RESULTS:
        errors.append(("result", "Choose the result."))
    elif result != "awaiting" and sat_on is not None and sat_on > today:
        errors.append(("result", "A result can only be given for a sitting that has happened."))
    if errors:
        raise InvalidRecord(dict(errors))
    assert sat_on is not None and attempt is not None
    if result_id is not None:
        row = db.session.get(ExamResult, result_id)
        if row is None or row.user_id != user.id:
            raise NotFound("No such exam record.")
    else:
        row = db.session.scalar(select(ExamResult).where(ExamResult.user_id == user.id,
                                                         ExamResult.component == component,
                                                         ExamResult.sat_on == sat_on))
        if row is None:
            row = ExamResult(user_id=user.id)
            db.session.add(row)
    row.component, row.sat_on, row.attempt, row.result = component, sat_on, attempt, result
    db.session.flush()
    return row


def delete_result(user: User, result_id: int) -> None:
    """Remove one of the member's own records."""
    row = db.session.get(ExamResult, result_id)
    if row is None or row.user_id != user.id:
        raise NotFound("No such exam record.")
    db.session.delete(row)
    db.session.flush()


EXAM_FOLLOWUP_WEEKS = 8  # RCPCH results usually come out within six to eight weeks of a sitting


def remind_exam_results(now: datetime) -> int:
    """Ask once, some weeks after a sitting a member gave, for its result (each record claimed first)."""
    due = (now - timedelta(weeks=EXAM_FOLLOWUP_WEEKS)).date()
    rows = db.session.execute(select(ExamResult.id, ExamResult.user_id, ExamResult.component).where(
        ExamResult.result == "awaiting", ExamResult.sat_on <= due, ExamResult.reminded_at.is_(None))).all()
    sent = 0
    labels = _components()
    for result_id, user_id, component in rows:
        user = claim_reminder(ExamResult, result_id, user_id, now)
        if user is None:
            continue
        exam = labels.get(component, component)
        notify(user, "exam_followup", f"How did your {exam} go?", "feedback_exam_followup",
               endpoint="feedback.outcomes_exams", exam=exam)
        sent += 1
    return sent


# ---- figures for the impact report ---------------------------------------------------------------

class ExamRow(TypedDict):
    """One MRCPCH component in a period: results known, passes, first-attempt passes."""

    component: str
    label: str
    results: int
    passed: int
    first_attempt_passed: int


class OutcomeFigures(TypedDict):
    """Outcome counts for a period (raw; the report suppresses them)."""

    exams: list[ExamRow]
    interview_answers: int
    interview_offers: int
    arcp: Counter[str]


def _day(value: date) -> datetime:
    return datetime.combine(value, time(0), tzinfo=UTC)


def outcome_figures(start: date, end: date, category: str = "") -> OutcomeFigures:
    """Exam results (members' records and follow-up answers), interview offers after mock interviews (members'
    records and follow-up answers, each person once per interview), ARCP outcomes."""
    lo, hi = _day(start), _day(end + timedelta(days=1))
    labels = _components()
    exams: dict[str, ExamRow] = {code: {"component": code, "label": label, "results": 0, "passed": 0,
                                        "first_attempt_passed": 0} for code, label in labels.items()}
    if not category:  # members' own records belong to no event category
        # Grouped by the attempt itself: PostgreSQL will not group by a bound-parameter expression.
        for component, result, attempt, n in db.session.execute(
                select(ExamResult.component, ExamResult.result, ExamResult.attempt, func.count(ExamResult.id))
                .where(ExamResult.sat_on >= start, ExamResult.sat_on <= end, ExamResult.result != "awaiting")
                .group_by(ExamResult.component, ExamResult.result, ExamResult.attempt)):
            if component in exams:
                _add(exams[component], result == "passed", attempt == 1, n)
    by_label = {label: code for code, label in labels.items()}
    answers = _followup_answers(lo, hi, category, ("exam_component", "exam_passed", "exam_attempt",
                                                   "interview_offer", "arcp_outcome"))
    # Members' own interview records first: one per person and interview. A named follow-up answer from a
    # member already counted from a record is not counted again; anonymous answers cannot be matched.
    recorded: set[int] = set()
    offers = asked = 0
    if category in ("", "mock_interview"):
        recorded, asked, offers = interviews.offers_after_mock(start, end)
    arcp: Counter[str] = Counter()
    for (_response, event_category, user_id), values in answers.items():
        component = by_label.get(values.get("exam_component") or "")
        if component and values.get("exam_passed") is not None:
            _add(exams[component], values["exam_passed"] == 1, values.get("exam_attempt") == ATTEMPTS[0], 1)
        if (values.get("interview_offer") is not None and event_category == "mock_interview"
                and user_id not in recorded):
            asked += 1
            offers += values["interview_offer"] == 1
        if values.get("arcp_outcome"):
            arcp[values["arcp_outcome"]] += 1
    return {"exams": list(exams.values()), "interview_answers": asked, "interview_offers": offers, "arcp": arcp}


def _add(row: ExamRow, passed: bool, first: bool, n: int) -> None:
    row["results"] += n
    if passed:
        row["passed"] += n
        if first:
            row["first_attempt_passed"] += n


def _followup_answers(lo: datetime, hi: datetime, category: str, codes: tuple[str, ...]):
    stmt = (select(SurveyResponse.id, Event.category, SurveyResponse.user_id, SurveyQuestion.code,
                   Answer.number_value, Answer.choices)
            .select_from(Answer).join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
            .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
            .join(Survey, Survey.id == SurveyResponse.survey_id).outerjoin(Event, Event.id == Survey.event_id)
            .where(Survey.purpose == "followup", SurveyQuestion.code.in_(codes),
                   SurveyResponse.submitted_on >= lo, SurveyResponse.submitted_on < hi))
    if category:
        stmt = stmt.where(Event.category == category)
    found: dict[tuple[int, str | None, int | None], dict[str, object]] = {}
    for response_id, event_category, user_id, code, number, choices in db.session.execute(stmt):
        value = choices[0] if choices else number
        found.setdefault((response_id, event_category, user_id), {})[code] = value
    return found


def national_figures() -> dict[str, NationalFigure]:
    """The national comparison figures entered so far, by code."""
    return {f.code: f for f in db.session.scalars(select(NationalFigure))}


def save_national_figures(user: User, values: dict[str, tuple[float | None, str]]) -> None:
    """Set the national figures {code: (percent or None, source)}; a percent must be 0 to 100."""
    for code, (value, _source) in values.items():
        if code not in NATIONAL:
            raise ValidationError("Unknown figure.")
        if value is not None and not 0 <= value <= 100:
            raise ValidationError("Enter a percentage from 0 to 100.", field=code)
    have = national_figures()
    for code, (value, source) in values.items():
        row = have.get(code) or NationalFigure(code=code)
        row.value, row.source, row.updated_by_id = value, (source or "").strip()[:300], user.id
        db.session.add(row)
    db.session.flush()
