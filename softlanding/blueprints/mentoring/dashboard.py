"""What organisers watch (waiting, loads, expiring requests, quiet pairs, matching rate) and a newcomer's place in the queue."""

from datetime import datetime, timedelta
from typing import TypedDict

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import defaultload, joinedload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import mentor_pool
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring import waiting as waiting_queue
from softlanding.blueprints.mentoring.batch import waiting_statement
from softlanding.blueprints.mentoring.models import (
    ACTIVE,
    COMPLETED,
    ENDED_EARLY,
    HOLDS_PLACE,
    OPEN_STATUSES,
    REQUESTED,
    MenteePreference,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.space import last_meetings_subquery, quiet_pairs_statement
from softlanding.core import reference, stamps
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.lib.csvsafe import local_datetime
from softlanding.lib.matching import estimate_wait
from softlanding.lib.matching.wait import WaitEstimate

RATE_WINDOW_DAYS = 90
RATE_KIND = "mentoring_rate"
RATE_MAX_AGE = 60.0  # seconds: the window moves with the clock
EXPIRING_DAYS = 3
TABLES = {"waiting": "Newcomers waiting", "loads": "Mentor load", "expiring": "Requests about to expire",
          "quiet": "Pairs with no message or meeting in 30 days", "active": "Active pairs"}


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


def _person(relationship):
    """Load a row's person and profile in the row's own query (their roles only if something asks)."""
    return (joinedload(relationship).joinedload(User.profile), defaultload(relationship).lazyload(User.role_rows))


def _statement(table, now):
    people = (*_person(Mentorship.mentor), *_person(Mentorship.mentee))
    if table == "waiting":
        return waiting_statement().options(*_person(MenteePreference.user))
    if table == "loads":
        return (select(MentorProfile).join(User, User.id == MentorProfile.user_id)
                .options(*_person(MentorProfile.user))
                .order_by(User.full_name, MentorProfile.id))
    if table == "expiring":
        return (select(Mentorship).where(Mentorship.status.in_(OPEN_STATUSES),
                                         Mentorship.expires_at <= now + timedelta(days=EXPIRING_DAYS))
                .options(*people).order_by(Mentorship.expires_at, Mentorship.id))
    if table == "quiet":
        return quiet_pairs_statement(now).options(*people).order_by(Mentorship.started_at, Mentorship.id)
    return (select(Mentorship).where(Mentorship.status == ACTIVE).options(*people)
            .order_by(Mentorship.started_at, Mentorship.id))


def _extras(table, items):
    """Counts for the rows on one page, in one query each (so queries do not grow with rows)."""
    if table == "waiting":
        ids = [p.user_id for p in items]
        return dict(db.session.execute(select(Mentorship.mentee_id, func.count()).where(
            Mentorship.mentee_id.in_(ids), Mentorship.status == REQUESTED).group_by(Mentorship.mentee_id))
            .tuples().all())
    if table == "loads":
        ids = [o.user_id for o in items]
        held = mentoring.held_places(ids)
        pending = dict(db.session.execute(select(Mentorship.mentor_id, func.count()).where(
            Mentorship.mentor_id.in_(ids), Mentorship.status == REQUESTED).group_by(Mentorship.mentor_id))
            .tuples().all())
        return {i: (held.get(i, 0), pending.get(i, 0)) for i in ids}
    if table in ("quiet", "active"):
        last = last_meetings_subquery()
        ids = [m.id for m in items]
        return dict(db.session.execute(select(last.c.mentorship_id, last.c.last_met)
                                       .where(last.c.mentorship_id.in_(ids))).tuples().all())
    return {}


def table_page(table: str, page: int, per_page: int = 20,
               now: datetime | None = None) -> tuple[Pagination, dict]:
    """One dashboard table, paged, with its per-row extras."""
    now = now or utcnow()
    # The queue's length is kept per change (waiting.py): counting it again here would scan the queue.
    counted = table != "waiting"
    pagination = db.paginate(_statement(table, now), page=page, per_page=per_page, error_out=False, count=counted)
    if not counted:
        pagination.total = waiting_queue.total()
    return pagination, _extras(table, pagination.items)


def _name(user):
    return user.full_name


def csv_rows(table: str, now: datetime | None = None,
             tz: str = "Europe/London") -> tuple[list[str], list[list[object]]]:
    """(header, rows) of a whole dashboard table for export: labels, not codes; local times in `tz`."""
    now = now or utcnow()
    items = list(db.session.scalars(_statement(table, now)))
    extras = _extras(table, items)
    regions, stages = reference.labels("region"), reference.labels("career_stage")

    def region(user):
        return regions.get(user.profile.region, "") if user.profile and user.profile.region else ""

    def stage(user):
        return stages.get(user.profile.career_stage, "") if user.profile and user.profile.career_stage else ""

    if table == "waiting":
        return (["Newcomer", "Region", "Career stage", f"Waiting since ({tz})", "Days waiting", "Open requests"],
                [[_name(p.user), region(p.user), stage(p.user), local_datetime(p.waiting_since, tz),
                  (now - p.waiting_since).days, extras.get(p.user_id, 0)] for p in items])
    if table == "loads":
        return (["Mentor", "Region", "Capacity", "Places held", "Requests waiting", "Accepting"],
                [[_name(o.user), region(o.user), o.capacity,
                  extras[o.user_id][0], extras[o.user_id][1], "Yes" if o.is_available(now.date()) else "No"]
                 for o in items])
    if table == "expiring":
        return (["Mentor", "Newcomer", "Status", f"Sent ({tz})", f"Expires ({tz})"],
                [[_name(m.mentor), _name(m.mentee), m.status_label,
                  local_datetime(m.created_at, tz), local_datetime(m.expires_at, tz)]
                 for m in items])
    return (["Mentor", "Newcomer", f"Started ({tz})", "Last meeting"],
            [[_name(m.mentor), _name(m.mentee), local_datetime(m.started_at, tz),
              _last(extras.get(m.id), tz)] for m in items])


def _last(value, tz):
    """The last meeting: a date-time in the zone, a date as it is, or 'none logged'."""
    if not value:
        return "None logged"
    return local_datetime(value, tz) if isinstance(value, datetime) else value.isoformat()
