"""The mentors available now as matching input, read with one narrow query and kept per change.

Every suggestions page scores one newcomer against every available mentor, and the dashboard and the
queue estimate add up their free places. Both read the same pool: accepting offers of active accounts,
not paused, with a place free, as plain Mentor values and their prepared arrays (lib/matching/pool.py).
It is computed once per change of the tables it reads (offers, profiles, accounts, pairs, the region
list) and per day (a pause ends on a date), and shared by every request of the worker.
"""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, or_, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring.models import HOLDS_PLACE, MentorProfile, Mentorship
from softlanding.blueprints.profiles.models import Profile
from softlanding.core import stamps
from softlanding.core.extensions import db
from softlanding.lib.matching import Mentor
from softlanding.lib.matching.pool import MentorPool, prepare

KIND = "mentor_pool"
TABLES = frozenset({"mentor_profile", "profile", "user", "mentorship", "ref_option"})
RULES_KIND = "mentoring_rules"
NATIONS_KIND = "mentoring_nations"
MAX_AGE = 300.0  # seconds; the day is in the key, so this only bounds writes made outside the ORM


@dataclass(frozen=True)
class AvailableMentors:
    """Mentors with a free place now, in offer order, with their prepared arrays and the places in total."""

    mentors: tuple[Mentor, ...]
    pool: MentorPool
    free_places: int


def _load(today: date) -> AvailableMentors:
    held = (select(Mentorship.mentor_id, func.count().label("held"))
            .where(Mentorship.status.in_(HOLDS_PLACE)).group_by(Mentorship.mentor_id).subquery())
    columns = {"user_id": MentorProfile.user_id, "help_topics": MentorProfile.help_topics,
               "meeting_modes": MentorProfile.meeting_modes, "gender": MentorProfile.gender,
               "trust_name": MentorProfile.trust_name, "supervisor_name": MentorProfile.supervisor_name,
               "full_name": User.full_name, "region": Profile.region, "career_stage": Profile.career_stage,
               "subspecialties": Profile.subspecialties, "languages": Profile.languages,
               "pmq_country": Profile.pmq_country, "mrcpch": Profile.mrcpch}
    free = (MentorProfile.capacity - func.coalesce(held.c.held, 0)).label("free")
    stmt = (select(*(c.label(name) for name, c in columns.items()), free)
            .join(User, User.id == MentorProfile.user_id)
            .outerjoin(Profile, Profile.user_id == MentorProfile.user_id)
            .outerjoin(held, held.c.mentor_id == MentorProfile.user_id)
            .where(MentorProfile.accepting.is_(True), User.is_active_account.is_(True),
                   or_(MentorProfile.paused_until.is_(None), MentorProfile.paused_until <= today),
                   MentorProfile.capacity > func.coalesce(held.c.held, 0))
            .order_by(MentorProfile.id))
    nation_of = nations()
    mentors = tuple(mentoring.mentor_from_values(row, row["free"], nation_of)
                    for row in db.session.execute(stmt).mappings())
    return AvailableMentors(mentors, prepare(mentors), sum(m.free_places for m in mentors))


def available(today: date | None = None) -> AvailableMentors:
    """The available mentors today, from this worker's copy while nothing they depend on has changed."""
    today = today or date.today()
    return stamps.get_cache().value(KIND, today.isoformat(), lambda: _load(today), max_age=MAX_AGE)


class Choice(NamedTuple):
    """A mentor as a form choice: the id and the account name, all a choice list shows."""

    id: int
    full_name: str


def choices(today: date | None = None) -> list[tuple[Choice, int]]:
    """(mentor, free places) for every available mentor, in offer order, for an organiser's choice list."""
    return [(Choice(m.id, m.name or ""), m.free_places) for m in available(today).mentors]


def nations() -> dict[str, str]:
    """{region code: nation}, kept per change of the reference lists (reading them all costs a page's time)."""
    return stamps.get_cache().value(NATIONS_KIND, "all", mentoring.nations, max_age=MAX_AGE)


def _rules() -> tuple[dict[str, float], tuple[str, ...]]:
    settings = mentoring.get_settings()
    return mentoring.effective_weights(settings), tuple(settings.must_haves or ())


def rules() -> tuple[dict[str, float], tuple[str, ...]]:
    """The organisers' effective weights and must-haves, kept per change of the settings (do not mutate)."""
    return stamps.get_cache().value(RULES_KIND, "rules", _rules, max_age=MAX_AGE)


def register() -> None:
    """Declare the tables the pool and the rules read (called once from the domain's register)."""
    stamps.watch(KIND, TABLES)
    stamps.watch(RULES_KIND, {"mentoring_settings"})
    stamps.watch(NATIONS_KIND, {"ref_option"})
