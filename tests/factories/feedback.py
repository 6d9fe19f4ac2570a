"""Surveys (through the feedback services), invitations and submitted answers; events and bookings are in
factories.events."""

from datetime import UTC, datetime

from werkzeug.datastructures import MultiDict

from softlanding.blueprints.feedback import responses as survey_responses
from softlanding.blueprints.feedback import surveys
from softlanding.blueprints.feedback.models import SurveyInvitation
from softlanding.core.extensions import db

from .accounts import make_user
from .events import make_event


def make_survey(event=None, organiser=None, anonymous=False, open_now=False, **kwargs):
    """A survey from the default template for `event`'s attendees (opened now if asked)."""
    organiser = organiser or make_user(role="organiser")
    if event is None and kwargs.get("audience") != "group":
        event = make_event(days_ago=2)  # a past event: its attendees can be asked
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
