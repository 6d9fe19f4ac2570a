"""A pair's shared space: goals, meetings, next meeting, induction checklist; closing and feedback.

Only the two people in the pair may open it. Organisers see that it exists and when the pair last
met (the dashboard), never its content.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import (
    ACTIVE,
    COMPLETED,
    ENDED_EARLY,
    OPEN_STATUSES,
    ClosingFeedback,
    InductionTick,
    MenteePreference,
    MentoringMeeting,
    Mentorship,
)
from softlanding.blueprints.mentoring.models_pair import PairMessage
from softlanding.blueprints.mentoring.requests import get_pair
from softlanding.blueprints.notifications.notify import Kind, notify
from softlanding.core import reference
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db

# The kinds of message this module sends (registered by the domain's register(app)).
KINDS = (
    Kind("mentoring_no_meeting_nudge", "Reminder when a mentoring pair has not met or written for 30 days",
         "Mentoring"),
)

TEXT_MAX = 2000
QUIET_DAYS = 30


def get_space(user: User, mentorship_id: int) -> Mentorship:
    """The pair's space for one of its two members; anyone else gets PermissionDenied."""
    pair = db.session.scalar(
        select(Mentorship).where(Mentorship.id == mentorship_id)
        .options(selectinload(Mentorship.mentor).selectinload(User.profile),
                 selectinload(Mentorship.mentee).selectinload(User.profile),
                 selectinload(Mentorship.meetings), selectinload(Mentorship.ticks)))
    if pair is None:
        raise NotFound("No such mentoring pair.")
    if pair.side_of(user.id) is None:
        raise PermissionDenied("Only the mentor and the newcomer can open their shared space.")
    if pair.status in OPEN_STATUSES:
        raise NotFound("This pair has not started yet.")
    return pair


def _active(user, mentorship_id):
    pair = get_space(user, mentorship_id)
    if pair.status != ACTIVE:
        raise Conflict("This mentoring has ended; its space is read-only.")
    return pair


def save_goals(user: User, mentorship_id: int, goals: str | None) -> Mentorship:
    """Set the agreed goals (either side)."""
    pair = _active(user, mentorship_id)
    goals = (goals or "").strip()
    if len(goals) > TEXT_MAX:
        raise ValidationError(f"Keep the goals to {TEXT_MAX} characters.", field="goals")
    pair.agreed_goals = goals
    db.session.flush()
    return pair


def set_next_meeting(user: User, mentorship_id: int, when: date | None, today: date | None = None) -> Mentorship:
    """Set (or clear, with None) the next meeting date; it cannot be in the past."""
    pair = _active(user, mentorship_id)
    if when is not None and when < (today or date.today()):
        raise ValidationError("Choose today or a later date.", field="next_meeting_on")
    pair.next_meeting_on = when
    db.session.flush()
    return pair


def log_meeting(user: User, mentorship_id: int, met_on: date | None, mode: str | None, notes: str | None,
                today: date | None = None) -> MentoringMeeting:
    """Log a meeting that happened (date, mode, private notes)."""
    pair = _active(user, mentorship_id)
    today = today or date.today()
    if met_on is None:
        raise ValidationError("Enter the date you met.", field="met_on")
    if met_on > today:
        raise ValidationError("The date cannot be in the future; set a future date as the next meeting.",
                              field="met_on")
    if pair.started_at and met_on < pair.started_at.date() - timedelta(days=1):
        raise ValidationError("The date is before your mentoring started.", field="met_on")
    reference.require("meeting_mode", mode, field="mode")
    notes = (notes or "").strip()
    if len(notes) > TEXT_MAX:
        raise ValidationError(f"Keep the notes to {TEXT_MAX} characters.", field="notes")
    meeting = MentoringMeeting(mentorship_id=pair.id, met_on=met_on, mode=mode, notes=notes,
                               logged_by_id=user.id)
    db.session.add(meeting)
    if pair.next_meeting_on and pair.next_meeting_on <= met_on:
        pair.next_meeting_on = None
    db.session.flush()
    return meeting


def toggle_tick(user: User, mentorship_id: int, area: str) -> bool:
    """Tick or untick one induction checklist area (either side)."""
    pair = _active(user, mentorship_id)
    reference.require("induction_area", area)
    tick = db.session.scalar(select(InductionTick).where(InductionTick.mentorship_id == pair.id,
                                                         InductionTick.area == area))
    if tick is None:
        db.session.add(InductionTick(mentorship_id=pair.id, area=area, ticked_by_id=user.id))
        ticked = True
    else:
        db.session.delete(tick)
        ticked = False
    db.session.flush()
    return ticked


