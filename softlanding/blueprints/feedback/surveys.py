"""Surveys: create one for an event or a group, open it (sending invitations), close it.

Every step that sends mail or changes state is claimed with a conditional UPDATE, so two job
runners (or an organiser's click and a runner) never open, invite, remind or close twice.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, TypedDict

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User, UserRole
from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import Survey, SurveyInvitation, SurveyQuestion
from softlanding.blueprints.feedback.survey_templates import ensure_default_template, get_template
from softlanding.blueprints.notifications.notify import Kind, notify
from softlanding.blueprints.profiles.models import Profile
from softlanding.core import audit, reference
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db

# The kinds of message this module sends (registered by the domain's register(app)).
KINDS = (
    Kind("survey_invitation", "Invitations to give feedback", "Feedback"),
    Kind("survey_reminder", "Reminders to give feedback", "Feedback"),
    Kind("exam_followup", "Asking for an exam result some weeks after the sitting you gave", "Feedback"),
    Kind("interview_followup", "Asking how an interview went some days after the date you gave", "Feedback"),
)

GROUP_ROLES = {"newcomers": "Newcomers (no other role)", "rep": "Volunteer reps", "organiser": "Organisers"}
DEFAULT_DAYS = 14
DEFAULT_FOLLOWUP_WEEKS = 12


def get_survey(survey_id: int) -> Survey:
    """One survey or NotFound."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise NotFound("No such survey.")
    return survey


def survey_for_event(event_id: int) -> Survey | None:
    """The newest survey attached to an event, or None."""
    return db.session.scalar(select(Survey).where(Survey.event_id == event_id).order_by(Survey.id.desc()).limit(1))


def attendee_survey(event_id: int, purpose: str = "feedback") -> Survey | None:
    """The one attendee survey (or follow-up) of an event, or None (a second would invite the attendees twice)."""
    return db.session.scalar(select(Survey).where(Survey.event_id == event_id, Survey.audience == "attendees",
                                                  Survey.purpose == purpose).order_by(Survey.id).limit(1))


class DuplicateSurvey(ValidationError):
    """The event already has its attendee survey: `survey_id` names it, so the page can link to it."""

    def __init__(self, survey: Survey):
        kind = "follow-up" if survey.purpose == "followup" else "attendee survey"
        super().__init__(f"This event already has its {kind} (“{survey.title}”); edit that one instead.",
                         field="event_id")
        self.survey_id = survey.id


class AudienceFilter(TypedDict):
    """Who a group survey asks: members holding one of `roles`, narrowed by career stage and region."""

    roles: list[str]
    career_stages: list[str]
    regions: list[str]


def create_survey(user: User | None, *, title: str | None, template_id: int | None = None,
                  event_id: int | None = None, audience: str = "attendees",
                  audience_filter: Mapping[str, Any] | None = None, anonymous: bool = False,
                  close_after_days: int = DEFAULT_DAYS, open_on_event_end: bool = True,
                  purpose: str = "feedback", followup_weeks: int | None = None) -> Survey:
    """A draft survey with the template's questions copied in (editing the template later changes nothing).

    A follow-up (purpose "followup") asks an event's attendees again `followup_weeks` after it ended
    (default 12): it opens by itself then.
    """
    template = get_template(template_id) if template_id else ensure_default_template()
    event = None
    if audience == "attendees":
        event = db.session.get(Event, event_id) if event_id else None
        if event is None:
            raise ValidationError("Choose the event whose attendees are asked.", field="event_id")
        existing = attendee_survey(event.id, purpose)
        if existing is not None:
            raise DuplicateSurvey(existing)
    elif audience == "group":
        group = clean_filter(audience_filter or {})
    else:
        raise ValidationError("Choose who is asked.", field="audience")
    if purpose not in ("feedback", "followup"):
        raise ValidationError("Choose what the survey is for.", field="purpose")
    opens_at = None
    if purpose == "followup":
        if event is None:
            raise ValidationError("A follow-up asks the attendees of an event: choose the event.", field="event_id")
        weeks = DEFAULT_FOLLOWUP_WEEKS if followup_weeks is None else followup_weeks
        if not isinstance(weeks, int) or not 1 <= weeks <= 104:
            raise ValidationError("Ask 1 to 104 weeks after the event.", field="followup_weeks")
        opens_at = event.ends_at + timedelta(weeks=weeks)
        open_on_event_end = False
    if not isinstance(close_after_days, int) or not 1 <= close_after_days <= 90:
        raise ValidationError("Close after 1 to 90 days.", field="close_after_days")
    prefix = "Follow-up" if purpose == "followup" else "Feedback"
    title = (title or "").strip() or (f"{prefix}: {event.title}" if event else "")
    if not title:
        raise ValidationError("Give the survey a title.", field="title")
    survey = Survey(title=title[:200], event_id=event.id if event else None, audience=audience,
                    audience_filter=group if audience == "group" else {}, anonymous=bool(anonymous),
                    close_after_days=close_after_days, open_on_event_end=bool(open_on_event_end and event),
                    created_by_id=user.id if user else None, status="draft", purpose=purpose, opens_at=opens_at)
    for q in template.questions:
        survey.questions.append(SurveyQuestion(position=q.position, kind=q.kind, prompt=q.prompt, code=q.code,
                                               help_text=q.help_text, required=q.required,
                                               options=list(q.options or [])))
    if survey.anonymous and _audience_known(survey, event) and len(audience_user_ids(survey)) < anonymity.minimum():
        raise ValidationError(anonymity.too_small_message(), field="anonymous")
    db.session.add(survey)
    db.session.flush()
    return survey


