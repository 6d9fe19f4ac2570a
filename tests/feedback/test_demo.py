"""The demo community's feedback: a few hundred varied answers across past events, anonymity kept."""

import random

from sqlalchemy import func, select

from softlanding.blueprints.feedback.demo import seed_feedback
from softlanding.blueprints.feedback.models import Answer, ExamResult, Survey, SurveyResponse
from softlanding.blueprints.profiles.demo import seed_community
from softlanding.core.extensions import db


def test_demo_holds_a_few_hundred_varied_answers_across_past_events(ctx):
    demo = {"password": "demo password for tests", "rng": random.Random(2026)}
    seed_community(demo)
    lines = seed_feedback(demo)
    db.session.commit()
    assert "event surveys" in lines[0]
    responses = db.session.scalar(select(func.count(SurveyResponse.id)))
    texts = list(db.session.scalars(select(Answer.text_value).where(Answer.text_value.is_not(None))))
    assert responses >= 150 and len(texts) >= 300
    assert len(set(texts)) / len(texts) > 0.5  # combined from fragments, mostly different
    assert any("ARCP" in t for t in texts) and any("portfolio" in t.lower() for t in texts)
    events = db.session.scalar(select(func.count(func.distinct(Survey.event_id))))
    assert events >= 8
    anonymous = db.session.scalars(select(SurveyResponse).join(Survey).where(Survey.anonymous.is_(True))).all()
    assert anonymous and all(r.user_id is None and r.region is None for r in anonymous)
    assert db.session.scalar(select(func.count(Survey.id)).where(Survey.status == "open")) >= 1
    # Outcomes: an open follow-up with hard text (Urdu, Arabic, emoji, line breaks) and exam records.
    followup = db.session.scalar(select(Survey).where(Survey.purpose == "followup", Survey.status == "open"))
    assert followup is not None and "Outcomes:" in lines[-1]
    followup_texts = list(db.session.scalars(select(Answer.text_value).join(SurveyResponse)
                                             .where(SurveyResponse.survey_id == followup.id,
                                                    Answer.text_value.is_not(None))))
    assert any("\n" in t for t in followup_texts) and any("👍" in t or "🙂" in t for t in followup_texts)
    assert db.session.scalar(select(func.count(ExamResult.id))) >= 20
