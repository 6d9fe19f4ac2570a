"""Home panels of the feedback domain: the surveys waiting for a member's answer, and for organisers
the surveys open now, closing soonest first. Fixed queries, capped at HOME_LIMIT rows."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.feedback.models import Survey, SurveyInvitation
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.home import HOME_LIMIT


def _open(now):
    return (Survey.status == "open", or_(Survey.closes_at.is_(None), Survey.closes_at > now))


def surveys_waiting(user):
    """Open surveys this member was invited to and has not answered, closing soonest first."""
    now = utcnow()
    invitations = list(db.session.scalars(
        select(SurveyInvitation).join(Survey)
        .where(SurveyInvitation.user_id == user.id, SurveyInvitation.has_responded.is_(False), *_open(now))
        .options(selectinload(SurveyInvitation.survey).selectinload(Survey.event))
        .order_by(Survey.closes_at, Survey.id).limit(HOME_LIMIT)).unique())
    if not invitations:
        return None
    return {"surveys": [i.survey for i in invitations]}


def surveys_open(user):
    """Surveys open now, closing soonest first, with how many are open."""
    now = utcnow()
    surveys = list(db.session.scalars(select(Survey).where(*_open(now)).order_by(Survey.closes_at, Survey.id)
                                      .limit(HOME_LIMIT)))
    total = db.session.scalar(select(func.count()).select_from(Survey).where(*_open(now))) or 0
    return {"surveys": surveys, "total": total}


def register_panels(registry):
    """Add this domain's home panels."""
    registry.add_home_panel("feedback.waiting", "member", surveys_waiting, "feedback/_home_waiting.html", 20)
    registry.add_home_panel("feedback.open", "organiser", surveys_open, "feedback/_home_open.html", 20)
    registry.add_tool("Surveys", "feedback.manage", "organiser", 20)
    registry.add_tool("New survey", "feedback.survey_new", "organiser", 21)
    registry.add_tool("Survey templates", "feedback.templates", "organiser", 22)
    registry.add_tool("Compare surveys", "feedback.compare", "organiser", 23)
    registry.add_tool("Impact report", "feedback.report", "organiser", 24)
