"""Mentors who go quiet: last sign-in and last answer, requests waiting over 7 days; nudge or reassign."""

from datetime import datetime, timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import defaultload, joinedload, selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring.models import (
    HOLDS_PLACE,
    OPEN_STATUSES,
    PROPOSED,
    RELEASED,
    MenteePreference,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.requests import _mail, expiry, get_pair
from softlanding.core import reference
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, ValidationError
from softlanding.core.extensions import db
from softlanding.core.jobs import claim_once
from softlanding.lib.matching import score_pair
from softlanding.lib.matching.explain import mismatch_text, third_person, unmet_preferences

STALE_AFTER = timedelta(days=7)


def mentor_activity(page: int, per_page: int = 20, now: datetime | None = None) -> tuple[Pagination, dict]:
    """Mentors, quietest first (oldest sign-in), with {mentor id: (last answer, requests over 7 days)}."""
    now = now or utcnow()
    stmt = (select(MentorProfile).join(User, User.id == MentorProfile.user_id)
            .where(User.is_active_account.is_(True))
            .options(joinedload(MentorProfile.user).joinedload(User.profile),
                     defaultload(MentorProfile.user).lazyload(User.role_rows))
            .order_by(User.last_login_at.is_not(None), User.last_login_at, MentorProfile.id))
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    ids = [o.user_id for o in pagination.items]
    if not ids:
        return pagination, {}
    answered = dict(db.session.execute(select(Mentorship.mentor_id, func.max(Mentorship.responded_at))
                                       .where(Mentorship.mentor_id.in_(ids)).group_by(Mentorship.mentor_id))
                    .tuples().all())
    stale = dict(db.session.execute(select(Mentorship.mentor_id, func.count()).where(
        Mentorship.mentor_id.in_(ids), Mentorship.status.in_(OPEN_STATUSES),
        Mentorship.mentor_accepted_at.is_(None), Mentorship.created_at <= now - STALE_AFTER)
        .group_by(Mentorship.mentor_id)).tuples().all())
    return pagination, {i: (answered.get(i), stale.get(i, 0)) for i in ids}


def stale_requests(now: datetime | None = None, limit: int = 50) -> list[Mentorship]:
    """Requests and proposals waiting over 7 days for the mentor's answer, oldest first."""
    now = now or utcnow()
    stmt = (select(Mentorship).where(Mentorship.status.in_(OPEN_STATUSES), Mentorship.mentor_accepted_at.is_(None),
                                     Mentorship.created_at <= now - STALE_AFTER)
            .options(selectinload(Mentorship.mentor), selectinload(Mentorship.mentee))
            .order_by(Mentorship.created_at, Mentorship.id).limit(limit))
    return list(db.session.scalars(stmt))


def nudge_mentor(organiser: User, mentor_id: int, now: datetime | None = None) -> int:
    """Remind a mentor of the requests waiting for them (at most once a day); returns how many wait."""
    now = now or utcnow()
    waiting = [p for p in stale_requests(now, limit=500) if p.mentor_id == mentor_id]
    if not waiting:
        raise Conflict("This mentor has no request waiting over 7 days.")
    if not claim_once("mentoring_mentor_nudge", f"{mentor_id}:{now.date().isoformat()}"):
        raise Conflict("This mentor was already reminded today.")
    _mail(waiting[0].mentor, "mentoring_request_expiring", "Mentoring requests are waiting for your answer",
          waiting[0], "mentoring.mentor_home", count=len(waiting))
    return len(waiting)


def reassign(organiser: User, mentorship_id: int, new_mentor_id: int | None, now: datetime | None = None) -> Mentorship:
    """Move a waiting request to another mentor as an organisers' proposal, under the usual rules."""
    now = now or utcnow()
    old = get_pair(mentorship_id)
    if old.status not in OPEN_STATUSES or old.mentor_accepted_at is not None:
        raise Conflict("This request is no longer waiting for the mentor.")
    offers = {o.user_id: (o, free) for o, free in mentoring.available_offers(now.date())}
    if new_mentor_id not in offers or new_mentor_id == old.mentor_id or new_mentor_id == old.mentee_id:
        raise ValidationError("Choose another mentor with a free place.", field="mentor")
    offer, free = offers[new_mentor_id]
    pref = db.session.scalar(select(MenteePreference).where(MenteePreference.user_id == old.mentee_id)
                             .options(selectinload(MenteePreference.user).selectinload(User.profile)))
    if pref is None:
        raise Conflict("This newcomer no longer has mentoring preferences.")
    settings, nation_of = mentoring.get_settings(), mentoring.nations()
    mentee, mentor = mentoring.mentee_data(pref, nation_of), mentoring.mentor_data(offer, free, nation_of)
    result = score_pair(mentee, mentor, mentoring.effective_weights(settings), settings.must_haves,
                        mentoring.past_pairs([old.mentee_id]))
    if not result["allowed"]:
        broken = [third_person(mismatch_text(c, mentee, mentor, reference.label))
                  for c in unmet_preferences(mentee, mentor) if c in (settings.must_haves or ())]
        raise ValidationError("That mentor breaks a must-have or a conflict-of-interest rule"
                              + (f": {' '.join(broken)}" if broken else "."), field="mentor")
    old.status, old.closed_at = RELEASED, now
    old.decline_reason = "An organiser moved the request to another mentor who can answer sooner."
    db.session.flush()
    if db.session.scalar(select(func.count()).select_from(Mentorship).where(
            Mentorship.mentee_id == old.mentee_id, Mentorship.status.in_(HOLDS_PLACE))):
        raise Conflict("This newcomer already has a mentor or a proposal.")
    proposal = Mentorship(mentor_id=new_mentor_id, mentee_id=old.mentee_id, status=PROPOSED, origin="organiser",
                          score=round(result["score"], 4), created_at=now, expires_at=now + expiry())
    db.session.add(proposal)
    db.session.flush()
    _mail(old.mentor, "mentoring_request_withdrawn", f"{old.mentee.display_name}'s request has moved to another "
          "mentor", old, "mentoring.mentor_home", why="reassigned")
    _mail(proposal.mentor, "mentoring_proposal", f"Soft Landing organisers propose that you mentor "
          f"{proposal.mentee.display_name}", proposal, "mentoring.mentor_home", proposals=[proposal])
    _mail(proposal.mentee, "mentoring_proposal", f"Soft Landing organisers propose {proposal.mentor.display_name} "
          "as your mentor", proposal, "mentoring.index", proposals=[proposal])
    return proposal


