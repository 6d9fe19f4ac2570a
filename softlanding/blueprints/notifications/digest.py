"""Organisers' weekly digest: events waiting for review, newcomers waiting for a mentor, surveys closing.

One digest per organiser per ISO week, claimed with
`claim_once`, so two runners never send it twice.
"""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import case, func, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.accounts.users import organisers
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import Survey, SurveyInvitation
from softlanding.blueprints.mentoring.models import HOLDS_PLACE, MenteePreference, Mentorship
from softlanding.blueprints.notifications.notify import Kind, notify
from softlanding.core.extensions import db
from softlanding.core.jobs import claim_once
from softlanding.core.mailer import external_url

log = logging.getLogger(__name__)

KIND = "organiser_digest"
# The kinds of message this module sends (registered by the domain's register(app)).
KINDS = (
    Kind(KIND, "Weekly organiser digest", "Organising", roles=("organiser",)),
)
LIST_LIMIT = 15  # items shown per section; the count says how many there are in all
SURVEY_HORIZON = timedelta(days=7)


def digest_week(now):
    """The ISO week key ('2026-W47') if this week's digest moment has passed at `now`, else None."""
    local = now.astimezone(ZoneInfo(current_app.config["DEFAULT_TIMEZONE"]))
    week_start = (local - timedelta(days=local.weekday())).date()
    moment = datetime.combine(week_start + timedelta(days=current_app.config["DIGEST_WEEKDAY"]),
                              datetime.min.time(), tzinfo=local.tzinfo)
    moment = moment.replace(hour=current_app.config["DIGEST_HOUR"])
    if local < moment:
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def events_for_review():
    """(count, first events) submitted by reps and waiting for an organiser."""
    where = Event.status == "submitted"
    count = db.session.scalar(select(func.count(Event.id)).where(where)) or 0
    events = db.session.scalars(select(Event).where(where).order_by(Event.starts_at).limit(LIST_LIMIT)).all()
    return count, events


def surveys_closing(now):
    """[(survey, invited, answered)] for open surveys closing in the next week."""
    surveys = db.session.scalars(
        select(Survey).where(Survey.status == "open", Survey.closes_at.is_not(None),
                             Survey.closes_at > now, Survey.closes_at <= now + SURVEY_HORIZON)
        .order_by(Survey.closes_at).limit(LIST_LIMIT)
    ).all()
    if not surveys:
        return []
    counts = {
        survey_id: (invited, answered or 0)
        for survey_id, invited, answered in db.session.execute(
            select(SurveyInvitation.survey_id, func.count(SurveyInvitation.id),
                   func.sum(case((SurveyInvitation.has_responded.is_(True), 1), else_=0)))
            .where(SurveyInvitation.survey_id.in_([s.id for s in surveys]))
            .group_by(SurveyInvitation.survey_id)
        ).all()
    }
    return [(s, *counts.get(s.id, (0, 0))) for s in surveys]


def waiting_newcomers(now):
    """(count, [(user, waiting since)]) of newcomers waiting for a mentor."""
    # Same rule as the mentoring area's queue: seeking, active account, no pair holding a place.
    placed = select(Mentorship.mentee_id).where(Mentorship.status.in_(HOLDS_PLACE))
    where = (MenteePreference.seeking.is_(True) & User.is_active_account.is_(True)
             & MenteePreference.user_id.not_in(placed) & (MenteePreference.waiting_since <= now))
    count = db.session.scalar(select(func.count(MenteePreference.id))
                              .join(User, User.id == MenteePreference.user_id).where(where)) or 0
    rows = db.session.execute(
        select(User, MenteePreference.waiting_since).join(MenteePreference, MenteePreference.user_id == User.id)
        .where(where).order_by(MenteePreference.waiting_since).limit(LIST_LIMIT)
    ).all()
    return count, [tuple(row) for row in rows]


def digest_content(now):
    """Everything the digest reports this week, section by section."""
    return {
        "review": events_for_review(),
        "waiting": waiting_newcomers(now),
        "surveys": surveys_closing(now),
    }


def has_news(content):
    """Whether any section has something to report."""
    review, waiting, surveys = content["review"], content["waiting"], content["surveys"]
    return bool(review[0] or waiting[0] or surveys)


def send_weekly_digests(now):
    """Queue this week's digest for every organiser not yet sent one; returns how many."""
    week = digest_week(now)
    if week is None:
        return 0
    content = digest_content(now)
    if not has_news(content):
        return 0
    sent = 0
    for user in organisers():
        if not claim_once(KIND, f"{user.id}:{week}"):
            continue
        notify(user, KIND, f"Your weekly digest ({week})", "notifications_digest",
               endpoint="main.index", in_app=False, week=week, now=now, external_url=external_url, **content)
        sent += 1
    return sent