def close(user: User, mentorship_id: int, outcome: str, reason: str | None,
          now: datetime | None = None) -> Mentorship:
    """Complete or end early (with a reason); either side may."""
    pair = _active(user, mentorship_id)
    if outcome not in (COMPLETED, ENDED_EARLY):
        raise ValidationError("Choose completed or ended early.", field="outcome")
    reason = (reason or "").strip()
    if outcome == ENDED_EARLY and not reason:
        raise ValidationError("Say briefly why the mentoring ends early.", field="reason")
    if len(reason) > TEXT_MAX:
        raise ValidationError(f"Keep the reason to {TEXT_MAX} characters.", field="reason")
    pair.status, pair.end_reason = outcome, reason
    pair.closed_at, pair.closed_by_id = now or utcnow(), user.id
    # The newcomer leaves the queue; saving their preferences again puts them back in it.
    db.session.execute(update(MenteePreference).where(MenteePreference.user_id == pair.mentee_id)
                       .values(seeking=False))
    db.session.flush()
    return pair


def feedback_of(user: User, pair: Mentorship) -> ClosingFeedback | None:
    """The user's closing feedback for this pair, or None."""
    return db.session.scalar(select(ClosingFeedback).where(ClosingFeedback.relationship_id == pair.id,
                                                           ClosingFeedback.author_id == user.id))


def give_feedback(user: User, mentorship_id: int, rating: int | str | None, comment: str | None) -> ClosingFeedback:
    """Each side's closing rating (1-5) and comment, once."""
    pair = get_space(user, mentorship_id)
    if pair.status not in (COMPLETED, ENDED_EARLY):
        raise Conflict("Closing feedback opens once the mentoring has ended.")
    if feedback_of(user, pair) is not None:
        raise Conflict("You have already given your closing feedback. Thank you.")
    try:
        score = int(rating) if rating is not None else 0  # 0 fails the range check below
    except (TypeError, ValueError):
        raise ValidationError("Choose a rating from 1 to 5.", field="rating") from None
    if not 1 <= score <= 5:
        raise ValidationError("Choose a rating from 1 to 5.", field="rating")
    comment = (comment or "").strip()
    if len(comment) > TEXT_MAX:
        raise ValidationError(f"Keep the comment to {TEXT_MAX} characters.", field="comment")
    row = ClosingFeedback(relationship_id=pair.id, author_id=user.id, author_side=pair.side_of(user.id),
                          rating=score, comment=comment)
    db.session.add(row)
    db.session.flush()
    return row


def sees_paired_profile(viewer, owner):
    """Mentor and newcomer see each other's full profile while a request, proposal or pair is live."""
    return db.session.execute(select(func.count()).select_from(Mentorship).where(
        or_((Mentorship.mentor_id == viewer.id) & (Mentorship.mentee_id == owner.id),
            (Mentorship.mentee_id == viewer.id) & (Mentorship.mentor_id == owner.id)),
        Mentorship.status.in_((*OPEN_STATUSES, ACTIVE)))).scalar_one() > 0



def last_meetings_subquery():
    """(mentorship_id, last_met) for every pair with a meeting."""
    return (select(MentoringMeeting.mentorship_id.label("mentorship_id"),
                   func.max(MentoringMeeting.met_on).label("last_met"))
            .group_by(MentoringMeeting.mentorship_id).subquery())


def quiet_pairs_statement(now: datetime) -> Select[tuple[Mentorship]]:
    """Active pairs with no meeting logged and no message in the last 30 days (and started 30+ days ago)."""
    last = last_meetings_subquery()
    cutoff = now - timedelta(days=QUIET_DAYS)
    recent_message = select(PairMessage.id).where(PairMessage.mentorship_id == Mentorship.id,
                                                  PairMessage.created_at >= cutoff).exists()
    return (select(Mentorship).outerjoin(last, last.c.mentorship_id == Mentorship.id)
            .where(Mentorship.status == ACTIVE, Mentorship.started_at <= cutoff, ~recent_message,
                   or_(last.c.last_met.is_(None), last.c.last_met < cutoff.date())))


def nudge_quiet_pairs(now: datetime | None = None) -> int:
    """Email both sides of a pair with no meeting for 30 days, at most once per 30 days."""
    now = now or utcnow()
    cutoff = now - timedelta(days=QUIET_DAYS)
    ids = db.session.scalars(quiet_pairs_statement(now).with_only_columns(Mentorship.id)).all()
    done = 0
    for pair_id in ids:
        claimed = rows_changed(db.session.execute(update(Mentorship).where(
            Mentorship.id == pair_id,
            or_(Mentorship.last_nudged_at.is_(None), Mentorship.last_nudged_at <= cutoff)
        ).values(last_nudged_at=now))) == 1
        if not claimed:
            continue
        pair = get_pair(pair_id)
        for person in (pair.mentor, pair.mentee):
            notify(person, "mentoring_no_meeting_nudge", "Time to meet? No meeting logged for 30 days",
                   "mentoring_no_meeting_nudge", endpoint="mentoring.space",
                   values={"mentorship_id": pair.id}, mentorship=pair, mentor=pair.mentor, mentee=pair.mentee)
        done += 1
    db.session.flush()
    return done
