"""Weighted fit of newcomers against mentors, every criterion kept apart, with hard filters.

All newcomers are scored against all mentors at once with numpy, so a batch of 5,000 x 500 takes
well under a second. A criterion that does not apply to a newcomer (no exam left, no sub-specialty
given) is left out of that newcomer's weighting instead of counting as a zero or a free point.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    import numpy as np

# numpy (and scipy, scikit-learn) are imported inside the functions that compute, not here: heavy
# numeric dependencies that a web worker needs only when it scores or assigns, while every process
# imports this package at start-up for its constants (the one accepted kind of lazy import).

CRITERIA = ("needs", "exam", "seniority", "region", "subspecialty", "language", "mode", "gender")
DEFAULT_WEIGHTS = {"needs": 3.0, "exam": 2.0, "seniority": 1.5, "region": 1.0, "subspecialty": 1.0,
                   "language": 1.0, "mode": 0.5, "gender": 1.0}
# Preferences a newcomer may state that organisers can turn into hard filters ("must-haves").
MUST_HAVE_OPTIONS = ("needs", "region", "language", "gender", "mode")
DEFAULT_MUST_HAVES = ("gender",)
# A stated preference doubles that criterion's weight for the newcomer who stated it.
PREFERENCE_BOOST = 2.0

STAGE_RANK = {"not_in_uk": 0, "foundation_led": 1, "st1_4": 2, "sas": 3, "st5_7": 3, "consultant": 4}
# Fit by how many steps the mentor is ahead: senior enough, but not so far ahead they forget.
GAP_FIT = {1: 0.6, 2: 1.0, 3: 0.8, 4: 0.5}
EXAM_ORDER = ("fop", "tas", "akp", "clinical")


class PairScore(TypedDict):
    """One pair as plain data: its score, whether it passes the hard filters, {criterion: (part, weight)}."""

    score: float
    allowed: bool
    parts: dict[str, tuple[float, float]]


@dataclass
class Member:
    """What mentors and newcomers share for matching (codes from the reference lists)."""

    id: int
    region: str | None = None
    nation: str | None = None
    stage: str | None = None
    subspecialties: frozenset = frozenset()
    languages: frozenset = frozenset()
    country: str | None = None


@dataclass
class Mentor(Member):
    """What a mentor offers."""

    passed: frozenset = frozenset()  # MRCPCH components passed
    topics: frozenset = frozenset()
    modes: frozenset = frozenset()
    gender: str | None = None
    trust: str | None = None
    supervisor: str | None = None
    name: str | None = None
    free_places: int = 1
    accepting: bool = True


@dataclass
class Mentee(Member):
    """What a newcomer needs and prefers; `topics` is ordered, most important first."""

    next_exam: str | None = None
    topics: tuple = ()
    modes: frozenset = frozenset()
    gender_pref: str | None = None
    same_region: bool = False
    same_language: bool = False
    trust: str | None = None
    supervisor: str | None = None
    priority: float = 0.0  # 0..1, e.g. how long they have waited


def _norm(text):
    return " ".join((text or "").lower().split()) or None


def _multi_hot(items, vocab):
    import numpy as np

    out = np.zeros((len(items), len(vocab)), dtype=np.float32)
    for row, values in enumerate(items):
        for value in values:
            col = vocab.get(value)
            if col is not None:
                out[row, col] = 1.0
    return out


def _codes(values, vocab):
    import numpy as np

    return np.array([vocab.setdefault(v, len(vocab)) if v else -1 for v in values], dtype=np.int64)


@dataclass
class ScoreTable:
    """Scores of every newcomer (rows) against every mentor (columns), parts kept per criterion."""

    mentee_ids: list
    mentor_ids: list
    score: "np.ndarray"  # (n, m) float32 in 0..1
    allowed: "np.ndarray"  # (n, m) bool: passes every hard filter
    parts: dict  # criterion -> (n, m) float32 in 0..1
    weights: dict  # criterion -> (n,) float32 weight used for each newcomer (0 = not applicable)
    free_places: "np.ndarray | None" = field(default=None)  # (m,) int

    def pair(self, i: int, j: int) -> PairScore:
        """One pair as plain data: score, allowed, and {criterion: (part, weight)} for applicable ones."""
        parts = {c: (float(self.parts[c][i, j]), float(self.weights[c][i]))
                 for c in CRITERIA if self.weights[c][i] > 0}
        return {"score": float(self.score[i, j]), "allowed": bool(self.allowed[i, j]), "parts": parts}


def score_all(mentees, mentors, weights=None, must_haves=DEFAULT_MUST_HAVES, excluded=()):
    """Score every mentee against every mentor; `excluded` holds (mentee_id, mentor_id) pairs to drop."""
    import numpy as np

    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    must = set(must_haves or ())
    n, m = len(mentees), len(mentors)
    topics: dict[str, int] = {}
    for person in (*mentees, *mentors):
        for t in person.topics:
            topics.setdefault(t, len(topics))
    offers = _multi_hot([p.topics for p in mentors], topics)  # (m, T)
    need_w = np.zeros((n, len(topics)), dtype=np.float32)
    for row, mentee in enumerate(mentees):
        k = len(mentee.topics)
        for rank, t in enumerate(mentee.topics):
            need_w[row, topics[t]] = (k - rank) / (k * (k + 1) / 2)  # most important counts most
    parts, apply = {}, {}
    parts["needs"] = need_w @ offers.T
    apply["needs"] = np.array([bool(x.topics) for x in mentees])

    exam_idx = np.array([EXAM_ORDER.index(x.next_exam) if x.next_exam in EXAM_ORDER else -1
                         for x in mentees])
    passed = _multi_hot([p.passed for p in mentors], {c: i for i, c in enumerate(EXAM_ORDER)})
    exam_offer = np.stack([offers[:, topics[f"mrcpch_{c}"]] if f"mrcpch_{c}" in topics
                           else np.zeros(m, dtype=np.float32) for c in EXAM_ORDER], axis=1)
    safe_idx = np.maximum(exam_idx, 0)
    parts["exam"] = (0.6 * passed[:, safe_idx] + 0.4 * exam_offer[:, safe_idx]).T
    apply["exam"] = exam_idx >= 0

    n_rank = np.array([STAGE_RANK.get(x.stage, -1) for x in mentees])
    m_rank = np.array([STAGE_RANK.get(p.stage, -1) for p in mentors])
    gap = np.clip(m_rank[None, :] - n_rank[:, None], 0, 4)
    gap_fit = np.array([0.0, GAP_FIT[1], GAP_FIT[2], GAP_FIT[3], GAP_FIT[4]], dtype=np.float32)
    parts["seniority"] = gap_fit[gap] * (m_rank[None, :] >= 0)
    apply["seniority"] = n_rank >= 0

    vocab: dict[str, int] = {}
    n_reg, m_reg = _codes([x.region for x in mentees], vocab), _codes([p.region for p in mentors], vocab)
    n_nat, m_nat = _codes([x.nation for x in mentees], vocab), _codes([p.nation for p in mentors], vocab)
    same_region = (n_reg[:, None] == m_reg[None, :]) & (n_reg[:, None] >= 0)
    same_nation = (n_nat[:, None] == m_nat[None, :]) & (n_nat[:, None] >= 0)
    asked_region = np.array([x.same_region for x in mentees], dtype=bool)
    # Same nation counts half, except for a newcomer who asked for their own region: for them a
    # mentor elsewhere in the nation is simply not in their region.
    parts["region"] = np.where(same_region, 1.0, np.where(same_nation & ~asked_region[:, None], 0.5, 0.0)
                               ).astype(np.float32)
    apply["region"] = n_reg >= 0

    subs: dict[str, int] = {}
    for p in (*mentees, *mentors):
        for s in p.subspecialties:
            subs.setdefault(s, len(subs))
    parts["subspecialty"] = np.minimum(
        _multi_hot([x.subspecialties for x in mentees], subs) @ _multi_hot([p.subspecialties for p in mentors], subs).T, 1.0)
    apply["subspecialty"] = np.array([bool(x.subspecialties) for x in mentees])

    langs: dict[str, int] = {}
    for p in (*mentees, *mentors):
        for lang in p.languages:
            if lang != "en":  # everyone shares English; only another language says something
                langs.setdefault(lang, len(langs))
    shared_lang = (_multi_hot([x.languages for x in mentees], langs)
                   @ _multi_hot([p.languages for p in mentors], langs).T) > 0
    cvocab: dict[str, int] = {}
    n_cty, m_cty = _codes([x.country for x in mentees], cvocab), _codes([p.country for p in mentors], cvocab)
    same_country = (n_cty[:, None] == m_cty[None, :]) & (n_cty[:, None] >= 0)
    parts["language"] = (shared_lang | same_country).astype(np.float32)
    apply["language"] = np.ones(n, dtype=bool)

    modes = {"video": 0, "phone": 1, "in_person": 2}
    for p in (*mentees, *mentors):
        for mode in p.modes:
            modes.setdefault(mode, len(modes))
    parts["mode"] = np.minimum(
        _multi_hot([x.modes for x in mentees], modes) @ _multi_hot([p.modes for p in mentors], modes).T, 1.0)
    apply["mode"] = np.array([bool(x.modes) for x in mentees])

    gvocab: dict[str, int] = {}
    n_g, m_g = _codes([x.gender_pref for x in mentees], gvocab), _codes([p.gender for p in mentors], gvocab)
    parts["gender"] = ((n_g[:, None] == m_g[None, :]) & (n_g[:, None] >= 0)).astype(np.float32)
    apply["gender"] = n_g >= 0

    boost = {"region": np.array([x.same_region for x in mentees]),
             "language": np.array([x.same_language for x in mentees])}
    row_w = {}
    total = np.zeros((n, m), dtype=np.float32)
    weight_sum = np.zeros(n, dtype=np.float32)
    for c in CRITERIA:
        parts[c] = np.asarray(parts[c], dtype=np.float32).reshape(n, m)
        w = np.where(apply[c], float(weights.get(c, 0.0)), 0.0).astype(np.float32)
        if c in boost:
            w = np.where(boost[c], w * PREFERENCE_BOOST, w).astype(np.float32)
        row_w[c] = w
        total += w[:, None] * parts[c]
        weight_sum += w
    score = np.divide(total, weight_sum[:, None], out=np.zeros_like(total), where=weight_sum[:, None] > 0)

    free = np.array([p.free_places if p.accepting else 0 for p in mentors], dtype=np.int64)
    allowed = np.repeat((free > 0)[None, :], n, axis=0)
    if "needs" in must:
        top = np.array([topics[x.topics[0]] if x.topics else -1 for x in mentees])
        has = offers[:, np.maximum(top, 0)].T > 0
        allowed &= has | (top < 0)[:, None]
    if "region" in must:
        allowed &= same_region | ~boost["region"][:, None] | (n_reg < 0)[:, None]
    if "language" in must:
        allowed &= (parts["language"] > 0) | ~boost["language"][:, None]
    if "gender" in must:
        allowed &= (parts["gender"] > 0) | ~apply["gender"][:, None]
    if "mode" in must:
        allowed &= (parts["mode"] > 0) | ~apply["mode"][:, None]
    allowed &= ~_conflicts(mentees, mentors)
    if excluded:
        row_of = {x.id: i for i, x in enumerate(mentees)}
        col_of = {p.id: j for j, p in enumerate(mentors)}
        for mentee_id, mentor_id in excluded:
            if mentee_id in row_of and mentor_id in col_of:
                allowed[row_of[mentee_id], col_of[mentor_id]] = False
    return ScoreTable([x.id for x in mentees], [p.id for p in mentors], score, allowed, parts, row_w, free)


def _conflicts(mentees, mentors):
    """Same Trust, same supervisor, or the mentor is the newcomer's supervisor."""
    vocab: dict[str, int] = {}
    n_trust = _codes([_norm(x.trust) for x in mentees], vocab)
    m_trust = _codes([_norm(p.trust) for p in mentors], vocab)
    svocab: dict[str, int] = {}
    n_sup = _codes([_norm(x.supervisor) for x in mentees], svocab)
    m_sup = _codes([_norm(p.supervisor) for p in mentors], svocab)
    m_name = _codes([_norm(p.name) for p in mentors], svocab)
    clash = (n_trust[:, None] == m_trust[None, :]) & (n_trust[:, None] >= 0)
    clash |= (n_sup[:, None] == m_sup[None, :]) & (n_sup[:, None] >= 0)
    clash |= (n_sup[:, None] == m_name[None, :]) & (n_sup[:, None] >= 0)
    return clash


def score_pair(mentee: Mentee, mentor: Mentor, weights: Mapping[str, float] | None = None,
               must_haves: Iterable[str] | None = DEFAULT_MUST_HAVES,
               excluded: Collection[tuple[int, int]] = ()) -> PairScore:
    """One newcomer against one mentor, as plain data (see ScoreTable.pair)."""
    return score_all([mentee], [mentor], weights, must_haves, excluded).pair(0, 0)
