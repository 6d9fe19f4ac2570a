"""Batch assignment of newcomers to mentor places.

The optimal assignment runs scipy's `linear_sum_assignment` over mentor *places* (a mentor with
three free places is three columns). Three things shape it:
- a concave transform (square root) of each score, so raising a poor match counts for more than
  polishing a good one: this protects the worst-off newcomer;
- a floor: pairs scoring below it are never made (better to wait than to be badly matched);
- a small cost for every extra place used of the same mentor, so load spreads across mentors.
Pairs that fail a hard filter cost nothing, which is the same as leaving the newcomer unmatched;
they are dropped afterwards. With more newcomers than places the matrix is rectangular and only
the places get filled; scipy handles that shape directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from softlanding.lib.matching.criteria import ScoreTable

# numpy (and scipy, scikit-learn) are imported inside the functions that compute, not here: heavy
# numeric dependencies that a web worker needs only when it scores or assigns, while every process
# imports this package at start-up for its constants (the one accepted kind of lazy import).
if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike

DEFAULT_FLOOR = 0.35
DEFAULT_LOAD_STEP = 0.03
DEFAULT_PRIORITY_WEIGHT = 0.05


@dataclass
class Assignment:
    """The result: (row, column, score) pairs plus summary figures."""

    pairs: list[tuple[int, int, float]] = field(default_factory=list)  # (mentee index, mentor index, score)

    @property
    def matched(self) -> int:
        """How many newcomers got a mentor."""
        return len(self.pairs)

    @property
    def total(self) -> float:
        """Sum of the pairs' scores."""
        return float(sum(s for _, _, s in self.pairs))

    @property
    def mean(self) -> float:
        """Mean score of the pairs (0 if none)."""
        return self.total / self.matched if self.pairs else 0.0

    @property
    def worst(self) -> float:
        """The lowest score among the pairs (0 if none)."""
        return float(min((s for _, _, s in self.pairs), default=0.0))

    def loads(self, n_mentors: int) -> np.ndarray:
        """How many newcomers each mentor receives."""
        import numpy as np

        load = np.zeros(n_mentors, dtype=np.int64)
        for _, j, _ in self.pairs:
            load[j] += 1
        return load


def _places(free):
    """Expand mentors into places: (mentor index per column, place number within that mentor)."""
    import numpy as np

    free = np.maximum(np.asarray(free, dtype=np.int64), 0)
    mentor_of = np.repeat(np.arange(len(free)), free)
    starts = np.cumsum(free) - free
    place_no = np.arange(len(mentor_of)) - np.repeat(starts, free)
    return mentor_of, place_no


def _solve(benefit, valid, mentor_of):
    """Maximise total benefit over places; invalid entries cost 0 (= unmatched)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    rows = np.flatnonzero(valid.any(axis=1))
    cols = np.flatnonzero(valid.any(axis=0))
    if len(rows) == 0 or len(cols) == 0:
        return []
    sub_valid = valid[np.ix_(rows, cols)]
    cost = np.where(sub_valid, -benefit[np.ix_(rows, cols)], 0.0)
    r, c = linear_sum_assignment(cost)
    keep = sub_valid[r, c]
    return [(int(rows[i]), int(mentor_of[cols[k]])) for i, k in zip(r[keep], c[keep], strict=True)]


def assign_batch(table: ScoreTable, free: ArrayLike | None = None, floor: float = DEFAULT_FLOOR,
                 load_step: float = DEFAULT_LOAD_STEP, priority: ArrayLike | None = None,
                 priority_weight: float = DEFAULT_PRIORITY_WEIGHT) -> Assignment:
    """The optimal fair assignment (see module docstring); `priority` (n,) in 0..1 favours long waits."""
    import numpy as np

    free = table.free_places if free is None else np.asarray(free)
    mentor_of, place_no = _places(free)
    valid = table.allowed[:, mentor_of] & (table.score[:, mentor_of] >= floor)
    benefit = np.sqrt(np.clip(table.score[:, mentor_of], 0.0, 1.0)).astype(np.float64)
    benefit -= load_step * place_no[None, :]
    if priority is not None:
        benefit += priority_weight * np.asarray(priority, dtype=np.float64)[:, None]
    # Every valid pair must be worth more than staying unmatched.
    valid &= benefit > 0
    pairs = _solve(benefit, valid, mentor_of)
    return Assignment(sorted((i, j, float(table.score[i, j])) for i, j in pairs))


def assign_raw(table: ScoreTable, free: ArrayLike | None = None, floor: float = 0.0) -> Assignment:
    """Baseline: scipy's raw assignment maximising the plain total score over places (pairs that
    fail a hard filter or score under `floor` are left out, as in the batch)."""
    import numpy as np

    free = table.free_places if free is None else np.asarray(free)
    mentor_of, _ = _places(free)
    valid = table.allowed[:, mentor_of] & (table.score[:, mentor_of] > 0) & (table.score[:, mentor_of] >= floor)
    pairs = _solve(table.score[:, mentor_of].astype(np.float64), valid, mentor_of)
    return Assignment(sorted((i, j, float(table.score[i, j])) for i, j in pairs))


def assign_greedy(table: ScoreTable, free: ArrayLike | None = None) -> Assignment:
    """Baseline: take the best remaining allowed pair while the mentor has a place."""
    import numpy as np

    free = np.array(table.free_places if free is None else free, dtype=np.int64)
    scores = np.where(table.allowed & (free[None, :] > 0), table.score, -1.0)
    order = np.argsort(-scores, axis=None, kind="stable")
    n, m = scores.shape
    taken = np.zeros(n, dtype=bool)
    left = free.copy()
    pairs = []
    for flat in order:
        i, j = divmod(int(flat), m)
        s = scores[i, j]
        if s < 0:
            break
        if taken[i] or left[j] <= 0:
            continue
        taken[i] = True
        left[j] -= 1
        pairs.append((i, j, float(s)))
        if not left.any():
            break
    return Assignment(sorted(pairs))
