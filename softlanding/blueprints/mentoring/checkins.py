"""Check-ins: one month and three months after a pair starts, and at its end, each side answers a
short check-in (how often they met, how useful 1-5, confidence in the area asked about 1-5, free text).

Answers feed the impact report (`checkin_summary`) and can be coded in the analysis workspace
(PairCheckin.comment); organisers see the pairs that report a problem.
"""

from datetime import datetime, timedelta
from typing import TypedDict

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import ACTIVE, COMPLETED, ENDED_EARLY, Mentorship
from softlanding.blueprints.mentoring.models_pair import PairCheckin
from softlanding.blueprints.mentoring.space import get_space
from softlanding.blueprints.notifications.notify import Kind, notify
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, NotFound, ValidationError
from softlanding.core.extensions import db
from softlanding.core.jobs import claim_once

KINDS = (Kind("mentoring_checkin", "Short check-ins on how your mentoring is going", "Mentoring"),)
STAGES = {"month_1": "One month in", "month_3": "Three months in", "end": "At the end"}
STAGE_AFTER = {"month_1": timedelta(days=30), "month_3": timedelta(days=90)}
END_WINDOW = timedelta(days=60)  # the end check-in stays open this long after the pair closes
MET_CHOICES = {"not_yet": "We have not met yet", "once": "Once", "monthly": "About once a month",
               "more": "More than once a month"}
TEXT_MAX = 2000
PROBLEM_RATING = 2  # usefulness at or below this counts as a problem report


def due_stages(pair: Mentorship, now: datetime) -> list[str]:
    """The check-in stages open for this pair now."""
    if pair.started_at is None:
        return []
    if pair.status == ACTIVE:
        return [s for s, after in STAGE_AFTER.items() if now >= pair.started_at + after]
    if pair.status in (COMPLETED, ENDED_EARLY) and pair.closed_at and now <= pair.closed_at + END_WINDOW:
        return ["end"]
    return []


def answered(user: User, pair_id: int) -> set[str]:
    """Stages this member has answered for this pair."""
    return set(db.session.scalars(select(PairCheckin.stage).where(PairCheckin.mentorship_id == pair_id,
                                                                  PairCheckin.user_id == user.id)))


def due_for(user: User, pair: Mentorship, now: datetime | None = None) -> list[str]:
    """Stages open for this member that they have not answered."""
    done = answered(user, pair.id)
    return [s for s in due_stages(pair, now or utcnow()) if s not in done]


def _int(value, field, label):
    try:
        number = int(value) if value not in (None, "") else 0
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 5:
        raise ValidationError(f"Choose {label} from 1 to 5.", field=field)
    return number


def submit(user: User, mentorship_id: int, stage: str, met: str | None, usefulness, confidence,
           problem: bool, comment: str | None, now: datetime | None = None) -> PairCheckin:
    """Save one side's check-in for an open stage, once."""
    now = now or utcnow()
    pair = get_space(user, mentorship_id)
    if stage not in STAGES:
        raise NotFound("No such check-in.")
    if stage not in due_stages(pair, now):
        raise Conflict("This check-in is not open for your pair.")
    if stage in answered(user, pair.id):
        raise Conflict("You have already answered this check-in. Thank you.")
    if met not in MET_CHOICES:
        raise ValidationError("Choose how often you have met.", field="met")
    useful = _int(usefulness, "usefulness", "how useful it is")
    sure = _int(confidence, "confidence", "your confidence")
    comment = (comment or "").strip()
    if len(comment) > TEXT_MAX:
        raise ValidationError(f"Keep it to {TEXT_MAX} characters.", field="comment")
    row = PairCheckin(mentorship_id=pair.id, user_id=user.id, side=pair.side_of(user.id) or "", stage=stage,
                      met=met, usefulness=useful, confidence=sure, problem=bool(problem) or useful <= PROBLEM_RATING,
                      comment=comment, created_at=now)
    db.session.add(row)
    db.session.flush()
    return row


def send_invitations(now: datetime | None = None) -> int:
    """Invite each side once per stage when it opens (claimed, so two runners never send twice)."""
    now = now or utcnow()
    stmt = (select(Mentorship).where(or_(
        (Mentorship.status == ACTIVE) & (Mentorship.started_at <= now - STAGE_AFTER["month_1"]),
        Mentorship.status.in_((COMPLETED, ENDED_EARLY)) & (Mentorship.closed_at >= now - END_WINDOW)))
        .options(selectinload(Mentorship.mentor), selectinload(Mentorship.mentee)))
    sent = 0
    for pair in db.session.scalars(stmt):
        for stage in due_stages(pair, now):
            for person in (pair.mentor, pair.mentee):
                if stage in answered(person, pair.id) or not claim_once("mentoring_checkin",
                                                                        f"{pair.id}:{person.id}:{stage}"):
                    continue
                notify(person, "mentoring_checkin", f"How is your mentoring going? {STAGES[stage]}",
                       "mentoring_checkin", endpoint="mentoring.checkin",
                       values={"mentorship_id": pair.id, "stage": stage}, mentorship=pair, stage_label=STAGES[stage])
                sent += 1
    db.session.flush()
    return sent


class StageSummary(TypedDict):
    """Check-in figures for one stage."""

    responses: int
    mean_usefulness: float | None
    mean_confidence: float | None
    problems: int


def checkin_summary(start: datetime, end: datetime) -> dict[str, StageSummary]:
    """{stage: responses, mean usefulness and confidence (1-5), problem reports} for check-ins
    answered in [start, end); every stage is present (0 and None when nobody answered)."""
    rows = db.session.execute(
        select(PairCheckin.stage, func.count(), func.avg(PairCheckin.usefulness), func.avg(PairCheckin.confidence),
               func.sum(case((PairCheckin.problem.is_(True), 1), else_=0)))
        .where(PairCheckin.created_at >= start, PairCheckin.created_at < end).group_by(PairCheckin.stage)).all()
    found = {stage: (n, u, c, p) for stage, n, u, c, p in rows}
    out: dict[str, StageSummary] = {}
    for stage in STAGES:
        n, u, c, p = found.get(stage, (0, None, None, 0))
        out[stage] = {"responses": int(n), "mean_usefulness": round(float(u), 2) if u is not None else None,
                      "mean_confidence": round(float(c), 2) if c is not None else None, "problems": int(p or 0)}
    return out


def problem_reports(limit: int = 100) -> list[PairCheckin]:
    """The latest check-ins that report a problem, with the pair and its people loaded."""
    stmt = (select(PairCheckin).where(PairCheckin.problem.is_(True))
            .options(selectinload(PairCheckin.mentorship).selectinload(Mentorship.mentor),
                     selectinload(PairCheckin.mentorship).selectinload(Mentorship.mentee))
            .order_by(PairCheckin.created_at.desc(), PairCheckin.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


def checkins_for_export(user: User) -> list[dict]:
    """The member's own check-in answers, for their data download."""
    rows = db.session.scalars(select(PairCheckin).where(PairCheckin.user_id == user.id)
                              .order_by(PairCheckin.created_at))
    return [{"mentorship_id": c.mentorship_id, "stage": c.stage, "met": c.met, "usefulness": c.usefulness,
             "confidence": c.confidence, "problem": c.problem, "comment": c.comment,
             "answered_at": c.created_at.isoformat()} for c in rows]
