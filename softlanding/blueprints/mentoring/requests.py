"""Mentoring requests and proposals: sending, answering under capacity, withdrawing, expiring."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import (
    ACCEPTED,
    ACTIVE,
    DECLINED,
    EXPIRED,
    HOLDS_PLACE,
    OPEN_STATUSES,
    RELEASED,
    REQUESTED,
    WITHDRAWN,
    MenteePreference,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.queue import queue_state
from softlanding.blueprints.notifications.notify import Kind, notify
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db

GROUP = "Mentoring"
# The kinds of message this module sends (registered by the domain's register(app)).
KINDS = (
    Kind("mentoring_request_received", "Someone asks you to mentor them", GROUP, sensitive=True),
    Kind("mentoring_request_accepted", "Your mentoring request or proposal is accepted", GROUP),
    Kind("mentoring_request_declined", "Your mentoring request or proposal is declined", GROUP, sensitive=True),
    Kind("mentoring_request_expiring", "A mentoring request waits for your answer", GROUP),
    Kind("mentoring_request_expired", "A mentoring request expired without an answer", GROUP),
    Kind("mentoring_proposal", "Organisers propose a mentoring pair", GROUP),
    Kind("mentoring_request_withdrawn", "A mentoring request is withdrawn", GROUP),
    Kind("mentoring_request_released", "A mentor pauses and your request is released", GROUP),
)

REASON_MAX = 1000
REMIND_AFTER = timedelta(days=7)


def max_open_requests() -> int:
    """How many requests a newcomer may have waiting at once (MENTORING_MAX_OPEN_REQUESTS)."""
    return int(current_app.config.get("MENTORING_MAX_OPEN_REQUESTS", 3))


def expiry() -> timedelta:
    """How long a request or proposal waits for an answer (MENTORING_REQUEST_EXPIRY_DAYS)."""
    return timedelta(days=int(current_app.config.get("MENTORING_REQUEST_EXPIRY_DAYS", 14)))


def _lock(model, user_id):
    """Lock a person's mentoring row (PostgreSQL FOR UPDATE; SQLite already runs one writer at a time)."""
    return db.session.scalar(select(model).where(model.user_id == user_id).with_for_update())


def _mail(user, kind, subject, mentorship, endpoint="mentoring.index", values=None, **context):
    """Notify one side of a pair; templates get the pair, both people, the newcomer's real queue
    state (`queue`, read after the change is flushed) and `context`."""
    db.session.flush()
    context.setdefault("queue", queue_state(mentorship.mentee_id))
    notify(user, kind, subject, kind, endpoint=endpoint, values=values, mentorship=mentorship,
           mentor=mentorship.mentor, mentee=mentorship.mentee, **context)


def my_mentorships(user: User) -> list[Mentorship]:
    """Every mentorship the user is part of, newest first, people loaded."""
    stmt = (select(Mentorship).where((Mentorship.mentor_id == user.id) | (Mentorship.mentee_id == user.id))
            .options(selectinload(Mentorship.mentor).selectinload(User.profile),
                     selectinload(Mentorship.mentee).selectinload(User.profile))
            .order_by(Mentorship.created_at.desc(), Mentorship.id.desc()))
    return list(db.session.scalars(stmt))


def has_mentor(user_id: int) -> bool:
    """True if the newcomer has an active mentor or a pair that holds a place."""
    return db.session.execute(select(func.count()).select_from(Mentorship).where(
        Mentorship.mentee_id == user_id, Mentorship.status.in_(HOLDS_PLACE))).scalar_one() > 0


def send_request(mentee: User, mentor_id: int, message: str | None, now: datetime | None = None) -> Mentorship:
    """A newcomer asks a mentor; limited to MENTORING_MAX_OPEN_REQUESTS open requests."""
    now = now or utcnow()
    if not mentee.is_active:
        raise PermissionDenied("This account is suspended, so it cannot send requests.")
    pref = _lock(MenteePreference, mentee.id)
    if pref is None:
        raise ValidationError("Tell us what you want help with before you ask a mentor.", field="message")
    message = (message or "").strip()
    if len(message) > REASON_MAX:
        raise ValidationError(f"Keep your message to {REASON_MAX} characters.", field="message")
    offer = db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == mentor_id))
    if offer is None or mentor_id == mentee.id or not offer.user.is_active:
        raise NotFound("No such mentor.")
    if not offer.is_available(now.date()):
        raise Conflict("This mentor is not taking new mentees at the moment.")
    if has_mentor(mentee.id):
        raise Conflict("You already have a mentor (or a proposed one). End that mentoring first.")
    if db.session.scalar(select(Mentorship.id).where(Mentorship.mentee_id == mentee.id,
                                                     Mentorship.mentor_id == mentor_id).limit(1)):
        raise Conflict("You have already asked this mentor.")
    open_count = db.session.execute(select(func.count()).select_from(Mentorship).where(
        Mentorship.mentee_id == mentee.id, Mentorship.status == REQUESTED)).scalar_one()
    if open_count >= max_open_requests():
        raise ValidationError(f"You already have {open_count} requests waiting for an answer, the most you "
                              "can have at once. Withdraw one or wait for answers.", field="message")
    pair = Mentorship(mentor_id=mentor_id, mentee_id=mentee.id, status=REQUESTED, origin="request",
                      message=message, created_at=now, expires_at=now + expiry())
    db.session.add(pair)
    db.session.flush()
    _mail(offer.user, "mentoring_request_received", f"{mentee.display_name} asks you to be their mentor",
          pair, "mentoring.mentor_home")
    return pair


