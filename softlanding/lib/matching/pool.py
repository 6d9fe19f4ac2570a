"""One newcomer against a prepared pool of mentors: score_all's result for a single row, without its
per-mentor Python work.

score_all builds every mentor-side array (multi-hot topics, codes, conflicts) from the Mentor objects on
each call, which for 1,000 mentors is most of a suggestions page. `prepare` does that once per pool (the
web layer keeps a pool per change of the tables behind it); `score_one` then maps the newcomer into the
pool's vocabularies and does the same array arithmetic as score_all, in the same order and shapes, so
scores, filters and parts are bit-for-bit those of `score_all([mentee], pool.mentors, ...)`.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from softlanding.lib.matching.criteria import (
    CRITERIA,
    DEFAULT_MUST_HAVES,
    DEFAULT_WEIGHTS,
    EXAM_ORDER,
    GAP_FIT,
    PREFERENCE_BOOST,
    STAGE_RANK,
    Mentee,
    Mentor,
    ScoreTable,
    _codes,
    _multi_hot,
    _norm,
)

if TYPE_CHECKING:
    import numpy as np

BASE_MODES = ("video", "phone", "in_person")  # score_all's mode vocabulary starts with these


def _vocab(groups, skip=()):
    vocab: dict[str, int] = {}
    for values in groups:
        for value in values:
            if value not in skip:
                vocab.setdefault(value, len(vocab))
    return vocab


@dataclass(frozen=True)
class MentorPool:
    """Mentor-side arrays of score_all, computed once for a fixed list of mentors (do not mutate)."""

    mentors: tuple[Mentor, ...]
    topics: dict[str, int]
    offers: "np.ndarray"  # (m, T) multi-hot of offered topics, columns in `topics` order
    passed: "np.ndarray"  # (m, 4) MRCPCH components passed
    m_rank: "np.ndarray"
    codes: dict[str, dict[str, int]]  # region, nation, country, gender, trust, supervisor vocabularies
    m_codes: dict[str, "np.ndarray"]  # ... and each mentor's code (-1 = none); "name" uses the supervisor's
    subs: dict[str, int]
    m_subs: "np.ndarray"
    langs: dict[str, int]
    m_langs: "np.ndarray"
    modes: dict[str, int]
    m_modes: "np.ndarray"
    free: "np.ndarray"
    ids: tuple[int, ...]


def prepare(mentors: Sequence[Mentor]) -> MentorPool:
    """The mentor-side arrays for `mentors`, in their order."""
    import numpy as np

    mentors = tuple(mentors)
    topics = _vocab(p.topics for p in mentors)
    codes: dict[str, dict[str, int]] = {k: {} for k in ("region", "nation", "country", "gender", "trust",
                                                         "supervisor")}
    m_codes = {
        "region": _codes([p.region for p in mentors], codes["region"]),
        "nation": _codes([p.nation for p in mentors], codes["nation"]),
        "country": _codes([p.country for p in mentors], codes["country"]),
        "gender": _codes([p.gender for p in mentors], codes["gender"]),
        "trust": _codes([_norm(p.trust) for p in mentors], codes["trust"]),
        "supervisor": _codes([_norm(p.supervisor) for p in mentors], codes["supervisor"]),
    }
    m_codes["name"] = _codes([_norm(p.name) for p in mentors], codes["supervisor"])
    subs = _vocab(p.subspecialties for p in mentors)
    langs = _vocab((p.languages for p in mentors), skip=("en",))
    modes = {m: i for i, m in enumerate(BASE_MODES)}
    for p in mentors:
        for mode in p.modes:
            modes.setdefault(mode, len(modes))
    return MentorPool(
        mentors=mentors, topics=topics, offers=_multi_hot([p.topics for p in mentors], topics),
        passed=_multi_hot([p.passed for p in mentors], {c: i for i, c in enumerate(EXAM_ORDER)}),
        m_rank=np.array([STAGE_RANK.get(p.stage or "", -1) for p in mentors], dtype=np.int64), codes=codes, m_codes=m_codes,
        subs=subs, m_subs=_multi_hot([p.subspecialties for p in mentors], subs),
        langs=langs, m_langs=_multi_hot([p.languages for p in mentors], langs),
        modes=modes, m_modes=_multi_hot([p.modes for p in mentors], modes),
        free=np.array([p.free_places if p.accepting else 0 for p in mentors], dtype=np.int64),
        ids=tuple(p.id for p in mentors))


def _code(value, vocab):
    """The newcomer's code in a mentor vocabulary: -1 for none, a code no mentor has when it is new."""
    if not value:
        return -1
    return vocab.get(value, len(vocab))


def _shared(values, vocab, matrix, skip=()):
    """How many of `values` each mentor shares (exact small integers, as score_all's product gives)."""
    import numpy as np

    cols = [vocab[v] for v in values if v in vocab and v not in skip]
    if not cols:
        return np.zeros(matrix.shape[0], dtype=np.float32)
    return matrix[:, cols].sum(axis=1, dtype=np.float32)


def _needs(mentee, pool):
    """score_all's needs part: the same product over the same column order (newcomer's topics first)."""
    import numpy as np

    order = list(dict.fromkeys(mentee.topics))
    order += [t for t in pool.topics if t not in set(order)]
    m = len(pool.mentors)
    offers = np.zeros((m, len(order)), dtype=np.float32)
    for col, t in enumerate(order):
        if t in pool.topics:
            offers[:, col] = pool.offers[:, pool.topics[t]]
    need_w = np.zeros((1, len(order)), dtype=np.float32)
    k = len(mentee.topics)
    for rank, t in enumerate(mentee.topics):
        need_w[0, order.index(t)] = (k - rank) / (k * (k + 1) / 2)
    return need_w @ offers.T, offers, {t: i for i, t in enumerate(order)}


