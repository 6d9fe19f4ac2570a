"""A newcomer's real place in the mentoring queue, in one sentence every page and email shares."""

from typing import TypedDict

from sqlalchemy import func, select

from softlanding.blueprints.mentoring.models import ACTIVE, HOLDS_PLACE, MenteePreference, Mentorship
from softlanding.core.extensions import db

IN_QUEUE, PAIRED, PLACE_HELD, NOT_SEEKING, NO_PREFERENCES = (
    "in_queue", "has_mentor", "place_held", "not_seeking", "no_preferences")
TEXTS = {
    IN_QUEUE: "You are in the queue for the organisers' batch matching, and you can ask another mentor yourself.",
    PAIRED: "You have a mentor now, so you are not in the queue.",
    PLACE_HELD: "A proposal or accepted request holds a mentor's place for you, so you are not in the queue "
                "while it is open.",
    NOT_SEEKING: "You are not in the queue for a mentor. Save your mentoring preferences again to join it.",
    NO_PREFERENCES: "You are not in the queue yet. Tell us what you want help with to join it.",
}


class QueueState(TypedDict):
    """A newcomer's queue state: a code and the sentence that says it."""

    code: str
    in_queue: bool
    text: str


def queue_state(user_id: int, *, pref: MenteePreference | None = None, statuses: set[str] | None = None) -> QueueState:
    """Where the newcomer stands right now: in the queue, placed, paired, or out (and why).

    `pref` and `statuses` (of their pairs that hold a place) may come from a caller that read them already.
    """
    if pref is None:
        pref = db.session.scalar(select(MenteePreference).where(MenteePreference.user_id == user_id))
    if statuses is None:
        statuses = set(db.session.scalars(select(Mentorship.status).where(
            Mentorship.mentee_id == user_id, Mentorship.status.in_(HOLDS_PLACE))).all())
    if ACTIVE in statuses:
        code = PAIRED
    elif statuses:
        code = PLACE_HELD
    elif pref is None:
        code = NO_PREFERENCES
    elif not pref.seeking:
        code = NOT_SEEKING
    else:
        code = IN_QUEUE
    return {"code": code, "in_queue": code == IN_QUEUE, "text": TEXTS[code]}


def open_count(user_id: int) -> int:
    """How many requests the newcomer has waiting for an answer."""
    return db.session.execute(select(func.count()).select_from(Mentorship).where(
        Mentorship.mentee_id == user_id, Mentorship.status == "requested")).scalar_one()