def get_pair(mentorship_id: int) -> Mentorship:
    """A mentorship by id, whoever asks (for jobs); NotFound if there is none."""
    pair = db.session.get(Mentorship, mentorship_id)
    if pair is None:
        raise NotFound("No such mentorship.")
    return pair


def get_for(user: User, mentorship_id: int) -> Mentorship:
    """A request or pair the user is part of; NotFound for anyone else."""
    pair = db.session.get(Mentorship, mentorship_id)
    if pair is None or pair.side_of(user.id) is None:
        raise NotFound("No such request.")
    return pair


def _check_capacity(pair, side):
    """Lock the mentor's row, then count places; a request takes one, a proposal already holds one."""
    offer = _lock(MentorProfile, pair.mentor_id)
    if offer is None:
        raise Conflict("This mentor no longer offers mentoring.")
    held = db.session.scalar(select(func.count()).select_from(Mentorship).where(
        Mentorship.mentor_id == pair.mentor_id, Mentorship.status.in_(HOLDS_PLACE), Mentorship.id != pair.id))
    if held >= offer.capacity:
        if side == "mentor":
            raise Conflict(f"No free place: {offer.capacity} of {offer.capacity} places are taken. "
                           "Raise your capacity or decline.")
        raise Conflict("This mentor has no free place any more, so the proposal cannot go ahead.")
    _lock(MenteePreference, pair.mentee_id)
    if db.session.scalar(select(func.count()).select_from(Mentorship).where(
            Mentorship.mentee_id == pair.mentee_id, Mentorship.status == ACTIVE, Mentorship.id != pair.id)):
        raise Conflict("This newcomer already has an active mentor.")


def respond(user: User, mentorship_id: int, accept: bool, reason: str | None = "",
            now: datetime | None = None) -> Mentorship:
    """Accept or decline. Requests are answered by the mentor; proposals by each side."""
    now = now or utcnow()
    pair = get_for(user, mentorship_id)
    side = pair.side_of(user.id)
    if pair.status == REQUESTED and side != "mentor":
        raise PermissionDenied("Only the mentor can answer this request.")
    if pair.status not in OPEN_STATUSES or (pair.expires_at and pair.expires_at <= now):
        raise Conflict("This request is no longer open.")
    if getattr(pair, f"{side}_accepted_at"):
        raise Conflict("You have already accepted; waiting for the other side.")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(f"Keep the reason to {REASON_MAX} characters.", field="reason")
    other = pair.mentee if side == "mentor" else pair.mentor
    if not accept:
        pair.status, pair.decline_reason, pair.responded_at, pair.closed_at = DECLINED, reason, now, now
        db.session.flush()
        _mail(other, "mentoring_request_declined", f"{user.display_name} cannot be your mentoring pair",
              pair, reason=reason)
        return pair
    _check_capacity(pair, side)
    setattr(pair, f"{side}_accepted_at", now)
    pair.responded_at = now
    if pair.status == REQUESTED:
        pair.mentee_accepted_at = pair.created_at  # the newcomer asked, so they said yes first
    if pair.mentor_accepted_at and pair.mentee_accepted_at:
        pair.status, pair.started_at = ACTIVE, now
        _withdraw_others(pair, now)
    else:
        pair.status = ACCEPTED
    db.session.flush()
    endpoint = ("mentoring.space", {"mentorship_id": pair.id}) if pair.status == ACTIVE else ("mentoring.index", {})
    notify(other, "mentoring_request_accepted", f"{user.display_name} accepted: "
           + ("your mentoring starts now" if pair.status == ACTIVE else "waiting for your answer"),
           "mentoring_request_accepted", endpoint=endpoint[0], values=endpoint[1] or None,
           mentorship=pair, mentor=pair.mentor, mentee=pair.mentee, accepter=user)
    return pair


WITHDRAWN_MATCHED = "The newcomer now has a mentor, so their other requests were withdrawn."


