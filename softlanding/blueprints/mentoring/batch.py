"""Organiser batch matching: a draft of fair pairs, edited (remove, swap), then published as proposals."""

from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring.models import (
    HOLDS_PLACE,
    PROPOSED,
    MatchBatch,
    MatchBatchPair,
    MenteePreference,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.requests import _mail, expiry
from softlanding.core import audit, reference
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, NotFound, ValidationError
from softlanding.core.extensions import db
from softlanding.lib.matching import assign_batch, explain, score_all
from softlanding.lib.matching.explain import third_person


def waiting_statement():
    """Newcomers seeking a mentor with no pair holding a place, longest waiting first."""
    placed = select(Mentorship.mentee_id).where(Mentorship.status.in_(HOLDS_PLACE))
    return (select(MenteePreference).join(User, User.id == MenteePreference.user_id)
            .where(MenteePreference.seeking.is_(True), User.is_active_account.is_(True),
                   MenteePreference.user_id.not_in(placed))
            .order_by(MenteePreference.waiting_since, MenteePreference.id))


def run_batch(organiser, now=None):
    """Score every waiting newcomer against every free place and store the fair optimum as a draft."""
    # numpy only when a batch runs (a heavy numeric dependency, see lib/matching/assign.py).
    import numpy as np

    now = now or utcnow()
    settings = mentoring.get_settings()
    nation_of = mentoring.nations()
    prefs = list(db.session.scalars(waiting_statement().options(
        selectinload(MenteePreference.user).selectinload(User.profile))))
    offers = mentoring.available_offers(now.date())
    batch = MatchBatch(created_by_id=organiser.id, created_at=now, waiting_count=len(prefs),
                       place_count=sum(free for _, free in offers))
    db.session.add(batch)
    if prefs and offers:
        mentees = [mentoring.mentee_data(p, nation_of, now) for p in prefs]
        mentors = [mentoring.mentor_data(o, free, nation_of) for o, free in offers]
        table = score_all(mentees, mentors, mentoring.effective_weights(settings), settings.must_haves,
                          mentoring.past_pairs([p.user_id for p in prefs]))
        result = assign_batch(table, floor=settings.floor, priority=np.array([m.priority for m in mentees]))
        batch.unmatched = unmatched_reasons(table, mentees, mentors, result, settings)
        for i, j, score in result.pairs:
            pair = table.pair(i, j)
            text = explain(pair, mentees[i], mentors[j], reference.label)
            batch.pairs.append(MatchBatchPair(
                mentor_id=mentors[j].id, mentee_id=mentees[i].id, score=round(score, 4),
                parts={c: round(p, 3) for c, (p, _) in pair["parts"].items()},
                reasons=[third_person(r) for r in text["reasons"] + text["more"]],
                mismatches=[third_person(r) for r in text["mismatches"]]))
    elif prefs:
        batch.unmatched = [{"mentee_id": p.user_id, "reason": "No mentor has a free place."} for p in prefs]
    db.session.flush()
    return batch


def percent(value: float) -> str:
    """A 0..1 score as a whole percentage, '35%'."""
    return f"{int(round(value * 100))}%"


def unmatched_reasons(table, mentees, mentors, result, settings) -> list[dict]:
    """Why each waiting newcomer the assignment left out has no pair: a must-have no free mentor
    meets, no place left in their region, every allowed pair under the minimum, or places taken."""
    matched = {i for i, _, _ in result.pairs}
    must = set(settings.must_haves or ())
    out = []
    for i, mentee in enumerate(mentees):
        if i in matched:
            continue
        allowed = table.allowed[i]
        if not allowed.any():
            if "region" in must and mentee.same_region:
                if not any(m.region == mentee.region and m.region for m in mentors):
                    reason = "No place left with a mentor in their region (they asked for their region, a must-have)."
                else:
                    reason = ("The mentors with a free place in their region fail another must-have or have a "
                              "conflict of interest.")
            else:
                names = ", ".join(sorted(MUST_HAVE_WORDS.get(m, m) for m in must)) or "none"
                reason = ("No mentor with a free place meets their must-haves "
                          f"({names}) without a conflict of interest.")
        else:
            best = float(table.score[i][allowed].max())
            if best < settings.floor:
                reason = (f"Every possible pair is under the minimum: the best scores {percent(best)}, "
                          f"the minimum is {percent(settings.floor)}.")
            else:
                reason = (f"The places that fit them (best {percent(best)}) went to newcomers who fit them "
                          "better or have waited longer.")
        out.append({"mentee_id": mentee.id, "reason": reason})
    return out


MUST_HAVE_WORDS = {"needs": "help with their top need", "region": "same region", "language": "shared language",
                   "gender": "mentor gender", "mode": "meeting mode"}


def get_batch(batch_id):
    """A batch with its pairs and people loaded; NotFound if missing."""
    batch = db.session.scalar(select(MatchBatch).where(MatchBatch.id == batch_id).options(
        selectinload(MatchBatch.pairs).selectinload(MatchBatchPair.mentor).selectinload(User.profile),
        selectinload(MatchBatch.pairs).selectinload(MatchBatchPair.mentee).selectinload(User.profile)))
    if batch is None:
        raise NotFound("No such batch.")
    return batch


class BatchSummary(TypedDict):
    """A draft's figures over the pairs still in it; loads are [mentor, newcomers] by load."""

    matched: int
    removed: int
    waiting: int
    places: int
    mean: float
    worst: float
    loads: list[list[Any]]


def summary(batch: MatchBatch) -> BatchSummary:
    """Matched, mean and worst score, and each mentor's load, over the pairs still in the draft."""
    kept = [p for p in batch.pairs if not p.removed]
    loads: dict[int, list[Any]] = {}
    for p in kept:
        loads.setdefault(p.mentor_id, [p.mentor, 0])[1] += 1
    scores = [p.score for p in kept]
    return {"matched": len(kept), "removed": len(batch.pairs) - len(kept), "waiting": batch.waiting_count,
            "places": batch.place_count, "mean": sum(scores) / len(scores) if scores else 0.0,
            "worst": min(scores) if scores else 0.0,
            "loads": sorted(loads.values(), key=lambda item: (-item[1], item[0].full_name))}


def unmatched_rows(batch: MatchBatch) -> list[tuple[User | None, str]]:
    """[(newcomer, why)] the batch left unmatched, newcomers loaded in one query."""
    rows = batch.unmatched or []
    ids = [row["mentee_id"] for row in rows]
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    return [(users.get(row["mentee_id"]), row["reason"]) for row in rows]


def _draft(batch_id):
    """A batch that is still a draft (Conflict once published or discarded)."""
    batch = get_batch(batch_id)
    if batch.status != "draft":
        raise Conflict("This batch is no longer a draft.")
    return batch


def _pair_in(batch, pair_id, field=None):
    pair = next((p for p in batch.pairs if p.id == pair_id), None)
    if pair is None or pair.removed:
        raise ValidationError("Choose a pair from this draft.", field=field) if field else NotFound("No such pair.")
    return pair


def publish_plan(batch_id: int) -> dict:
    """What publishing would do: proposals, and the people told (one email each: a mentor with
    several newcomers gets one email naming them all)."""
    batch = _draft(batch_id)
    kept = [p for p in batch.pairs if not p.removed]
    mentors = {p.mentor_id for p in kept}
    mentees = {p.mentee_id for p in kept}
    return {"batch": batch, "proposals": len(kept), "mentors": len(mentors), "mentees": len(mentees),
            "people": len(mentors) + len(mentees)}


def publish(organiser, batch_id, now=None):
    """Turn the draft's pairs into proposals to both sides, one email per person; pairs no longer
    possible are skipped."""
    now = now or utcnow()
    batch = _draft(batch_id)
    made, skipped = 0, 0
    by_mentor: dict[int, list[Mentorship]] = {}
    for pair in sorted((p for p in batch.pairs if not p.removed), key=lambda p: (p.mentor_id, p.id)):
        offer = db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == pair.mentor_id)
                                  .with_for_update())
        held = db.session.execute(select(func.count()).select_from(Mentorship).where(
            Mentorship.mentor_id == pair.mentor_id, Mentorship.status.in_(HOLDS_PLACE))).scalar_one()
        placed = db.session.execute(select(func.count()).select_from(Mentorship).where(
            Mentorship.mentee_id == pair.mentee_id, Mentorship.status.in_(HOLDS_PLACE))).scalar_one()
        if offer is None or held >= offer.capacity or placed:
            pair.note, skipped = "Skipped at publishing: no longer possible", skipped + 1
            continue
        proposal = Mentorship(mentor_id=pair.mentor_id, mentee_id=pair.mentee_id, status=PROPOSED,
                              origin="batch", batch_id=batch.id, score=pair.score, created_at=now,
                              expires_at=now + expiry())
        db.session.add(proposal)
        db.session.flush()
        by_mentor.setdefault(pair.mentor_id, []).append(proposal)
        made += 1
    for proposals in by_mentor.values():
        first = proposals[0]
        subject = ("Soft Landing organisers propose that you mentor "
                   + (first.mentee.display_name if len(proposals) == 1 else f"{len(proposals)} newcomers"))
        _mail(first.mentor, "mentoring_proposal", subject, first, "mentoring.mentor_home", proposals=proposals)
        for proposal in proposals:
            _mail(proposal.mentee, "mentoring_proposal",
                  f"Soft Landing organisers propose {proposal.mentor.display_name} as your mentor", proposal,
                  "mentoring.index", proposals=[proposal])
    batch.status, batch.published_at = "published", now
    audit.record("batch_published", "match_batch", batch.id, f"proposals={made} skipped={skipped}")
    db.session.flush()
    return made, skipped


def list_batches(page, per_page=20):
    """Recent batches, newest first, paged."""
    stmt = (select(MatchBatch).options(selectinload(MatchBatch.created_by))
            .order_by(MatchBatch.created_at.desc(), MatchBatch.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
