"""Test data: real rows through the models, one module per domain, no fixture files.

Import from here (`from tests.factories import make_user, make_event, make_booking, read_mail`) or from the
domain module (`from tests.factories.analysis import make_response`)."""

from .accounts import PASSWORD, make_user
from .analysis import (
    BASE,
    make_analysis_survey,
    make_checkin_comment,
    make_closing_comment,
    make_code,
    make_coding,
    make_quiet_responses,
    make_response,
    question,
    text_answer,
)
from .events import JOIN_LINK, add_cohost, commit_ids, ensure_category, make_booking, make_event, make_slot
from .feedback import form_for, invite, make_survey, respond
from .mail import parse_mail, read_mail
from .mentoring import make_mentor, make_pair, make_seeker
from .notifications import queue_message
from .queries import QueryCounter, count_queries

__all__ = [
    "BASE", "JOIN_LINK", "PASSWORD", "QueryCounter", "add_cohost", "commit_ids", "count_queries", "ensure_category",
    "form_for", "invite", "make_analysis_survey", "make_booking", "make_checkin_comment", "make_closing_comment", "make_code",
    "make_coding", "make_event", "make_mentor", "make_pair", "make_quiet_responses", "make_response", "make_seeker", "make_slot",
    "make_survey", "make_user", "parse_mail", "question", "queue_message", "read_mail", "respond", "text_answer",
]
