"""Mentoring test data: mentors with offers, newcomers with preferences, pairs in any state."""

from datetime import timedelta

from softlanding.blueprints.mentoring.models import MenteePreference, MentorProfile, Mentorship
from softlanding.core.db import utcnow
from softlanding.core.extensions import db

from .accounts import make_user


def make_mentor(capacity=2, topics=("arcp_portfolio", "mrcpch_fop"), modes=("video",), accepting=True,
                gender=None, trust="", supervisor="", **profile):
    """A rep with a mentoring offer; profile fields as make_user takes them."""
    profile.setdefault("career_stage", "consultant")
    profile.setdefault("mrcpch", {"fop": "passed", "tas": "passed", "akp": "passed", "clinical": "passed"})
    user = make_user(role="rep", **profile)
    db.session.add(MentorProfile(user_id=user.id, capacity=capacity, accepting=accepting, help_topics=list(topics),
                                 meeting_modes=list(modes), gender=gender, trust_name=trust,
                                 supervisor_name=supervisor))
    db.session.flush()
    return user


def make_seeker(topics=("arcp_portfolio",), waited_days=0, gender=None, same_region=False, trust="",
                supervisor="", modes=(), **profile):
    """A newcomer with mentoring preferences, waiting for `waited_days` days."""
    profile.setdefault("career_stage", "foundation_led")
    user = make_user(**profile)
    db.session.add(MenteePreference(user_id=user.id, help_topics=list(topics), mentor_gender=gender,
                                    same_region=same_region, trust_name=trust, supervisor_name=supervisor,
                                    meeting_modes=list(modes), waiting_since=utcnow() - timedelta(days=waited_days)))
    db.session.flush()
    return user


def make_pair(mentor, mentee, status="active", days_ago=0, **fields):
    """A mentorship row in any state, created `days_ago` days ago."""
    created = utcnow() - timedelta(days=days_ago)
    pair = Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, status=status, created_at=created,
                      expires_at=created + timedelta(days=14),
                      started_at=created if status in ("active", "completed", "ended_early") else None, **fields)
    db.session.add(pair)
    db.session.flush()
    return pair
