"""Finding a mentor: explained suggestions, browsing accepting mentors, and the rep directory."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import defaultload, joinedload, selectinload

from softlanding.blueprints.accounts.models import User, UserRole
from softlanding.blueprints.mentoring import mentor_pool
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring.dashboard import queue_status
from softlanding.blueprints.mentoring.models import HOLDS_PLACE, MentorProfile, Mentorship
from softlanding.blueprints.mentoring.queue import queue_state
from softlanding.blueprints.mentoring.requests import my_mentorships
from softlanding.blueprints.profiles.models import Profile
from softlanding.core import reference, stamps
from softlanding.core.extensions import db
from softlanding.lib.matching import explain
from softlanding.lib.matching.pool import prepare, score_one

SUGGESTIONS = 5


@dataclass
class Suggestion:
    """One suggested mentor with their percentage, reasons and mismatches."""

    mentor: User
    offer: MentorProfile
    free_places: int
    percent: int
    reasons: list
    mismatches: list
    parts: dict
    more: list


def suggestions(user, limit=SUGGESTIONS, today=None, *, pref=None, past=None):
    """The newcomer's best-fitting available mentors, explained; [] without preferences.

    `pref` and `past` (the newcomer's (mentee, mentor) pairs in any state) may come from a caller that
    read them already; without them they are read here.
    """
    # numpy only when scoring (see lib/matching/criteria.py).
    import numpy as np

    pref = pref if pref is not None else mentoring.preferences(user)
    if pref is None:
        return []
    weights, must_haves = mentor_pool.rules()
    found = mentor_pool.available(today)
    pool = found.pool
    if user.id in pool.ids:  # a rep who also asks for a mentor is never suggested to themselves
        pool = prepare([m for m in pool.mentors if m.id != user.id])
    if not pool.mentors:
        return []
    mentee = mentoring.mentee_data(pref, mentor_pool.nations())
    table = score_one(mentee, pool, weights, must_haves, mentoring.past_pairs([user.id]) if past is None else past)
    # Best score first, then the lower mentor id: the order score_all's callers always used.
    columns = np.flatnonzero(table.allowed[0])
    ids = np.array(pool.ids, dtype=np.int64)[columns]
    order = columns[np.lexsort((ids, -table.score[0, columns]))][:limit].tolist()
    # The few shown are loaded whole, in one query (their roles only if something asks).
    offers = {o.user_id: o for o in db.session.scalars(
        select(MentorProfile).where(MentorProfile.user_id.in_([pool.ids[j] for j in order]))
        .options(joinedload(MentorProfile.user).joinedload(User.profile),
                 defaultload(MentorProfile.user).lazyload(User.role_rows)))} if order else {}
    out = []
    for j in order:
        mentor = pool.mentors[j]
        pair = table.pair(0, j)
        text = explain(pair, mentee, mentor, reference.label)
        offer = offers[mentor.id]
        out.append(Suggestion(offer.user, offer, mentor.free_places, text["percent"], text["reasons"],
                              text["mismatches"], {c: round(p, 2) for c, (p, _) in pair["parts"].items()},
                              text["more"]))
    return out


SHOWN_KIND = "mentoring_suggestions"
# A newcomer's suggestions read the pool's tables, their own preferences and the organisers' rules.
SHOWN_TABLES = mentor_pool.TABLES | {"mentee_preference", "mentoring_settings"}


class ShownSuggestion(NamedTuple):
    """A suggestion as the find-a-mentor page shows it: plain values, labels in words (kept per newcomer)."""

    mentor_id: int
    display_name: str
    career_stage: str
    region: str
    free_places: int
    percent: int
    reasons: tuple[str, ...]
    mismatches: tuple[str, ...]
    more: tuple[str, ...]


def shown_suggestions(user, today=None, *, pref, past):
    """The newcomer's suggestions as the page shows them, kept per change of what they are scored from."""
    today = today or date.today()

    def compute():
        out = []
        for s in suggestions(user, today=today, pref=pref, past=past):
            profile = s.mentor.profile
            out.append(ShownSuggestion(
                s.mentor.id, s.mentor.display_name, reference.label("career_stage", profile and profile.career_stage),
                reference.label("region", profile and profile.region), s.free_places, s.percent, tuple(s.reasons),
                tuple(s.mismatches), tuple(s.more)))
        return tuple(out)

    return stamps.get_cache().value(SHOWN_KIND, f"{user.id}:{today.isoformat()}", compute,
                                    max_age=mentor_pool.MAX_AGE)


def find_page(user):
    """What the find-a-mentor page shows: the newcomer's pairs, preferences, queue place and suggestions.

    The preferences and the newcomer's pairs are read once and shared by the parts that need them.
    """
    pref = mentoring.preferences(user)
    mine = [m for m in my_mentorships(user) if m.mentee_id == user.id]
    holding = {m.status for m in mine if m.status in HOLDS_PLACE}
    return {"pref": pref, "mine": mine, "state": queue_state(user.id, pref=pref, statuses=holding),
            "queue": queue_status(user, pref=pref, placed=bool(holding)) if pref is not None else None,
            "suggestions": shown_suggestions(user, pref=pref, past={(m.mentee_id, m.mentor_id) for m in mine})
            if pref is not None else ()}


def _json_has(column, code):
    # Codes are validated against the reference lists (letters, digits, underscores), so a LIKE on
    # the JSON text finds them on SQLite and PostgreSQL alike.
    return cast(column, String).like(f'%"{code}"%')


def _held_subquery():
    return (select(Mentorship.mentor_id.label("mentor_id"), func.count().label("held"))
            .where(Mentorship.status.in_(HOLDS_PLACE)).group_by(Mentorship.mentor_id).subquery())


class _KeptPage(Pagination):
    """A page whose items and total were found already (the kept browse pages)."""

    def __init__(self, items, total, page, per_page):
        self._kept = (items, total)
        super().__init__(page=page, per_page=per_page, error_out=False)

    def _query_items(self):
        return self._kept[0]

    def _query_count(self):
        return self._kept[1]


def _browse_statement(filters, today):
    held = _held_subquery()
    stmt = (select(MentorProfile.id).join(User, User.id == MentorProfile.user_id)
            .join(Profile, Profile.user_id == User.id)
            .outerjoin(held, held.c.mentor_id == MentorProfile.user_id)
            .where(MentorProfile.accepting.is_(True), User.is_active_account.is_(True),
                   or_(MentorProfile.paused_until.is_(None), MentorProfile.paused_until <= today),
                   MentorProfile.capacity > func.coalesce(held.c.held, 0))
            .order_by(Profile.display_name, MentorProfile.id))
    if filters.get("region"):
        stmt = stmt.where(Profile.region == filters["region"])
    if filters.get("topic"):
        stmt = stmt.where(_json_has(MentorProfile.help_topics, filters["topic"]))
    if filters.get("subspecialty"):
        stmt = stmt.where(_json_has(Profile.subspecialties, filters["subspecialty"]))
    if filters.get("mode"):
        stmt = stmt.where(_json_has(MentorProfile.meeting_modes, filters["mode"]))
    return stmt


class BrowseRow(NamedTuple):
    """A mentor as the browse table shows them: names and labels, lists already joined."""

    user_id: int
    display_name: str
    career_stage: str
    region: str
    subspecialties: str
    help_topics: str
    meeting_modes: str


def _browse_rows(stmt, page, per_page):
    """The rows of one page of `stmt` (the browse statement), with every code put into words."""
    labels = reference.labels

    def words(kind, codes, sep):
        known = labels(kind)
        return sep.join(known.get(c, c or "") for c in codes or ())

    stages, regions = labels("career_stage"), labels("region")
    stmt = (stmt.with_only_columns(MentorProfile.user_id, User.full_name, Profile.display_name, Profile.career_stage,
                                   Profile.region, Profile.subspecialties, MentorProfile.help_topics,
                                   MentorProfile.meeting_modes)
            .limit(per_page).offset((page - 1) * per_page))
    return tuple(BrowseRow(user_id, display or full_name, stages.get(stage or "", stage or ""),
                           regions.get(region or "", region or ""), words("subspecialty", subs, ", "),
                           words("help_topic", topics, "; "), words("meeting_mode", modes, ", "))
                 for user_id, full_name, display, stage, region, subs, topics, modes in db.session.execute(stmt))


def browse(filters, page, per_page=20, today=None):
    """Every mentor who is accepting with a free place, filtered and paged, as rows of what the table shows."""
    today = today or date.today()

    def find():
        stmt = _browse_statement(filters, today)
        total = db.session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
        return _browse_rows(stmt, page, per_page), total

    # What a page shows reads only the tables the mentor pool watches (offers, profiles, accounts, pairs,
    # the reference lists), so the page's rows are kept under its stamp.
    key = f"browse:{today.isoformat()}:{sorted(filters.items())}:{page}:{per_page}"
    rows, total = stamps.get_cache().value(mentor_pool.KIND, key, find, max_age=mentor_pool.MAX_AGE)
    return _KeptPage(list(rows), total, page, per_page)


def directory(filters, page, per_page=20):
    """Reps by region: sub-specialty, what they help with, whether they mentor; filtered and paged."""
    stmt = (select(User).join(UserRole, UserRole.user_id == User.id)
            .join(Profile, Profile.user_id == User.id)
            .outerjoin(MentorProfile, MentorProfile.user_id == User.id)
            .where(UserRole.role == "rep", User.is_active_account.is_(True))
            .options(selectinload(User.profile))
            .order_by(Profile.region, Profile.display_name, User.id))
    if filters.get("region"):
        stmt = stmt.where(Profile.region == filters["region"])
    if filters.get("subspecialty"):
        stmt = stmt.where(_json_has(Profile.subspecialties, filters["subspecialty"]))
    if filters.get("mentors") == "yes":
        stmt = stmt.where(MentorProfile.id.is_not(None), MentorProfile.accepting.is_(True))
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    ids = [u.id for u in pagination.items]
    offers = {o.user_id: o for o in db.session.scalars(
        select(MentorProfile).where(MentorProfile.user_id.in_(ids)))} if ids else {}
    return pagination, offers


def register() -> None:
    """Declare the tables a newcomer's shown suggestions read (called once from the domain's register)."""
    stamps.watch(SHOWN_KIND, SHOWN_TABLES)
