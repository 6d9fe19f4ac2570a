"""What mentoring does when a member is suspended: requests and proposals waiting on them are released,
and the other side is told (active pairs stay: reinstating restores them as they were)."""

from typing import Any

from sqlalchemy import or_, select

from softlanding.blueprints.mentoring import requests as mentoring_requests
from softlanding.blueprints.mentoring.models import OPEN_STATUSES, WITHDRAWN, Mentorship
from softlanding.core.db import utcnow
from softlanding.core.extensions import db


def release_open_requests(user: Any) -> None:
    """Withdraw the suspended member's open requests and proposals (either side) and tell the other person."""
    from softlanding.blueprints.accounts.people import notice

    # Requests waiting on them as a mentor: released with the newcomer's true queue state in the notice.
    mentoring_requests.release_open_requests(user, "The mentor is no longer available.")
    now = utcnow()
    for pair in db.session.scalars(select(Mentorship).where(
            or_(Mentorship.mentor_id == user.id, Mentorship.mentee_id == user.id),
            Mentorship.status.in_(OPEN_STATUSES))).all():
        pair.status, pair.closed_at = WITHDRAWN, now
        other = pair.mentee if pair.mentor_id == user.id else pair.mentor
        notice(other, "A mentoring request was withdrawn",
               "A mentoring request or proposal you were part of has been withdrawn: the other person is no "
               "longer available. You can ask another mentor from the mentoring page.",
               link_endpoint="mentoring.index", link_label="Mentoring")
    db.session.flush()
