"""What organisers watch (the headline figures: waiting, free places, matching rate) and a newcomer's place in the queue.

The dashboard's tables are in dashboard_tables.py."""

from datetime import datetime, timedelta
from typing import TypedDict

from sqlalchemy import Select, func, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import mentor_pool
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring import waiting as waiting_queue
from softlanding.blueprints.mentoring.models import (
    ACTIVE,
    COMPLETED,
    ENDED_EARLY,
    HOLDS_PLACE,
    OPEN_STATUSES,
    MenteePreference,
    Mentorship,
)
from softlanding.core import stamps
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.lib.matching import estimate_wait
from softlanding.lib.matching.wait import WaitEstimate

RATE_WINDOW_DAYS = 90
RATE_KIND = "mentoring_rate"
RATE_MAX_AGE = 60.0  # seconds: the window moves with the clock


class QueueStatus(WaitEstimate):
    """A waiting newcomer's wait estimate and since when they have waited."""

    waiting_since: datetime


class Overview(TypedDict):
    """The dashboard's headline figures."""

    waiting: int
    free_places: int
    matched_90: int
    matched_30: int
    rate_per_week: float
    active: int
    open_requests: int


def _count(stmt: Select) -> int:
    # A COUNT query always returns exactly one row, so scalar_one() (typed int) fits it.
    return db.session.execute(stmt).scalar_one()


def _matched(since: datetime) -> int:
    return _count(select(func.count()).select_from(Mentorship).where(
        Mentorship.started_at >= since, Mentorship.status.in_((ACTIVE, COMPLETED, ENDED_EARLY))))


def matched_since(now: datetime, days: int = RATE_WINDOW_DAYS) -> int:
    """How many pairs started in the last `days` days (kept per change of pairs, for a minute at most)."""
    since = now - timedelta(days=days)
    if abs((utcnow() - now).total_seconds()) > RATE_MAX_AGE:  # a caller's own clock: count it afresh
        return _matched(since)
    return stamps.get_cache().value(RATE_KIND, str(days), lambda: _matched(since), max_age=RATE_MAX_AGE)


def free_places(now: datetime) -> int:
    """Free places across mentors accepting now."""
    return mentor_pool.available(now.date()).free_places


def queue_status(user: User, now: datetime | None = None, *, pref: MenteePreference | None = None,
                 placed: bool | None = None) -> QueueStatus | None:
    """A waiting newcomer's position and an honest wait estimate; None if not waiting.

    `pref` and `placed` (a pair holds a place for them) may come from a caller that read them already.
    """
    now = now or utcnow()
    pref = pref if pref is not None else mentoring.preferences(user)
    if pref is None or not pref.seeking:
        return None
    if placed is None:
        placed = _count(select(func.count()).select_from(Mentorship).where(
            Mentorship.mentee_id == user.id, Mentorship.status.in_(HOLDS_PLACE))) > 0
    if placed:
        return None
    ahead = waiting_queue.ahead_of(pref)
    estimate = estimate_wait(ahead + 1, free_places(now), matched_since(now), RATE_WINDOW_DAYS)
    return {**estimate, "waiting_since": pref.waiting_since}


def _status_counts() -> dict[str, int]:
    return dict(db.session.execute(select(Mentorship.status, func.count()).group_by(Mentorship.status)).tuples().all())


def overview(now: datetime | None = None) -> Overview:
    """Headline figures for the dashboard."""
    now = now or utcnow()
    matched = matched_since(now)
    waiting = waiting_queue.total()
    statuses = stamps.get_cache().value(RATE_KIND, "statuses", _status_counts, max_age=RATE_MAX_AGE)
    return {"waiting": waiting, "free_places": free_places(now), "matched_90": matched,
            "matched_30": matched_since(now, 30), "rate_per_week": round(matched / (RATE_WINDOW_DAYS / 7), 1),
            "active": statuses.get(ACTIVE, 0), "open_requests": sum(statuses.get(s, 0) for s in OPEN_STATUSES)}
