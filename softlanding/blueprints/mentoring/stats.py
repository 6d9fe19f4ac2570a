"""Mentoring figures for the impact report (feedback domain): counts only, no names, over a date range.

Pairs made are relationships that started in the range; the wait runs from the request (or, for a
batch match, from when the newcomer began waiting) to the start. `checkins` adds up the pair check-ins
(one month, three months, end) answered in the range, from mentoring/checkins.py.
"""

from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import TypedDict

from sqlalchemy import func, select

from softlanding.blueprints.mentoring.checkins import checkin_summary
from softlanding.blueprints.mentoring.models import ClosingFeedback, MenteePreference, MentoringMeeting, Mentorship
from softlanding.core.extensions import db


class CheckinFigures(TypedDict):
    """Check-in ratings (one month, three months, end): how many, mean usefulness and confidence (1–5)."""

    n: int
    usefulness_mean: float | None
    confidence_mean: float | None


class MentoringSummary(TypedDict):
    """Mentoring in a date range: pairs made, median days waited, meetings per pair, closing ratings."""

    pairs_made: int
    median_wait_days: float | None
    meetings: int
    meetings_per_pair: float | None
    closing_n: int
    closing_mean: float | None  # 1–5, both sides
    closing_mentee_mean: float | None
    checkins: CheckinFigures


def _day(value: date) -> datetime:
    return datetime.combine(value, time(0), tzinfo=UTC)


def summary(start: date, end: date) -> MentoringSummary:
    """Mentoring figures for relationships that started from `start` to `end` (inclusive)."""
    lo, hi = _day(start), _day(end + timedelta(days=1))
    rows = db.session.execute(
        select(Mentorship.id, Mentorship.origin, Mentorship.created_at, Mentorship.started_at,
               MenteePreference.waiting_since)
        .outerjoin(MenteePreference, MenteePreference.user_id == Mentorship.mentee_id)
        .where(Mentorship.started_at >= lo, Mentorship.started_at < hi)).all()
    waits = []
    for _id, origin, created_at, started_at, waiting_since in rows:
        since = created_at
        if origin == "batch" and waiting_since is not None and waiting_since <= created_at:
            since = waiting_since
        waits.append(max((started_at - since).total_seconds() / 86400, 0.0))
    ids = [r[0] for r in rows]
    meetings = 0
    if ids:
        meetings = db.session.scalar(select(func.count(MentoringMeeting.id))
                                     .where(MentoringMeeting.mentorship_id.in_(ids))) or 0
    closing = db.session.execute(
        select(ClosingFeedback.author_side, func.count(ClosingFeedback.id), func.avg(ClosingFeedback.rating))
        .where(ClosingFeedback.created_at >= lo, ClosingFeedback.created_at < hi)
        .group_by(ClosingFeedback.author_side)).all()
    closing_n = sum(n for _side, n, _avg in closing)
    total = sum(n * float(avg) for _side, n, avg in closing if avg is not None)
    mentee = next((float(avg) for side, _n, avg in closing if side == "mentee" and avg is not None), None)
    return {
        "pairs_made": len(rows),
        "median_wait_days": round(median(waits), 1) if waits else None,
        "meetings": meetings,
        "meetings_per_pair": round(meetings / len(rows), 1) if rows else None,
        "closing_n": closing_n,
        "closing_mean": round(total / closing_n, 2) if closing_n else None,
        "closing_mentee_mean": round(mentee, 2) if mentee is not None else None,
        "checkins": _checkins(lo, hi),
    }


def _checkins(lo: datetime, hi: datetime) -> CheckinFigures:
    """Every stage's check-ins together: how many, and means weighted by each stage's responses."""
    stages = checkin_summary(lo, hi).values()
    n = sum(s["responses"] for s in stages)

    def mean(key: str) -> float | None:
        rated = [(s["responses"], s[key]) for s in stages if s[key] is not None]  # type: ignore[literal-required]
        count = sum(k for k, _ in rated)
        return round(sum(k * v for k, v in rated) / count, 2) if count else None

    return {"n": n, "usefulness_mean": mean("mean_usefulness"), "confidence_mean": mean("mean_confidence")}
