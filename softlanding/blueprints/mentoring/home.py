"""Home panels of the mentoring domain: a newcomer's mentoring status and queue position, a rep's
requests to answer (with their expiry) and pair spaces, and the newcomers waiting longest for the
organisers. Each runs a fixed number of queries, capped at HOME_LIMIT rows."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import messages
from softlanding.blueprints.mentoring.dashboard import queue_status
from softlanding.blueprints.mentoring.dashboard_tables import table_page
from softlanding.blueprints.mentoring.models import ACTIVE, OPEN_STATUSES, Mentorship
from softlanding.core.extensions import db
from softlanding.core.home import HOME_LIMIT

_PEOPLE = (selectinload(Mentorship.mentor).selectinload(User.profile),
           selectinload(Mentorship.mentee).selectinload(User.profile))


def _pairs(user, side):
    column = Mentorship.mentee_id if side == "mentee" else Mentorship.mentor_id
    return list(db.session.scalars(
        select(Mentorship).where(column == user.id, Mentorship.status.in_((*OPEN_STATUSES, ACTIVE)))
        .options(*_PEOPLE).order_by(Mentorship.created_at.desc(), Mentorship.id.desc()).limit(HOME_LIMIT)))


def newcomer_status(user):
    """The newcomer's mentor (or open requests), else their place in the queue."""
    pairs = _pairs(user, "mentee")
    queue = None if any(p.status == ACTIVE for p in pairs) else queue_status(user)
    unread = messages.unread_counts(user, [p.id for p in pairs if p.status == ACTIVE])
    return {"pairs": pairs, "queue": queue, "unread": unread}


def requests_to_answer(user):
    """Requests and proposals waiting for this rep's answer (oldest first, with expiry), and active pairs."""
    waiting = (select(Mentorship).where(Mentorship.mentor_id == user.id, Mentorship.status.in_(OPEN_STATUSES),
                                        Mentorship.mentor_accepted_at.is_(None)))
    requests = list(db.session.scalars(waiting.options(*_PEOPLE).order_by(Mentorship.created_at).limit(HOME_LIMIT)))
    total = db.session.scalar(select(func.count()).select_from(waiting.subquery())) or 0
    active = list(db.session.scalars(
        select(Mentorship).where(Mentorship.mentor_id == user.id, Mentorship.status == ACTIVE)
        .options(*_PEOPLE).order_by(Mentorship.started_at.desc(), Mentorship.id.desc()).limit(HOME_LIMIT)))
    if not requests and not active:
        return None
    return {"requests": requests, "total": total, "active": active,
            "unread": messages.unread_counts(user, [p.id for p in active])}


def waiting_longest(user):
    """The newcomers who have waited longest for a mentor."""
    page = table_page("waiting", 1, per_page=HOME_LIMIT)
    return {"waiting": page.items, "total": page.total}


def register_panels(registry):
    """Add this domain's home panels."""
    registry.add_home_panel("mentoring.status", "newcomer", newcomer_status, "mentoring/_home_status.html", 10)
    registry.add_home_panel("mentoring.requests", "rep", requests_to_answer, "mentoring/_home_requests.html", 10)
    registry.add_home_panel("mentoring.waiting", "organiser", waiting_longest, "mentoring/_home_waiting.html", 30)
    registry.add_tool("Mentoring dashboard", "mentoring.organiser_dashboard", "organiser", 30)
    registry.add_tool("Batch matching", "mentoring.batches", "organiser", 31)
    registry.add_tool("Matching settings", "mentoring.settings", "organiser", 32)
