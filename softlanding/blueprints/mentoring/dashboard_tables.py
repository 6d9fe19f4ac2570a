"""The organisers' dashboard tables (waiting, loads, expiring, quiet, active) as plain rows, paged and exported.

Each row holds only what the table and its CSV show, read in one query with its counts (open requests,
places held, the last meeting) as correlated subqueries, labels already resolved. A page of a table is
kept under one change stamp of every table it reads, so an organiser's next view of an unchanged table
costs no query, and any change (a new newcomer, an accepted request, a logged meeting, a renamed
region) shows on the next view. What moves with the clock (days waiting, the three-day expiry window,
the 30-day quiet cutoff) is bounded by MAX_AGE; days waiting is computed when the page is shown.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ScalarSelect, Select, func, select
from sqlalchemy.orm import aliased

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import waiting as waiting_queue
from softlanding.blueprints.mentoring.batch import waiting_statement
from softlanding.blueprints.mentoring.models import (
    ACTIVE,
    HOLDS_PLACE,
    OPEN_STATUSES,
    REQUESTED,
    STATUS_LABELS,
    MenteePreference,
    MentoringMeeting,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.space import quiet_pairs_statement
from softlanding.blueprints.profiles.models import Profile
from softlanding.core import reference, stamps
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.lib.csvsafe import local_datetime

KIND = "mentoring_dashboard"
READS = frozenset({"mentee_preference", "mentor_profile", "mentorship", "mentoring_meeting", "mentoring_message",
                   "user", "profile", "ref_option"})
MAX_AGE = 60.0  # seconds: the expiry window and the quiet cutoff move with the clock
EXPIRING_DAYS = 3
TABLES = {"waiting": "Newcomers waiting", "loads": "Mentor load", "expiring": "Requests about to expire",
          "quiet": "Pairs with no message or meeting in 30 days", "active": "Active pairs"}


class WaitingRow(NamedTuple):
    """A newcomer waiting for a mentor."""

    user_id: int
    full_name: str
    display_name: str
    region: str  # labels, not codes
    career_stage: str
    waiting_since: datetime
    open_requests: int


class LoadRow(NamedTuple):
    """A mentor's offer and how much of it is taken."""

    user_id: int
    full_name: str
    region: str
    capacity: int
    held: int
    pending: int
    accepting: bool
    paused_until: date | None

    def is_available(self, today: date) -> bool:
        """Accepting, and any pause is over (as MentorProfile.is_available)."""
        return self.accepting and (self.paused_until is None or self.paused_until <= today)


class PairRow(NamedTuple):
    """A pair or a request between a mentor and a newcomer."""

    id: int
    mentor_name: str
    mentee_name: str
    status_label: str
    created_at: datetime
    expires_at: datetime | None
    started_at: datetime | None
    last_met: date | None


@dataclass(frozen=True)
class TablePage:
    """One page of a table: its rows, the table's total, and the fields the pager macro reads."""

    items: tuple
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages (0 for an empty table, as Flask-SQLAlchemy counts)."""
        return -(-self.total // self.per_page) if self.total else 0

    @property
    def has_prev(self) -> bool:
        """True past the first page."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """True before the last page."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        """The previous page number."""
        return self.page - 1

    @property
    def next_num(self) -> int:
        """The next page number."""
        return self.page + 1


def _count_of(side, user_id, statuses) -> ScalarSelect[int]:
    """How many of the person's pairs (on `side`, mentor_id or mentee_id) are in `statuses`, per row."""
    return (select(func.count()).select_from(Mentorship)
            .where(side == user_id, Mentorship.status.in_(statuses)).scalar_subquery())


def _waiting_columns(stmt: Select) -> Select:
    return (stmt.with_only_columns(
        MenteePreference.user_id, User.full_name, Profile.display_name, Profile.region, Profile.career_stage,
        MenteePreference.waiting_since, _count_of(Mentorship.mentee_id, MenteePreference.user_id, (REQUESTED,)))
        .outerjoin(Profile, Profile.user_id == MenteePreference.user_id))


def _pairs_filter(table: str, now: datetime) -> Select:
    """The pairs of `table` (expiring, quiet, active) in the table's order, as Mentorship rows."""
    if table == "expiring":
        return (select(Mentorship).where(Mentorship.status.in_(OPEN_STATUSES),
                                         Mentorship.expires_at <= now + timedelta(days=EXPIRING_DAYS))
                .order_by(Mentorship.expires_at, Mentorship.id))
    if table == "quiet":
        return quiet_pairs_statement(now).order_by(Mentorship.started_at, Mentorship.id)
    return select(Mentorship).where(Mentorship.status == ACTIVE).order_by(Mentorship.started_at, Mentorship.id)


def _pairs_columns(stmt: Select) -> Select:
    mentor, mentee = aliased(User), aliased(User)
    last_met = (select(func.max(MentoringMeeting.met_on))
                .where(MentoringMeeting.mentorship_id == Mentorship.id).scalar_subquery())
    return (stmt.with_only_columns(Mentorship.id, mentor.full_name, mentee.full_name, Mentorship.status,
                                   Mentorship.created_at, Mentorship.expires_at, Mentorship.started_at, last_met)
            .join(mentor, mentor.id == Mentorship.mentor_id).join(mentee, mentee.id == Mentorship.mentee_id))


