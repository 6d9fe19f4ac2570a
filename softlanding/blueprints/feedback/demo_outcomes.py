"""Demo outcomes: an open MRCPCH follow-up on the oldest event (the demo newcomer is asked), answers with
multi-line, Urdu and Arabic and emoji text, and members' own exam records, passes and second attempts."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback import anonymity, outcomes, surveys
from softlanding.blueprints.feedback.models import (
    Answer,
    ExamResult,
    InterviewRecord,
    SurveyInvitation,
    SurveyResponse,
    SurveyTemplate,
)
from softlanding.core.extensions import db

CHANGED = [
    "I now plan my study weeks around rota gaps.\nI ask my supervisor for case-based teaching every Friday.",
    "میں اب ہر ہفتے اپنے سپروائزر سے فیڈ بیک مانگتی ہوں۔ It made the ARCP much calmer.",
    "أكتب الآن أدلة المحفظة كل أسبوع — Kaizen no longer scares me 👍",
    "Handover: I use SBAR on every shift now, and the registrars noticed.",
    "I stopped waiting to be asked; I book my own supervised learning events. 🙂",
]


def seed_outcomes(ctx, events: list[Event], people_ids: list[int]) -> list[str]:
    """The follow-up survey, its answers, and exam records; returns the lines for the demo summary."""
    rng = ctx["rng"]
    outcomes.ensure_followup_templates()
    template = db.session.scalar(select(SurveyTemplate).where(SurveyTemplate.name == "Follow-up: MRCPCH exam"))
    event = events[0]
    survey = surveys.create_survey(ctx["organiser"], title="", template_id=template.id, event_id=event.id,
                                   purpose="followup")
    now = datetime.now(UTC)
    survey.status, survey.opens_at, survey.closes_at = "open", now - timedelta(days=3), now + timedelta(days=11)
    demo_newcomer = ctx["newcomers"][0].id
    fop = outcomes._components()["fop"]
    answered = 0
    for user_id in dict.fromkeys(people_ids[:24] + [demo_newcomer]):
        answers = user_id != demo_newcomer and rng.random() < 0.7
        db.session.add(SurveyInvitation(survey_id=survey.id, user_id=user_id, invited_at=survey.opens_at,
                                        has_responded=answers))
        if not answers:
            continue
        answered += 1
        day = datetime.combine((now - timedelta(days=rng.randint(0, 2))).date(), time(0), tzinfo=UTC)
        response = SurveyResponse(survey_id=survey.id, user_id=user_id, submitted_on=day,
                                  respondent_key=anonymity.respondent_key(survey, user_id))
        values = {"exam_component": fop, "exam_sat": 1, "exam_passed": int(rng.random() < 0.75),
                  "exam_attempt": outcomes.ATTEMPTS[0 if rng.random() < 0.7 else 1],
                  "changed_practice": rng.choice(CHANGED)}
        for q in survey.questions:
            value = values.get(q.code)
            if q.kind == "single":
                response.answers.append(Answer(question_id=q.id, choices=[value]))
            elif q.kind == "long_text":
                response.answers.append(Answer(question_id=q.id, text_value=value))
            elif value is not None:
                response.answers.append(Answer(question_id=q.id, number_value=value))
        db.session.add(response)
    records = 0
    for user_id in people_ids[:30]:
        component = rng.choice(["fop", "tas", "akp", "clinical"])
        sat = (now - timedelta(days=rng.randint(20, 300))).date()
        first_failed = rng.random() < 0.25
        if first_failed:
            db.session.add(ExamResult(user_id=user_id, component=component, sat_on=sat - timedelta(days=120),
                                      attempt=1, result="not_passed"))
        db.session.add(ExamResult(user_id=user_id, component=component, sat_on=sat, attempt=2 if first_failed else 1,
                                  result="passed" if rng.random() < 0.8 else "not_passed"))
        records += 1 + first_failed
    db.session.add(ExamResult(user_id=demo_newcomer, component="akp", sat_on=(now + timedelta(days=40)).date(),
                              attempt=1, result="awaiting"))
    interviews = _seed_interviews(rng, now, people_ids, demo_newcomer)
    db.session.flush()
    return [f"Outcomes: an open MRCPCH follow-up (survey {survey.id}, {answered} answers), {records + 1} exam records "
            f"and {interviews} interview records."]


def _seed_interviews(rng, now: datetime, people_ids: list[int], demo_newcomer: int) -> int:
    """Interviews at every level, decided and waiting; the demo newcomer has one coming up."""
    levels = ["st1", "st2", "st3", "st4", "subspecialty"]
    specialties = ["neonatal", "emergency", "community", "general"]
    added = 0
    for user_id in people_ids[:20]:
        level = rng.choice(levels)
        held = (now - timedelta(days=rng.randint(10, 200))).date()
        outcome = rng.choice(["offer", "offer", "no_offer", "waiting"])
        db.session.add(InterviewRecord(user_id=user_id, interview_on=held, level=level, outcome=outcome,
                                       specialty=rng.choice(specialties) if level == "subspecialty" else ""))
        added += 1
    db.session.add(InterviewRecord(user_id=demo_newcomer, interview_on=(now + timedelta(days=21)).date(),
                                   level="st3", specialty="", outcome="waiting"))
    return added + 1