def _audience_known(survey: Survey, event: Event | None) -> bool:
    # A group is known now; an event's attendees only once it has ended (bookings may still come).
    return survey.audience == "group" or (event is not None and event.ends_at <= utcnow())


def clean_filter(raw: Mapping[str, Any]) -> AudienceFilter:
    """A group filter {"roles", "career_stages", "regions"} with only known codes; at least one role."""
    roles = [r for r in raw.get("roles", []) if r in GROUP_ROLES]
    stages = [c for c in raw.get("career_stages", []) if c in reference.labels("career_stage")]
    regions = [c for c in raw.get("regions", []) if c in reference.labels("region")]
    if not roles:
        raise ValidationError("Choose at least one group of members.", field="roles")
    return {"roles": roles, "career_stages": stages, "regions": regions}


def audience_user_ids(survey: Survey) -> list[int]:
    """The ids of everyone this survey asks."""
    if survey.audience == "attendees":
        rows = db.session.execute(select(Booking.user_id, Booking.attended).where(
            Booking.event_id == survey.event_id, Booking.status == "booked")).all()
        if any(attended is not None for _, attended in rows):
            return sorted(uid for uid, attended in rows if attended)
        return sorted(uid for uid, _ in rows)
    flt = survey.audience_filter or {}
    stmt = select(User.id).join(Profile, Profile.user_id == User.id, isouter=True).where(
        User.is_active_account.is_(True))
    role_conds = []
    for role in flt.get("roles", []):
        if role == "newcomers":
            role_conds.append(~exists().where(UserRole.user_id == User.id))
        else:
            role_conds.append(exists().where(UserRole.user_id == User.id, UserRole.role == role))
    if role_conds:
        stmt = stmt.where(or_(*role_conds))
    if flt.get("career_stages"):
        stmt = stmt.where(Profile.career_stage.in_(flt["career_stages"]))
    if flt.get("regions"):
        stmt = stmt.where(Profile.region.in_(flt["regions"]))
    return sorted(db.session.scalars(stmt))


def anonymous_audience_ok(survey: Survey) -> bool:
    """False for an anonymous survey whose audience is below the minimum (it must not open)."""
    return not survey.anonymous or len(audience_user_ids(survey)) >= anonymity.minimum()


def claim_open(survey_id: int, now: datetime) -> bool:
    """Open a draft survey if nobody else has: True for the one caller that did."""
    survey = get_survey(survey_id)
    if not anonymous_audience_ok(survey):
        return False  # stays a draft; opening it by hand says why
    closes = now + timedelta(days=survey.close_after_days or DEFAULT_DAYS)
    result = db.session.execute(
        update(Survey).where(Survey.id == survey_id, Survey.status == "draft")
        .values(status="open", opens_at=now, closes_at=closes).execution_options(synchronize_session=False))
    if rows_changed(result) != 1:
        return False
    db.session.refresh(survey)
    for user_id in audience_user_ids(survey):
        db.session.add(SurveyInvitation(survey_id=survey_id, user_id=user_id))
    db.session.flush()
    return True


def open_survey(survey_id: int, now: datetime | None = None) -> int:
    """Open a survey by hand: invitations are made and sent now. Returns how many were invited."""
    now = now or utcnow()
    survey = get_survey(survey_id)
    if survey.status == "draft" and not anonymous_audience_ok(survey):
        raise ValidationError(anonymity.too_small_message(), field="anonymous")
    if survey.status != "draft" or not claim_open(survey_id, now):
        raise ValidationError("This survey is already open or closed.")
    audit.record("survey_opened", "survey", survey_id)
    return send_invitations(now, survey_id=survey_id)


