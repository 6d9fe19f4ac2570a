"""Blind second coding that holds: while a sample is open, its coder sees none of the team's codings
of the sampled answers anywhere in the analysis area (workspace, text pages, extracts, review tables,
co-occurrence, exports), and cannot code those answers in the team's workspace either.

The viewer is the signed-in person of the current request. Reading it here, rather than passing it
down through every service, keeps one rule in one place: every team-coding query of the analysis area
filters with `team_codings()` instead of the bare `MAIN`. Outside a request (jobs, the command line)
nothing is hidden. Once the coder marks the sample done, everything shows again.
"""

import functools

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, or_, select

from softlanding.blueprints.analysis.models import MAIN, Coding, Sample, SampleItem
from softlanding.core import stamps
from softlanding.core.extensions import db

NOTE = "hidden while you second-code this sample"
# Whether a person has an open sample, kept under a stamp of the sample tables: drawing a sample or
# marking it done renews it (a commit bumps the stamp), so most pages need no query to know nothing is hidden.
SAMPLES_KIND = "analysis_samples"
SAMPLES_TABLES = {"analysis_sample", "analysis_sample_item"}


def viewer_id() -> int | None:
    """The id of the person signed in for this request, or None (no request, or nobody signed in)."""
    if not has_request_context() or not current_user or not current_user.is_authenticated:
        return None
    return int(current_user.id)


def open_sample_answers(user_id: int) -> Select:
    """SELECT of the answer ids in the samples assigned to this person and not yet marked done."""
    return (select(SampleItem.answer_id).join(Sample, Sample.id == SampleItem.sample_id)
            .where(Sample.coder_id == user_id, Sample.completed_at.is_(None)))


def team_codings() -> ColumnElement[bool]:
    """The team's codings this viewer may see: MAIN, less those of answers in their open blind sample."""
    user_id = viewer_id()
    if user_id is None:
        return MAIN
    return _team_codings_of(user_id)


@functools.lru_cache(maxsize=1024)  # an expression is immutable: built once per viewer, not once per query
def _team_codings_of(user_id: int) -> ColumnElement[bool]:
    return and_(MAIN, or_(Coding.answer_id.is_(None), Coding.answer_id.not_in(open_sample_answers(user_id))))


def _has_open_sample(user_id: int) -> bool:
    return db.session.scalar(select(Sample.id).where(Sample.coder_id == user_id, Sample.completed_at.is_(None))
                             .limit(1)) is not None


def has_open_sample(user_id: int) -> bool:
    """True when this person has a blind sample assigned and not yet marked done (kept: SAMPLES_KIND)."""
    return stamps.get_cache().value(SAMPLES_KIND, f"open:{user_id}", lambda: _has_open_sample(user_id))


def _hidden_ids(user_id: int) -> set[int]:
    # Read once per request: a workspace page asks for its cards' hidden answers and for the count.
    if not has_request_context():
        return set(db.session.scalars(open_sample_answers(user_id)))
    if "analysis_hidden_ids" not in g:
        # A page (GET) may trust the kept flag: the team's codings it shows are filtered in SQL by
        # team_codings() either way. A change (POST) reads the rows, so nothing is coded on a stale flag.
        if request.method == "GET" and not has_open_sample(user_id):
            g.analysis_hidden_ids = set()
        else:
            g.analysis_hidden_ids = set(db.session.scalars(open_sample_answers(user_id)))
    return g.analysis_hidden_ids


def forget() -> None:
    """Drop this request's reading of the open samples (after a sample is drawn or marked done)."""
    if has_request_context():
        g.pop("analysis_hidden_ids", None)


def hidden_answers(answer_ids) -> set[int]:
    """Of these answer ids, those whose team codings are hidden from this viewer."""
    user_id = viewer_id()
    ids = list(answer_ids)
    if user_id is None or not ids:
        return set()
    return _hidden_ids(user_id) & set(ids)


def hidden_count() -> int:
    """How many answers' team codings are hidden from this viewer right now (for a page's note)."""
    user_id = viewer_id()
    if user_id is None:
        return 0
    return len(_hidden_ids(user_id))
