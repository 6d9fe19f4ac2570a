"""Statistical disclosure control for reports that leave the platform (funders, partners).

Counts of people from 1 to THRESHOLD-1 are shown as "<8" (primary suppression). Where a table
shows its total, one hidden cell could be worked out by subtraction, so a second cell is hidden too
(secondary, "complementary" suppression); such a cell is shown as "[c]". Percentages are shown
only where the count they come from is shown. Pure functions: plain numbers in, plain values out.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

THRESHOLD = 8
SMALL = f"<{THRESHOLD}"
WITHHELD = "[c]"  # hidden only so that a small cell cannot be worked out from the total


def is_small(n: int | None) -> bool:
    """True for a count of people that must not be shown (1 to THRESHOLD-1); 0 is safe."""
    return n is not None and 0 < n < THRESHOLD


def count(n: int | None) -> int | str:
    """One count of people as it may be shown: the number, or "<8"."""
    if n is None:
        return ""
    return SMALL if is_small(n) else n


@dataclass(frozen=True)
class Table:
    """A suppressed one-way table: shown cells in the input order, and the shown total."""

    cells: list  # [(key, shown_value)]
    total: object
    hidden: frozenset  # keys whose values are not shown

    def shown(self, key: Hashable) -> object:
        """The shown value of one cell."""
        return dict(self.cells)[key]


def table(counts: Mapping[Any, int]) -> Table:
    """Suppress a one-way table of counts of people (dict key -> n, in display order) with its total.

    A total from 1 to 7 hides every non-zero cell. Otherwise each small cell is hidden, and if exactly
    one cell is hidden the smallest other non-zero cell is hidden as well, so subtraction from the
    total reveals nothing.
    """
    total = sum(counts.values())
    if is_small(total):
        hidden = {k for k, v in counts.items() if v}
        return Table([(k, SMALL if v else 0) for k, v in counts.items()], SMALL, frozenset(hidden))
    hidden = {k for k, v in counts.items() if is_small(v)}
    if len(hidden) == 1:
        others = sorted((v, i, k) for i, (k, v) in enumerate(counts.items()) if k not in hidden and v)
        if others:
            hidden.add(others[0][2])
    cells: list[tuple[Any, object]] = []
    for key, value in counts.items():
        if key in hidden:
            cells.append((key, SMALL if is_small(value) else WITHHELD))
        else:
            cells.append((key, value))
    return Table(cells, total, frozenset(hidden))


def share(part: int, whole: int, digits: int = 0) -> float | None:
    """A percentage shown only when both counts may be shown and the whole is not zero."""
    if not whole or is_small(part) or is_small(whole):
        return None
    return round(100 * part / whole, digits) if digits else round(100 * part / whole)


def table_share(tab: Table, key: Hashable, counts: Mapping[Any, int]) -> float | None:
    """The percentage of one cell of a suppressed table, or None when that cell or the total is hidden."""
    if key in tab.hidden or tab.total == SMALL:
        return None
    return share(counts[key], sum(counts.values()))


def rate(numerator: int, denominator: int) -> float | None:
    """A rate (e.g. responses / invited) as a whole percentage, or None if either count is small."""
    return share(numerator, denominator)


def quote_allowed(people_answered: int | None) -> bool:
    """Quotes may appear only where at least THRESHOLD people answered."""
    return people_answered is not None and people_answered >= THRESHOLD
