"""Figures of the workspace that need a pass over every free-text answer (progress per question, and so
the unfiltered total) or over every event (the filter form's events), kept between requests under a
change stamp (core/stamps.py) of the tables they count.

At network scale that pass is most of the page (20,000 answers and 10,000 codings: 15-30 ms on
PostgreSQL). Any commit that adds or changes a response, answer, survey, question, event, coding or blind
sample renews them, on this instance at once and on the others within a second. A viewer with an open
blind sample sees figures without the sample's codings, so their figures are worked out for them and
never shared or kept.
"""

from collections.abc import Callable
from typing import Any

from flask import g, has_request_context

from softlanding.blueprints.analysis import blind
from softlanding.core import stamps

KIND = "analysis_figures"
TABLES = {"answer", "survey_response", "survey", "survey_question", "event", "analysis_coding",
          "analysis_sample", "analysis_sample_item"}


def _own_figures() -> bool:
    """True when this viewer's figures are their own (an open blind sample hides some codings from them)."""
    viewer = blind.viewer_id()
    if viewer is None:
        return False
    return blind.has_open_sample(viewer)


def cached(name: str, compute: Callable[[], Any]) -> Any:
    """compute(), or its value from an earlier request while nothing it counts has changed."""
    if not _own_figures():
        return stamps.get_cache().value(KIND, name, compute)
    if not has_request_context():
        return compute()
    mine = g.setdefault("analysis_figures_own", {})  # worked out once per request, never kept
    if name not in mine:
        mine[name] = compute()
    return mine[name]
