"""The impact report's figures kept under change stamps (core/stamps.py): computed once per change of the
tables each part reads, shared by every organiser's request in the process.

Nothing kept here differs by viewer: the report shows every organiser the same figures for a period and
category (themes count every coder's codings; no blind view reaches the report), and the one personal
line, who produced it, is set on each request. Parts have kinds of their own, so a booking recomputes the
attendance figures but not the ratings or themes, and a new coding the themes alone.
"""

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from softlanding.core import stamps

T = TypeVar("T")

_RESPONSES = {"survey", "survey_question", "survey_response", "answer"}
PARTS: dict[str, set[str]] = {
    "report_attendance": {"event", "booking", "profile"},
    "report_answers": {"event", "survey_invitation", *_RESPONSES},
    "report_mentoring": {"mentorship", "mentee_preference", "mentoring_meeting", "mentoring_closing_feedback",
                         "mentoring_checkin"},
    "report_outcomes": {"event", "booking", "feedback_exam_result", "feedback_interview", "ref_option", *_RESPONSES},
    "report_themes": {"event", "analysis_code", "analysis_coding", "feedback_quote_pin", *_RESPONSES},
}
# The whole report, as shown: every part, plus the labels and national figures it is written with.
REPORT = "report"
REPORT_TABLES = set().union(*PARTS.values()) | {"ref_option", "feedback_national_figure"}


def watch() -> None:
    """Declare the tables each kind of report value reads (once, from the domain's register)."""
    for kind, tables in PARTS.items():
        stamps.watch(kind, tables)
    stamps.watch(REPORT, REPORT_TABLES)


def key(start: date, end: date, category: str, variant: str = "") -> str:
    """The cache key of one report: everything its figures depend on (period and category), and what of it."""
    return f"{variant}|{start.isoformat()}|{end.isoformat()}|{category}"


def kept(kind: str, start: date, end: date, category: str, compute: Callable[[], T], variant: str = "") -> T:
    """The value of `kind` for the period and category, computed once per change of what it reads.

    A minute at most: whether an event has ended (so counts as held) moves with the clock."""
    return stamps.get_cache().value(kind, key(start, end, category, variant), compute, max_age=60)
