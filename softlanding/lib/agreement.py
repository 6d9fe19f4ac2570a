"""Agreement between two coders on one code: percent agreement, Cohen's kappa, Krippendorff's alpha.

The unit is the answer and each coder's datum is whether they applied the code (1) or not (0). Plain
data in, plain numbers out; None where a statistic is undefined (every answer given the same value by
both coders makes chance agreement 1, and kappa and alpha 0/0).
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Agreement:
    """The three figures for one code over n answers."""

    n: int
    agreed: int
    percent: float | None
    kappa: float | None
    alpha: float | None


def percent_agreement(first: Sequence[int], second: Sequence[int]) -> float | None:
    """The share of units on which the two coders gave the same value (0-1), or None with no units."""
    if len(first) != len(second):
        raise ValueError("both coders must rate the same units")
    if not first:
        return None
    return sum(1 for a, b in zip(first, second, strict=True) if a == b) / len(first)


def cohen_kappa(first: Sequence[int], second: Sequence[int]) -> float | None:
    """Cohen's kappa for two coders (nominal values): (po - pe) / (1 - pe); None when pe is 1."""
    po = percent_agreement(first, second)
    if po is None:
        return None
    n = len(first)
    values = set(first) | set(second)
    pe = sum((list(first).count(v) / n) * (list(second).count(v) / n) for v in values)
    if pe >= 1:
        return None
    return (po - pe) / (1 - pe)


def krippendorff_alpha(first: Sequence[int], second: Sequence[int]) -> float | None:
    """Krippendorff's alpha (nominal) for two coders with no missing values, by the `krippendorff` package."""
    if len(first) != len(second):
        raise ValueError("both coders must rate the same units")
    if len(set(first) | set(second)) < 2:
        return None  # one value throughout: no variation, alpha undefined
    import krippendorff
    import numpy as np

    value = float(krippendorff.alpha(reliability_data=np.array([first, second], dtype=float),
                                     level_of_measurement="nominal"))
    return None if np.isnan(value) else value


def agreement(first: Sequence[int], second: Sequence[int]) -> Agreement:
    """All three figures for one code."""
    agreed = sum(1 for a, b in zip(first, second, strict=True) if a == b)
    return Agreement(n=len(first), agreed=agreed, percent=percent_agreement(first, second),
                     kappa=cohen_kappa(first, second), alpha=krippendorff_alpha(first, second))
