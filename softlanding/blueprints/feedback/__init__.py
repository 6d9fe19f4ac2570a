"""Feedback: members answer surveys; organisers build templates and surveys, read results and the impact report."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, url_prefix="/surveys")

from ...services import survey_jobs  # noqa: E402,F401  (registers the "surveys" job)
from . import manage, results, routes  # noqa: E402,F401  (register the views on bp)
