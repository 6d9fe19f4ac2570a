"""The queue of newcomers waiting for a mentor as sorted keys, kept per change, for places and totals.

A waiting newcomer's page shows their number in the queue and the organisers' dashboard the queue's
length. Counting the queue in SQL for each page joins thousands of preferences to their accounts; the
sorted (waiting since, id) keys are read once per change of preferences, pairs or accounts instead,
and a place is a bisection.
"""

from bisect import bisect_left
from datetime import datetime

from softlanding.blueprints.mentoring.batch import waiting_statement
from softlanding.blueprints.mentoring.models import MenteePreference
from softlanding.core import stamps
from softlanding.core.extensions import db

KIND = "mentoring_queue"
TABLES = frozenset({"mentee_preference", "mentorship", "user"})
MAX_AGE = 300.0  # seconds; bounds only writes made outside the ORM (nothing here depends on the clock)


def _load() -> tuple[tuple[datetime, int], ...]:
    stmt = waiting_statement().with_only_columns(MenteePreference.waiting_since, MenteePreference.id)
    return tuple((when, pref_id) for when, pref_id in db.session.execute(stmt))


def keys() -> tuple[tuple[datetime, int], ...]:
    """(waiting since, preference id) of every waiting newcomer, longest waiting first (do not mutate)."""
    return stamps.get_cache().value(KIND, "all", _load, max_age=MAX_AGE)


def total() -> int:
    """How many newcomers are waiting for a mentor."""
    return len(keys())


def ahead_of(pref: MenteePreference) -> int:
    """How many waiting newcomers are ahead of this preference (earlier, or as early with a lower id)."""
    return bisect_left(keys(), (pref.waiting_since, pref.id))


def register() -> None:
    """Declare the tables the queue reads (called once from the domain's register)."""
    stamps.watch(KIND, TABLES)