def close_survey(survey_id: int, now: datetime | None = None) -> None:
    """Close an open survey now (no more answers)."""
    now = now or utcnow()
    get_survey(survey_id)
    result = db.session.execute(
        update(Survey).where(Survey.id == survey_id, Survey.status == "open")
        .values(status="closed", closes_at=now).execution_options(synchronize_session=False))
    if rows_changed(result) != 1:
        raise ValidationError("Only an open survey can be closed.")
    audit.record("survey_closed", "survey", survey_id)
    db.session.expire_all()


def _claim_invitation(invitation_id, column, now, extra=()):
    stmt = update(SurveyInvitation).where(SurveyInvitation.id == invitation_id, column.is_(None), *extra)
    values = {column.key: now}
    return rows_changed(db.session.execute(stmt.values(**values).execution_options(synchronize_session=False))) == 1


def send_invitations(now: datetime, survey_id: int | None = None) -> int:
    """Email every invitation of an open survey not yet sent (each claimed first). Returns how many."""
    stmt = (select(SurveyInvitation).join(Survey).where(Survey.status == "open",
                                                        SurveyInvitation.invited_at.is_(None))
            .options(selectinload(SurveyInvitation.user).selectinload(User.profile)))
    if survey_id is not None:
        stmt = stmt.where(Survey.id == survey_id)
    sent = 0
    for invitation in db.session.scalars(stmt).unique().all():
        if not _claim_invitation(invitation.id, SurveyInvitation.invited_at, now):
            continue
        survey = get_survey(invitation.survey_id)
        about = survey.event.title if survey.event else survey.title
        notify(invitation.user, "survey_invitation", f"Tell us what you thought: {about}",
               "feedback_invitation", endpoint="feedback.answer", values={"survey_id": survey.id},
               survey=survey)
        sent += 1
    return sent


def reminder_due(opens_at: datetime, closes_at: datetime) -> datetime:
    """When the one reminder goes: 3 days before closing, or halfway for surveys shorter than 6 days."""
    lead = min(timedelta(days=3), (closes_at - opens_at) / 2)
    return closes_at - lead


def send_reminders(now: datetime) -> int:
    """One reminder to each invited person who has not answered, once the reminder time has come."""
    open_surveys = db.session.execute(select(Survey.id, Survey.opens_at, Survey.closes_at)
                                      .where(Survey.status == "open", Survey.closes_at > now)).all()
    due = [sid for sid, opens, closes in open_surveys if opens and closes and reminder_due(opens, closes) <= now]
    sent = 0
    if not due:
        return 0
    invitations = db.session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.survey_id.in_(due), SurveyInvitation.reminded_at.is_(None),
                                       SurveyInvitation.has_responded.is_(False),
                                       SurveyInvitation.invited_at.is_not(None))).all()
    for invitation in invitations:
        if not _claim_invitation(invitation.id, SurveyInvitation.reminded_at, now,
                                 (SurveyInvitation.has_responded.is_(False),)):
            continue
        survey = get_survey(invitation.survey_id)
        notify(invitation.user, "survey_reminder", f"Reminder: your feedback on {survey.title}",
               "feedback_reminder", endpoint="feedback.answer", values={"survey_id": survey.id}, survey=survey)
        sent += 1
    return sent


def due_to_open(now: datetime) -> list[int]:
    """Ids of draft surveys whose time has come: the event has ended, or the set opening time passed."""
    stmt = (select(Survey.id).join(Event, Event.id == Survey.event_id, isouter=True)
            .where(Survey.status == "draft",
                   or_(and_(Survey.open_on_event_end.is_(True), Event.status == "published", Event.ends_at <= now),
                       and_(Survey.opens_at.is_not(None), Survey.opens_at <= now)))
            .order_by(Survey.id))
    return list(db.session.scalars(stmt))


def close_due(now: datetime) -> int:
    """Close every open survey past its closing time (each claimed). Returns how many."""
    ids = db.session.scalars(select(Survey.id).where(Survey.status == "open", Survey.closes_at <= now)).all()
    closed = 0
    for survey_id in ids:
        result = db.session.execute(update(Survey).where(Survey.id == survey_id, Survey.status == "open")
                                    .values(status="closed").execution_options(synchronize_session=False))
        closed += rows_changed(result)
    return closed


def event_choices(limit: int = 200) -> list[Event]:
    """Published events a survey can be attached to: the most recent first."""
    stmt = select(Event).where(Event.status == "published").order_by(Event.starts_at.desc()).limit(limit)
    return list(db.session.scalars(stmt).unique())
