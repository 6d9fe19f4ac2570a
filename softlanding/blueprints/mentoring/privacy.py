"""Mentoring's part of "download my data" and of erasure, and what a mentor still holds.

The pair space's parts (messages, concerns, planned meetings, contact sharing, check-ins) are exported by
their own modules' `*_for_export` functions; the eraser blanks the text the member wrote in them.
"""

from typing import Any

from sqlalchemy import delete, or_, select, update

from softlanding.blueprints.mentoring.checkins import checkins_for_export
from softlanding.blueprints.mentoring.contact import contact_for_export
from softlanding.blueprints.mentoring.meetings import meetings_for_export
from softlanding.blueprints.mentoring.messages import concerns_for_export, messages_for_export
from softlanding.blueprints.mentoring.models import (
    ACTIVE,
    CLOSED_STATUSES,
    ENDED_EARLY,
    OPEN_STATUSES,
    WITHDRAWN,
    ClosingFeedback,
    InductionTick,
    MenteePreference,
    MentoringMeeting,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.models_pair import (
    ContactChoice,
    PairCheckin,
    PairConcern,
    PairMessage,
    PlannedMeeting,
)
from softlanding.core.extensions import db


def _iso(value):
    return value.isoformat() if value is not None else None


def _pairs(user):
    return db.session.scalars(select(Mentorship).where(
        or_(Mentorship.mentor_id == user.id, Mentorship.mentee_id == user.id)).order_by(Mentorship.id)).all()


def export(user: Any) -> dict[str, Any]:
    """Preferences or offer, every request and pair the member is in (with the pair space), and the
    closing feedback they wrote. The other side appears by the name the member already saw."""
    pref = db.session.scalar(select(MenteePreference).where(MenteePreference.user_id == user.id))
    offer = db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == user.id))
    pairs = []
    for pair in _pairs(user):
        side = "mentor" if pair.mentor_id == user.id else "mentee"
        other = pair.mentee if side == "mentor" else pair.mentor
        meetings = db.session.scalars(select(MentoringMeeting).where(MentoringMeeting.mentorship_id == pair.id)
                                      .order_by(MentoringMeeting.met_on)).all()
        ticks = db.session.scalars(select(InductionTick).where(InductionTick.mentorship_id == pair.id)).all()
        pairs.append({
            "my_side": side, "other_person": other.display_name, "status": pair.status, "origin": pair.origin,
            "request_message": pair.message, "decline_reason": pair.decline_reason, "end_reason": pair.end_reason,
            "agreed_goals": pair.agreed_goals, "next_meeting_on": _iso(pair.next_meeting_on),
            "created_at": _iso(pair.created_at), "started_at": _iso(pair.started_at), "closed_at": _iso(pair.closed_at),
            "meetings": [{"met_on": _iso(m.met_on), "mode": m.mode, "notes": m.notes} for m in meetings],
            "induction_checklist": [{"area": t.area, "ticked_at": _iso(t.ticked_at)} for t in ticks],
        })
    feedback = db.session.scalars(select(ClosingFeedback).where(ClosingFeedback.author_id == user.id)).all()
    return {
        "mentoring_preferences": None if pref is None else {
            "help_topics": pref.help_topics, "same_region": pref.same_region, "same_language": pref.same_language,
            "mentor_gender": pref.mentor_gender, "meeting_modes": pref.meeting_modes, "goals": pref.goals,
            "trust_name": pref.trust_name, "supervisor_name": pref.supervisor_name, "seeking": pref.seeking},
        "mentoring_offer": None if offer is None else {
            "capacity": offer.capacity, "accepting": offer.accepting, "paused_until": _iso(offer.paused_until),
            "help_topics": offer.help_topics, "meeting_modes": offer.meeting_modes, "gender": offer.gender,
            "trust_name": offer.trust_name, "supervisor_name": offer.supervisor_name},
        "mentoring": pairs,
        "mentoring_messages": messages_for_export(user),
        "mentoring_concerns_reported": concerns_for_export(user),
        "mentoring_planned_meetings": meetings_for_export(user),
        "mentoring_contact_sharing": contact_for_export(user),
        "mentoring_checkins": checkins_for_export(user),
        "mentoring_closing_feedback": [{"relationship": f.relationship_id, "rating": f.rating, "comment": f.comment,
                                        "created_at": _iso(f.created_at)} for f in feedback],
    }


def erase(user: Any, context: Any) -> None:
    """End every open request and active pair (the other side is told); erase the text the member
    wrote (request messages, reasons, goals, meeting notes) and their preferences and offer. The pair rows and
    ratings stay, so "pairs matched" and rating counts in reports do not change."""
    from softlanding.blueprints.accounts.people import notice

    for pair in _pairs(user):
        other = pair.mentee if pair.mentor_id == user.id else pair.mentor
        if pair.status in OPEN_STATUSES or pair.status == ACTIVE:
            was_active = pair.status == ACTIVE
            pair.status, pair.closed_at = (ENDED_EARLY if was_active else WITHDRAWN), context.now
            if other.erased_at is None:
                notice(other, "A mentoring pair has ended" if was_active else "A mentoring request was withdrawn",
                       "The other person has deleted their account, so your mentoring "
                       f"{'pair has ended' if was_active else 'request is withdrawn'}. You can find another "
                       "mentor or mentee from the mentoring page.", link_endpoint="mentoring.index",
                       link_label="Mentoring")
        if pair.mentee_id == user.id:
            pair.message = ""
        if pair.mentor_id == user.id:
            pair.decline_reason = ""
        if pair.closed_by_id == user.id or pair.status in CLOSED_STATUSES:
            pair.end_reason = "" if pair.closed_by_id == user.id else pair.end_reason
        pair.agreed_goals = ""
        for meeting in db.session.scalars(select(MentoringMeeting).where(
                MentoringMeeting.mentorship_id == pair.id, MentoringMeeting.logged_by_id == user.id)).all():
            meeting.notes = ""
    # Closing feedback (rating and comment) stays, like a named survey answer kept as an anonymous one:
    # its author is now "a former member", and themes coded in it keep their counts.
    # Pair-space text the member wrote goes; the rows stay so the other side's thread keeps its shape and
    # check-in ratings keep their counts in reports.
    db.session.execute(update(PairMessage).where(PairMessage.author_id == user.id)
                       .values(body="(deleted by its author)"))
    db.session.execute(update(PairConcern).where(PairConcern.reporter_id == user.id).values(note="", quoted_text=""))
    db.session.execute(update(PlannedMeeting).where(PlannedMeeting.proposed_by_id == user.id)
                       .values(link="", place=""))
    db.session.execute(update(PairCheckin).where(PairCheckin.user_id == user.id).values(comment=""))
    db.session.execute(delete(ContactChoice).where(ContactChoice.user_id == user.id))
    db.session.execute(delete(MenteePreference).where(MenteePreference.user_id == user.id))
    db.session.execute(delete(MentorProfile).where(MentorProfile.user_id == user.id))
    db.session.flush()


def holdings(user: Any, role: str) -> list[str]:
    """For the rep role: the mentees the person mentors now or has agreed to."""
    if role != "rep":
        return []
    pairs = db.session.scalars(select(Mentorship).where(
        Mentorship.mentor_id == user.id, Mentorship.status.in_((ACTIVE, *OPEN_STATUSES)))).all()
    return [f"mentors {p.mentee.display_name} ({p.status_label.lower()})" for p in pairs]