def score_one(mentee: Mentee, pool: MentorPool, weights: Mapping[str, float] | None = None,
              must_haves: Collection[str] | None = DEFAULT_MUST_HAVES,
              excluded: Collection[tuple[int, int]] = ()) -> ScoreTable:
    """`score_all([mentee], pool.mentors, weights, must_haves, excluded)`, from the prepared arrays."""
    import numpy as np

    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    must = set(must_haves or ())
    m = len(pool.mentors)
    parts: dict[str, Any] = {}
    apply: dict[str, bool] = {}
    parts["needs"], offers, topics = _needs(mentee, pool)
    apply["needs"] = bool(mentee.topics)

    exam = EXAM_ORDER.index(mentee.next_exam) if mentee.next_exam in EXAM_ORDER else -1
    safe = max(exam, 0)
    key = f"mrcpch_{EXAM_ORDER[safe]}"
    exam_offer = offers[:, topics[key]] if key in topics else np.zeros(m, dtype=np.float32)
    parts["exam"] = (0.6 * pool.passed[:, [safe]] + 0.4 * exam_offer[:, None]).T
    apply["exam"] = exam >= 0

    n_rank = STAGE_RANK.get(mentee.stage or "", -1)
    gap = np.clip(pool.m_rank[None, :] - np.array([n_rank])[:, None], 0, 4)
    gap_fit = np.array([0.0, GAP_FIT[1], GAP_FIT[2], GAP_FIT[3], GAP_FIT[4]], dtype=np.float32)
    parts["seniority"] = gap_fit[gap] * (pool.m_rank[None, :] >= 0)
    apply["seniority"] = n_rank >= 0

    n_reg = _code(mentee.region, pool.codes["region"])
    n_nat = _code(mentee.nation, pool.codes["nation"])
    same_region = (pool.m_codes["region"][None, :] == n_reg) & (n_reg >= 0)
    same_nation = (pool.m_codes["nation"][None, :] == n_nat) & (n_nat >= 0)
    parts["region"] = np.where(same_region, 1.0, np.where(same_nation & (not mentee.same_region), 0.5, 0.0)
                               ).astype(np.float32)
    apply["region"] = n_reg >= 0

    parts["subspecialty"] = np.minimum(_shared(mentee.subspecialties, pool.subs, pool.m_subs), 1.0)[None, :]
    apply["subspecialty"] = bool(mentee.subspecialties)

    shared_lang = _shared(mentee.languages, pool.langs, pool.m_langs, skip=("en",))[None, :] > 0
    n_cty = _code(mentee.country, pool.codes["country"])
    same_country = (pool.m_codes["country"][None, :] == n_cty) & (n_cty >= 0)
    parts["language"] = (shared_lang | same_country).astype(np.float32)
    apply["language"] = True

    parts["mode"] = np.minimum(_shared(mentee.modes, pool.modes, pool.m_modes), 1.0)[None, :]
    apply["mode"] = bool(mentee.modes)

    n_g = _code(mentee.gender_pref, pool.codes["gender"])
    parts["gender"] = ((pool.m_codes["gender"][None, :] == n_g) & (n_g >= 0)).astype(np.float32)
    apply["gender"] = n_g >= 0

    boost = {"region": mentee.same_region, "language": mentee.same_language}
    row_w = {}
    total = np.zeros((1, m), dtype=np.float32)
    weight_sum = np.zeros(1, dtype=np.float32)
    for c in CRITERIA:
        parts[c] = np.asarray(parts[c], dtype=np.float32).reshape(1, m)
        w = np.where(np.array([apply[c]]), float(weights.get(c, 0.0)), 0.0).astype(np.float32)
        if c in boost:
            w = np.where(np.array([boost[c]]), w * PREFERENCE_BOOST, w).astype(np.float32)
        row_w[c] = w
        total += w[:, None] * parts[c]
        weight_sum += w
    score = np.divide(total, weight_sum[:, None], out=np.zeros_like(total), where=weight_sum[:, None] > 0)

    allowed = (pool.free > 0)[None, :].copy()
    if "needs" in must and mentee.topics:
        allowed &= offers[:, topics[mentee.topics[0]]][None, :] > 0
    if "region" in must and mentee.same_region and n_reg >= 0:
        allowed &= same_region
    if "language" in must and mentee.same_language:
        allowed &= parts["language"] > 0
    if "gender" in must and apply["gender"]:
        allowed &= parts["gender"] > 0
    if "mode" in must and apply["mode"]:
        allowed &= parts["mode"] > 0
    allowed &= ~_conflicts(mentee, pool)
    if excluded:
        col_of = {mentor_id: j for j, mentor_id in enumerate(pool.ids)}
        for mentee_id, mentor_id in excluded:
            if mentee_id == mentee.id and mentor_id in col_of:
                allowed[0, col_of[mentor_id]] = False
    return ScoreTable([mentee.id], list(pool.ids), score, allowed, parts, row_w, pool.free)


def _conflicts(mentee, pool):
    """Same Trust, same supervisor, or the mentor is the newcomer's supervisor."""
    trust = _code(_norm(mentee.trust), pool.codes["trust"])
    sup = _code(_norm(mentee.supervisor), pool.codes["supervisor"])
    clash = (pool.m_codes["trust"][None, :] == trust) & (trust >= 0)
    clash |= (pool.m_codes["supervisor"][None, :] == sup) & (sup >= 0)
    clash |= (pool.m_codes["name"][None, :] == sup) & (sup >= 0)
    return clash
