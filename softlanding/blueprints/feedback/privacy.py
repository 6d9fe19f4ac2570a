"""Feedback's part of "download my data" (named answers and interview records; anonymous answers are not linked to anyone)
and of erasure (named answers are kept as anonymous answers, so results and counts do not change)."""

from typing import Any

from sqlalchemy import delete, select, update

from softlanding.blueprints.feedback.models import InterviewRecord, SurveyInvitation, SurveyResponse
from softlanding.core.extensions import db


def export(user: Any) -> dict[str, Any]:
    """The member's named survey answers, and which surveys invited them."""
    responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.user_id == user.id)
                                   .order_by(SurveyResponse.id)).all()
    invitations = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.user_id == user.id)).all()
    return {
        "survey_answers": [{
            "survey": r.survey.title, "submitted_on": r.submitted_on.date().isoformat(),
            "answers": [{"question": a.question.prompt, "number": a.number_value, "choices": a.choices,
                         "text": a.text_value} for a in r.answers],
        } for r in responses],
        "interviews": [{"date": i.interview_on.isoformat(), "level": i.level, "specialty": i.specialty,
                        "outcome": i.outcome} for i in db.session.scalars(
                            select(InterviewRecord).where(InterviewRecord.user_id == user.id)
                            .order_by(InterviewRecord.interview_on))],
        "survey_invitations": [{"survey": i.survey.title, "answered": i.has_responded,
                                "invited_at": i.invited_at.isoformat() if i.invited_at else None}
                               for i in invitations],
    }


def erase(user: Any, context: Any) -> None:
    """Named answers become anonymous answers: no person, no career stage or region snapshot."""
    db.session.execute(update(SurveyResponse).where(SurveyResponse.user_id == user.id)
                       .values(user_id=None, career_stage=None, region=None)
                       .execution_options(synchronize_session=False))
    # Interview records are the member's own notes about themselves: erased, not kept.
    db.session.execute(delete(InterviewRecord).where(InterviewRecord.user_id == user.id)
                       .execution_options(synchronize_session=False))
