"""Anonymity that holds: a smallest audience, results withheld until enough have answered, and an order
of anonymous answers that says nothing about when each was given.

The order is an HMAC of (SECRET_KEY, survey id, response id): fixed per survey, so two exports agree,
but neither submission order nor a response id can be read from it.
"""

import hashlib
import hmac
import secrets
from typing import Protocol

from flask import current_app
from sqlalchemy import ColumnElement, func, or_, select

from softlanding.blueprints.feedback.models import Survey, SurveyResponse


def minimum() -> int:
    """How many people an anonymous survey must ask, and how many must answer before results are shown."""
    return int(current_app.config["ANONYMOUS_MIN_AUDIENCE"])


def too_small_message() -> str:
    """Why a survey cannot be anonymous: the audience is below the minimum."""
    n = minimum()
    return (f"An anonymous survey must ask at least {n} people, and this one would ask fewer: with so few, "
            "answers could be told apart. Untick anonymous or choose a larger audience.")


class _MaybeAnonymous(Protocol):
    @property
    def anonymous(self) -> bool: ...


def withheld(survey: _MaybeAnonymous, responses: int) -> bool:
    """True while an anonymous survey has fewer responses than the minimum: nothing of it is shown."""
    return bool(survey.anonymous) and responses < minimum()


def shown_surveys() -> ColumnElement[bool]:
    """SQL condition on Survey: not anonymous, or anonymous with at least the minimum of responses."""
    responses = (select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == Survey.id)
                 .correlate(Survey).scalar_subquery())
    return or_(Survey.anonymous.is_(False), responses >= minimum())


def _hmac(message: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def order_token(survey_id: int, response_id: int) -> str:
    """The opaque sort key (hex) of an anonymous response: random-looking, fixed per survey."""
    return _hmac(f"survey:{survey_id}:response:{response_id}")


def anchor_token(answer_id: int) -> str:
    """An opaque page anchor for an anonymous answer (its id would give away the order of answering)."""
    return _hmac(f"anchor:answer:{answer_id}")[:16]


def respondent_key(survey: Survey, user_id: int) -> str:
    """The opaque key that pairs one person's answers without their id.

    Named surveys of an event share a per-event key, so the feedback and its follow-up pair up. An
    anonymous response gets a random key of its own: it pairs the answers of that one response, and
    (unlike an HMAC of the user id) nobody, not even with the server's secret, can work back to the person.
    """
    if survey.anonymous:
        return secrets.token_hex(16)
    if survey.event_id is None:
        return _hmac(f"respondent:survey:{survey.id}:user:{user_id}")[:32]
    return _hmac(f"respondent:event:{survey.event_id}:user:{user_id}")[:32]
