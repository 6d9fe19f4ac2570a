"""Mentor matching without a database: plain data in, plain data out.

- `criteria`: weighted per-criterion fit of every newcomer against every mentor, with hard filters.
- `assign`: batch assignment over mentor places (optimal, greedy baseline, raw scipy).
- `explain`: the plain-language reasons behind one pair's score.
- `wait`: an honest estimate of a newcomer's wait from free places and the recent matching rate.
"""

from softlanding.lib.matching.assign import Assignment, assign_batch, assign_greedy, assign_raw  # noqa: F401
from softlanding.lib.matching.criteria import (  # noqa: F401
    CRITERIA,
    DEFAULT_WEIGHTS,
    MUST_HAVE_OPTIONS,
    Mentee,
    Mentor,
    ScoreTable,
    score_all,
    score_pair,
)
from softlanding.lib.matching.explain import explain  # noqa: F401
from softlanding.lib.matching.wait import estimate_wait  # noqa: F401