def _loads_statement() -> Select:
    return (select(MentorProfile.user_id, User.full_name, Profile.region, MentorProfile.capacity,
                   _count_of(Mentorship.mentor_id, MentorProfile.user_id, HOLDS_PLACE),
                   _count_of(Mentorship.mentor_id, MentorProfile.user_id, (REQUESTED,)),
                   MentorProfile.accepting, MentorProfile.paused_until)
            .join(User, User.id == MentorProfile.user_id)
            .outerjoin(Profile, Profile.user_id == MentorProfile.user_id)
            .order_by(User.full_name, MentorProfile.id))


def _statement(table: str, now: datetime) -> Select:
    """Every row of `table`, in the table's order."""
    if table == "waiting":
        return _waiting_columns(waiting_statement())
    if table == "loads":
        return _loads_statement()
    return _pairs_columns(_pairs_filter(table, now))


def _total(table: str, now: datetime) -> int:
    """How many rows `table` has, counted without the joins that only fetch names (every pair and offer
    has its accounts: the keys are required)."""
    if table == "loads":
        stmt = select(func.count()).select_from(MentorProfile)
    else:
        stmt = select(func.count()).select_from(
            _pairs_filter(table, now).with_only_columns(Mentorship.id).order_by(None).subquery())
    return db.session.execute(stmt).scalar_one()


def _rows(table: str, results) -> list:
    if table == "waiting":
        regions, stages = reference.labels("region"), reference.labels("career_stage")
        return [WaitingRow(user_id, full_name, display or full_name, regions.get(region or "", region or ""),
                           stages.get(stage or "", stage or ""), since, requests)
                for user_id, full_name, display, region, stage, since, requests in results]
    if table == "loads":
        regions = reference.labels("region")
        return [LoadRow(user_id, name, regions.get(region or "", region or ""), capacity, held, pending,
                        accepting, paused)
                for user_id, name, region, capacity, held, pending, accepting, paused in results]
    return [PairRow(pair_id, mentor, mentee, STATUS_LABELS.get(status, status), created, expires, started, last)
            for pair_id, mentor, mentee, status, created, expires, started, last in results]


def _page(table: str, page: int, per_page: int, now: datetime) -> TablePage:
    start = (page - 1) * per_page
    if table == "waiting":
        # The queue's order is kept per change (waiting.py): the page reads only its own newcomers.
        keys = waiting_queue.keys()
        ids = [pref_id for _since, pref_id in keys[start:start + per_page]]
        stmt = (_waiting_columns(select(MenteePreference).join(User, User.id == MenteePreference.user_id))
                .where(MenteePreference.id.in_(ids))
                .order_by(MenteePreference.waiting_since, MenteePreference.id))
        items = _rows(table, db.session.execute(stmt)) if ids else []
        return TablePage(tuple(items), len(keys), page, per_page)
    items = _rows(table, db.session.execute(_statement(table, now).limit(per_page).offset(start)))
    return TablePage(tuple(items), _total(table, now), page, per_page)


def table_page(table: str, page: int, per_page: int = 20, now: datetime | None = None) -> TablePage:
    """One page of a dashboard table, kept per change of what it reads (for a minute at most)."""
    if now is not None and abs((utcnow() - now).total_seconds()) > MAX_AGE:  # a caller's own clock
        return _page(table, page, per_page, now)
    moment = now or utcnow()
    return stamps.get_cache().value(KIND, f"{table}:{page}:{per_page}",
                                    lambda: _page(table, page, per_page, moment), max_age=MAX_AGE)


def csv_rows(table: str, now: datetime | None = None,
             tz: str = "Europe/London") -> tuple[list[str], list[list[object]]]:
    """(header, rows) of a whole dashboard table for export: labels, not codes; local times in `tz`."""
    now = now or utcnow()
    items = _rows(table, db.session.execute(_statement(table, now)))
    if table == "waiting":
        return (["Newcomer", "Region", "Career stage", f"Waiting since ({tz})", "Days waiting", "Open requests"],
                [[w.full_name, w.region, w.career_stage, local_datetime(w.waiting_since, tz),
                  (now - w.waiting_since).days, w.open_requests] for w in items])
    if table == "loads":
        return (["Mentor", "Region", "Capacity", "Places held", "Requests waiting", "Accepting"],
                [[o.full_name, o.region, o.capacity, o.held, o.pending, "Yes" if o.is_available(now.date()) else "No"]
                 for o in items])
    if table == "expiring":
        return (["Mentor", "Newcomer", "Status", f"Sent ({tz})", f"Expires ({tz})"],
                [[m.mentor_name, m.mentee_name, m.status_label, local_datetime(m.created_at, tz),
                  local_datetime(m.expires_at, tz)] for m in items])
    return (["Mentor", "Newcomer", f"Started ({tz})", "Last meeting"],
            [[m.mentor_name, m.mentee_name, local_datetime(m.started_at, tz), _last(m.last_met, tz)] for m in items])


def _last(value, tz):
    """The last meeting: a date-time in the zone, a date as it is, or 'None logged'."""
    if not value:
        return "None logged"
    return local_datetime(value, tz) if isinstance(value, datetime) else value.isoformat()


def register() -> None:
    """Declare the tables the dashboard's pages read (called once from the domain's register)."""
    stamps.watch(KIND, READS)
