"""Factories for the feedback tests: events and bookings made directly, surveys, invitations, answers."""

import itertools
from datetime import UTC, datetime, timedelta

from werkzeug.datastructures import MultiDict

from softlanding.blueprints.events.models import Booking, Event, EventHost
from softlanding.blueprints.feedback import responses as survey_responses
from softlanding.blueprints.feedback import surveys
from softlanding.blueprints.feedback.models import SurveyInvitation
from softlanding.core.extensions import db

from .factories import make_user

_seq = itertools.count(1)


def make_event(host=None, days_ago=2, category="arcp", mwres=None, status="published", title=None, cohost=None,
               starts_at=None):
    """A published event that ended `days_ago` days ago (negative: in the future)."""
    host = host or make_user(role="rep")
    start = starts_at or (datetime.now(UTC) - timedelta(days=days_ago, hours=2))
    event = Event(title=title or f"Webinar {next(_seq)}: ARCP without tears", category=category,
                  starts_at=start, ends_at=start + timedelta(hours=1, minutes=30), host_id=host.id,
                  status=status, mwres_indicators=list(mwres or []))
    db.session.add(event)
    db.session.flush()
    if cohost is not None:
        db.session.add(EventHost(event_id=event.id, user_id=cohost.id))
        db.session.flush()
    return event


def book(event, user, attended=None, status="booked"):
    """A booking of `user` on `event`."""
    booking = Booking(event_id=event.id, user_id=user.id, status=status, attended=attended)
    db.session.add(booking)
    db.session.flush()
    return booking


def make_survey(event=None, organiser=None, anonymous=False, open_now=False, **kwargs):
    """A survey from the default template for `event`'s attendees (opened now if asked)."""
    organiser = organiser or make_user(role="organiser")
    if event is None and kwargs.get("audience") != "group":
        event = make_event()
    survey = surveys.create_survey(organiser, title=kwargs.pop("title", ""), event_id=event.id if event else None,
                                   anonymous=anonymous, **kwargs)
    if open_now:
        surveys.claim_open(survey.id, datetime.now(UTC))
    return survey


def invite(survey, user):
    """An invitation of `user` to `survey` (already sent)."""
    invitation = SurveyInvitation(survey_id=survey.id, user_id=user.id, invited_at=datetime.now(UTC))
    db.session.add(invitation)
    db.session.flush()
    return invitation


def form_for(survey, overall=5, text="The ARCP panel walkthrough was very clear.", **by_code):
    """A submitted answer form for the default template's questions (by question code)."""
    data = MultiDict()
    values = {"overall": overall, "useful": 4, "went_well": text, "confidence_before": 2, "confidence_after": 4,
              **by_code}
    for q in survey.questions:
        if q.code in values and values[q.code] is not None:
            data.add(f"q{q.id}", str(values[q.code]))
    return data


def respond(survey, user, **kwargs):
    """Invite `user` if needed and store their answers."""
    if survey_responses.invitation_for(survey.id, user) is None:
        invite(survey, user)
    return survey_responses.submit_response(survey.id, user, form_for(survey, **kwargs))