def _withdraw_others(pair, now):
    """Once a newcomer has a mentor, their other open requests are withdrawn, and everyone told."""
    others = list(db.session.scalars(select(Mentorship).where(
        Mentorship.mentee_id == pair.mentee_id, Mentorship.id != pair.id,
        Mentorship.status.in_(OPEN_STATUSES)).order_by(Mentorship.id)))
    for other in others:
        other.status, other.closed_at, other.decline_reason = WITHDRAWN, now, WITHDRAWN_MATCHED
    db.session.flush()
    for other in others:
        _mail(other.mentor, "mentoring_request_withdrawn",
              f"{other.mentee.display_name}'s mentoring request is withdrawn: they now have a mentor",
              other, "mentoring.mentor_home", why="matched")
    if others:
        _mail(pair.mentee, "mentoring_request_withdrawn",
              f"Your other {len(others)} mentoring request{'s are' if len(others) != 1 else ' is'} withdrawn",
              pair, "mentoring.index", why="matched", withdrawn=others)


def withdraw(user: User, mentorship_id: int, now: datetime | None = None) -> Mentorship:
    """The newcomer withdraws a request (or a proposal) that is still open."""
    pair = get_for(user, mentorship_id)
    if pair.side_of(user.id) != "mentee":
        raise PermissionDenied("Only the newcomer can withdraw a request.")
    if pair.status not in OPEN_STATUSES:
        raise Conflict("This request is no longer open.")
    pair.status, pair.closed_at = WITHDRAWN, now or utcnow()
    pair.decline_reason = "Withdrawn by the newcomer."
    db.session.flush()
    _mail(pair.mentor, "mentoring_request_withdrawn", f"{user.display_name} withdrew their mentoring "
          + ("request" if pair.origin == "request" else "proposal"), pair, "mentoring.mentor_home", why="newcomer")
    return pair


def release_open_requests(mentor: User, reason: str, now: datetime | None = None) -> int:
    """Release every request and proposal still waiting for this mentor's answer (they paused, or
    were suspended); each newcomer is told why and where they stand. Returns how many."""
    now = now or utcnow()
    pairs = list(db.session.scalars(select(Mentorship).where(
        Mentorship.mentor_id == mentor.id, Mentorship.status.in_(OPEN_STATUSES),
        Mentorship.mentor_accepted_at.is_(None)).order_by(Mentorship.id)))
    for pair in pairs:
        pair.status, pair.closed_at, pair.decline_reason = RELEASED, now, reason[:REASON_MAX]
    db.session.flush()
    for pair in pairs:
        _mail(pair.mentee, "mentoring_request_released",
              f"Your mentoring {'request to' if pair.origin == 'request' else 'proposal with'} "
              f"{mentor.display_name} is released", pair, reason=reason)
    return len(pairs)


def _claim(pair_id, condition, **values):
    """Conditional UPDATE: True only for the one runner whose update changed the row."""
    result = db.session.execute(update(Mentorship).where(Mentorship.id == pair_id, condition).values(**values))
    return rows_changed(result) == 1


def expire_requests(now: datetime | None = None) -> int:
    """Remind after 7 days, expire after MENTORING_REQUEST_EXPIRY_DAYS; safe to run twice at once."""
    now = now or utcnow()
    done = 0
    due = db.session.scalars(select(Mentorship.id).where(
        Mentorship.status.in_(OPEN_STATUSES), Mentorship.reminded_at.is_(None),
        Mentorship.created_at <= now - REMIND_AFTER, Mentorship.expires_at > now)).all()
    for pair_id in due:
        if _claim(pair_id, Mentorship.reminded_at.is_(None), reminded_at=now):
            pair = get_pair(pair_id)
            for person, side in ((pair.mentor, "mentor"), (pair.mentee, "mentee")):
                if not getattr(pair, f"{side}_accepted_at") and not (side == "mentee" and pair.status == REQUESTED):
                    _mail(person, "mentoring_request_expiring", "A mentoring request is waiting for your answer",
                          pair, "mentoring.mentor_home" if side == "mentor" else "mentoring.index")
            done += 1
    expired = db.session.scalars(select(Mentorship.id).where(
        Mentorship.status.in_(OPEN_STATUSES), Mentorship.expires_at <= now)).all()
    for pair_id in expired:
        if _claim(pair_id, Mentorship.status.in_(OPEN_STATUSES), status=EXPIRED, closed_at=now):
            pair = get_pair(pair_id)
            for person in (pair.mentor, pair.mentee):
                _mail(person, "mentoring_request_expired", "A mentoring request expired without an answer", pair)
            done += 1
    db.session.flush()
    return done


def incoming(user: User) -> list[Mentorship]:
    """Requests and proposals waiting for this mentor's answer, oldest first."""
    stmt = (select(Mentorship).where(Mentorship.mentor_id == user.id, Mentorship.status.in_(OPEN_STATUSES),
                                     Mentorship.mentor_accepted_at.is_(None))
            .options(selectinload(Mentorship.mentee).selectinload(User.profile))
            .order_by(Mentorship.created_at))
    return list(db.session.scalars(stmt))

