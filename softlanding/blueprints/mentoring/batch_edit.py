"""Editing a batch draft: remove and restore pairs, swap mentors, add a pair by hand.

Every change is checked the way the batch itself is: a pair that breaks a must-have (or a conflict
of interest), scores under the minimum, or needs a place the mentor does not have is refused with
the reason.
"""

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import mentor_pool
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring.batch import _draft, percent
from softlanding.blueprints.mentoring.models import MatchBatchPair, MenteePreference, MentorProfile
from softlanding.core import reference
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db
from softlanding.lib.matching import explain, score_pair
from softlanding.lib.matching.explain import mismatch_text, third_person, unmet_preferences


def _pair_in(batch, pair_id, field=None, removed=False):
    pair = next((p for p in batch.pairs if p.id == pair_id), None)
    if pair is None or pair.removed != removed:
        raise ValidationError("Choose a pair from this draft.", field=field) if field else NotFound("No such pair.")
    return pair


def _name(user_id):
    user = db.session.get(User, user_id)
    return user.full_name if user else "this person"


def _rescore(mentee_id, mentor_id, field):
    """(result, explanation) of one newcomer with one mentor; ValidationError if either is gone."""
    settings, nation_of = mentoring.get_settings(), mentoring.nations()
    pref = db.session.scalar(select(MenteePreference).where(MenteePreference.user_id == mentee_id)
                             .options(selectinload(MenteePreference.user).selectinload(User.profile)))
    offer = db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == mentor_id)
                              .options(selectinload(MentorProfile.user).selectinload(User.profile)))
    if pref is None or offer is None:
        raise ValidationError("That newcomer or mentor no longer takes part in mentoring.", field=field)
    mentee, mentor = mentoring.mentee_data(pref, nation_of), mentoring.mentor_data(offer, 1, nation_of)
    result = score_pair(mentee, mentor, mentoring.effective_weights(settings), settings.must_haves,
                        mentoring.past_pairs([mentee_id]))
    text = explain(result, mentee, mentor, reference.label)
    if not result["allowed"]:
        broken = [mismatch_text(c, mentee, mentor, reference.label)
                  for c in unmet_preferences(mentee, mentor) if c in (settings.must_haves or ())]
        why = (f"it breaks a must-have: {' '.join(third_person(b) for b in broken)}" if broken else
               "they have a conflict of interest (same Trust or supervisor) or were paired before")
        raise ValidationError(f"{_name(mentee_id)} with {_name(mentor_id)} cannot be paired: {why}", field=field)
    if result["score"] < settings.floor:
        raise ValidationError(f"{_name(mentee_id)} with {_name(mentor_id)} scores {percent(result['score'])}, "
                              f"under the {percent(settings.floor)} minimum.", field=field)
    return result, text


def _apply(pair, result, text, note):
    pair.score = round(result["score"], 4)
    pair.parts = {c: round(p, 3) for c, (p, _) in result["parts"].items()}
    pair.reasons = [third_person(r) for r in text["reasons"] + text["more"]]
    pair.mismatches = [third_person(r) for r in text["mismatches"]]
    pair.note = note


def _free_in_draft(batch, mentor_id, ignore=()):
    """Places this mentor has left once the draft's kept pairs are counted."""
    free = dict((o.user_id, f) for o, f in mentoring.available_offers()).get(mentor_id, 0)
    used = sum(1 for p in batch.pairs if not p.removed and p.mentor_id == mentor_id and p.id not in ignore)
    return free - used


def _mentee_free(batch, mentee_id, field):
    if any(p.mentee_id == mentee_id and not p.removed for p in batch.pairs):
        raise ValidationError(f"{_name(mentee_id)} already has a pair in this draft.", field=field)


def remove_pair(organiser, batch_id, pair_id):
    """Take a pair out of the draft (it can be restored)."""
    batch = _draft(batch_id)
    pair = _pair_in(batch, pair_id)
    pair.removed = True
    db.session.flush()
    return pair


def restore_pair(organiser, batch_id, pair_id):
    """Put a removed pair back, if the newcomer is still free in the draft and the mentor has a place."""
    batch = _draft(batch_id)
    pair = _pair_in(batch, pair_id, removed=True)
    _mentee_free(batch, pair.mentee_id, None)
    if _free_in_draft(batch, pair.mentor_id) <= 0:
        raise ValidationError(f"{pair.mentor.full_name} has no place left in this draft.")
    result, text = _rescore(pair.mentee_id, pair.mentor_id, None)
    _apply(pair, result, text, "Restored by an organiser")
    pair.removed = False
    db.session.flush()
    return pair


def swap_pairs(organiser, batch_id, first_id, second_id):
    """Exchange the mentors of two pairs, if both new pairs pass every must-have and the minimum."""
    batch = _draft(batch_id)
    first, second = _pair_in(batch, first_id, "first"), _pair_in(batch, second_id, "second")
    if first.id == second.id or first.mentor_id == second.mentor_id:
        raise ValidationError("Choose two pairs with different mentors.", field="second")
    a, a_text = _rescore(first.mentee_id, second.mentor_id, "second")
    b, b_text = _rescore(second.mentee_id, first.mentor_id, "second")
    first.mentor_id, second.mentor_id = second.mentor_id, first.mentor_id
    _apply(first, a, a_text, "Swapped by an organiser")
    _apply(second, b, b_text, "Swapped by an organiser")
    db.session.flush()
    db.session.expire(first, ["mentor"])
    db.session.expire(second, ["mentor"])
    return first, second


def add_pair(organiser, batch_id, mentee_id, mentor_id):
    """Pair a waiting newcomer with a mentor by hand, under the same rules as the batch."""
    batch = _draft(batch_id)
    if mentee_id not in {row["mentee_id"] for row in batch.unmatched or []} | {p.mentee_id for p in batch.pairs}:
        raise ValidationError("Choose a newcomer who was waiting when this batch ran.", field="mentee")
    _mentee_free(batch, mentee_id, "mentee")
    if _free_in_draft(batch, mentor_id) <= 0:
        raise ValidationError("That mentor has no free place left in this draft.", field="mentor")
    result, text = _rescore(mentee_id, mentor_id, "mentor")
    pair = MatchBatchPair(mentor_id=mentor_id, mentee_id=mentee_id)
    _apply(pair, result, text, "Added by an organiser")
    batch.pairs.append(pair)
    db.session.flush()
    return pair


def add_choices(batch):
    """(newcomers, mentors) an organiser may pair by hand: unmatched or removed newcomers, mentors with room."""
    kept_mentees = {p.mentee_id for p in batch.pairs if not p.removed}
    ids = [row["mentee_id"] for row in batch.unmatched or []] + [p.mentee_id for p in batch.pairs if p.removed]
    ids = [i for i in dict.fromkeys(ids) if i not in kept_mentees]
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    newcomers = [users[i] for i in ids if i in users]
    taken = Counter(p.mentor_id for p in batch.pairs if not p.removed)
    mentors = [(m, free - taken[m.id]) for m, free in mentor_pool.choices()]
    return newcomers, [(u, f) for u, f in mentors if f > 0]
