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
from softlanding.lib.matching import assign_batch, explain, score_all, score_pair
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
        for i, j, score in result.pairs:
            pair = table.pair(i, j)
            text = explain(pair, mentees[i], mentors[j], reference.label)
            batch.pairs.append(MatchBatchPair(
                mentor_id=mentors[j].id, mentee_id=mentees[i].id, score=round(score, 4),
                parts={c: round(p, 3) for c, (p, _) in pair["parts"].items()},
                reasons=[third_person(r) for r in text["reasons"]],
                mismatches=[third_person(r) for r in text["mismatches"]]))
    db.session.flush()
    return batch


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


def _draft(batch_id):
    batch = get_batch(batch_id)
    if batch.status != "draft":
        raise Conflict("This batch is no longer a draft.")
    return batch


def _pair_in(batch, pair_id, field=None):
    pair = next((p for p in batch.pairs if p.id == pair_id), None)
    if pair is None or pair.removed:
        raise ValidationError("Choose a pair from this draft.", field=field) if field else NotFound("No such pair.")
    return pair


def remove_pair(organiser, batch_id, pair_id):
    """Take a pair out of the draft."""
    batch = _draft(batch_id)
    pair = _pair_in(batch, pair_id)
    pair.removed = True
    db.session.flush()
    return pair


def _rescore(pair, mentor_id, settings, nation_of, label):
    pref = db.session.scalar(select(MenteePreference).where(MenteePreference.user_id == pair.mentee_id)
                             .options(selectinload(MenteePreference.user).selectinload(User.profile)))
    offer = db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == mentor_id)
                              .options(selectinload(MentorProfile.user).selectinload(User.profile)))
    mentee, mentor = mentoring.mentee_data(pref, nation_of), mentoring.mentor_data(offer, 1, nation_of)
    result = score_pair(mentee, mentor, mentoring.effective_weights(settings), settings.must_haves,
                        mentoring.past_pairs([pair.mentee_id]))
    return result, explain(result, mentee, mentor, label)


def swap_pairs(organiser, batch_id, first_id, second_id):
    """Exchange the mentors of two pairs, if both new pairs pass every hard filter."""
    batch = _draft(batch_id)
    first, second = _pair_in(batch, first_id, "first"), _pair_in(batch, second_id, "second")
    if first.id == second.id or first.mentor_id == second.mentor_id:
        raise ValidationError("Choose two pairs with different mentors.", field="second")
    settings, nation_of, label = mentoring.get_settings(), mentoring.nations(), reference.label
    a, a_text = _rescore(first, second.mentor_id, settings, nation_of, label)
    b, b_text = _rescore(second, first.mentor_id, settings, nation_of, label)
    if not (a["allowed"] and b["allowed"]):
        raise ValidationError("That swap breaks a must-have or a conflict of interest, so it cannot be made.",
                              field="second")
    first.mentor_id, second.mentor_id = second.mentor_id, first.mentor_id
    for pair, result, text in ((first, a, a_text), (second, b, b_text)):
        pair.score = round(result["score"], 4)
        pair.parts = {c: round(p, 3) for c, (p, _) in result["parts"].items()}
        pair.reasons = [third_person(r) for r in text["reasons"]]
        pair.mismatches = [third_person(r) for r in text["mismatches"]]
        pair.note = "Swapped by an organiser"
    db.session.flush()
    db.session.expire(first, ["mentor"])
    db.session.expire(second, ["mentor"])
    return first, second


def publish(organiser, batch_id, now=None):
    """Turn the draft's pairs into proposals to both sides; pairs no longer possible are skipped."""
    now = now or utcnow()
    batch = _draft(batch_id)
    made, skipped = 0, 0
    for pair in sorted((p for p in batch.pairs if not p.removed), key=lambda p: p.mentor_id):
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
        for person in (proposal.mentor, proposal.mentee):
            _mail(person, "mentoring_proposal", "Soft Landing organisers propose a mentoring pair for you",
                  proposal, "mentoring.mentor_home" if person.id == pair.mentor_id else "mentoring.index")
        made += 1
    batch.status, batch.published_at = "published", now
    audit.record("batch_published", "match_batch", batch.id, f"proposals={made} skipped={skipped}")
    db.session.flush()
    return made, skipped


def list_batches(page, per_page=20):
    """Recent batches, newest first, paged."""
    stmt = (select(MatchBatch).options(selectinload(MatchBatch.created_by))
            .order_by(MatchBatch.created_at.desc(), MatchBatch.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
