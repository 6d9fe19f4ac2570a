"""Members' own specialty-training interviews: the record (date, level, specialty), the outcome (offer, no
offer, waiting), the one "how did it go?" some days after the date, and the counts for the impact report's
"interview offers after mock interviews"."""

from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import and_, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.feedback.models import INTERVIEW_OUTCOMES, InterviewRecord
from softlanding.blueprints.feedback.reminders import claim_reminder
from softlanding.blueprints.notifications.notify import notify
from softlanding.core import reference
from softlanding.core.converters import sane_year
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db

# A mock interview counts for an interview if the member attended it within this many days before.
MOCK_WINDOW_DAYS = 365


class InvalidInterview(ValidationError):
    """Some fields of an interview record are wrong: `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("Please check the fields marked below.")
        self.errors = errors


def followup_days() -> int:
    """Days after an interview before the member is asked, once, for its outcome (setting)."""
    return int(current_app.config["INTERVIEW_FOLLOWUP_DAYS"])


def my_interviews(user: User) -> list[InterviewRecord]:
    """A member's recorded interviews, newest first."""
    return list(db.session.scalars(select(InterviewRecord).where(InterviewRecord.user_id == user.id)
                                   .order_by(InterviewRecord.interview_on.desc(), InterviewRecord.id.desc())))


def _own(user: User, interview_id: int) -> InterviewRecord:
    row = db.session.get(InterviewRecord, interview_id)
    if row is None or row.user_id != user.id:
        raise NotFound("No such interview record.")
    return row


def record_interview(user: User, interview_on: date | None, level: str, specialty: str, outcome: str = "waiting",
                     today: date | None = None) -> InterviewRecord:
    """Add an interview (the same date and level again updates it); every field's problem is collected first."""
    today = today or utcnow().date()
    errors = _check(interview_on, level, specialty, outcome, today)
    if errors:
        raise InvalidInterview(errors)
    assert interview_on is not None
    row = db.session.scalar(select(InterviewRecord).where(InterviewRecord.user_id == user.id,
                                                          InterviewRecord.level == level,
                                                          InterviewRecord.interview_on == interview_on))
    if row is None:
        row = InterviewRecord(user_id=user.id, interview_on=interview_on, level=level)
        db.session.add(row)
    row.specialty, row.outcome = specialty or "", outcome
    db.session.flush()
    return row


def record_outcome(user: User, interview_id: int, outcome: str, level: str, specialty: str,
                   today: date | None = None) -> InterviewRecord:
    """Set the outcome of one of the member's interviews (and the level and specialty of the offer)."""
    today = today or utcnow().date()
    row = _own(user, interview_id)
    errors = _check(row.interview_on, level, specialty, outcome, today)
    if errors:
        raise InvalidInterview(errors)
    row.outcome, row.level, row.specialty = outcome, level, specialty or ""
    db.session.flush()
    return row


def _check(interview_on: date | None, level: str, specialty: str, outcome: str, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if interview_on is None or not sane_year(interview_on.year):
        errors["interview_on"] = "Enter the date of the interview."
    elif interview_on > today + timedelta(days=730):
        errors["interview_on"] = "Enter a date within the next two years."
    elif interview_on < today - timedelta(days=3650):
        errors["interview_on"] = "Enter a date within the last ten years."
    if level not in reference.labels("interview_level"):
        errors["level"] = "Choose the level you are interviewing for."
    if specialty and specialty not in reference.labels("subspecialty"):
        errors["specialty"] = "Choose the specialty from the list, or leave it empty."
    if outcome not in INTERVIEW_OUTCOMES:
        errors["outcome"] = "Choose the outcome."
    elif outcome != "waiting" and interview_on is not None and "interview_on" not in errors and interview_on > today:
        errors["outcome"] = "An outcome can only be given for an interview that has happened."
    return errors


def delete_interview(user: User, interview_id: int) -> None:
    """Remove one of the member's own interview records."""
    db.session.delete(_own(user, interview_id))
    db.session.flush()


def remind_interview_outcomes(now: datetime) -> int:
    """Ask once, some days after an interview a member gave, for its outcome (each record claimed first)."""
    due = (now - timedelta(days=followup_days())).date()
    rows = db.session.execute(select(InterviewRecord.id, InterviewRecord.user_id, InterviewRecord.level).where(
        InterviewRecord.outcome == "waiting", InterviewRecord.interview_on <= due,
        InterviewRecord.reminded_at.is_(None))).all()
    sent = 0
    levels = reference.labels("interview_level")
    for interview_id, user_id, level in rows:
        user = claim_reminder(InterviewRecord, interview_id, user_id, now)
        if user is None:
            continue
        label = levels.get(level, level)
        notify(user, "interview_followup", f"How did your {label} interview go?", "feedback_interview_followup",
               endpoint="feedback.outcomes_interview", values={"interview_id": interview_id},
               interview=label)
        sent += 1
    return sent


def offers_after_mock(start: date, end: date) -> tuple[set[int], int, int]:
    """Decided interviews in the period of members who attended a mock interview in the year before each:
    (the members counted, interviews, offers). One person's interviews on one day count once."""
    day = datetime.combine  # the interview date as midnight UTC, to compare with event times
    stmt = (select(InterviewRecord.user_id, InterviewRecord.interview_on, InterviewRecord.outcome, Event.ends_at)
            .select_from(InterviewRecord)
            .join(Booking, and_(Booking.user_id == InterviewRecord.user_id, Booking.attended.is_(True)))
            .join(Event, and_(Event.id == Booking.event_id, Event.category == "mock_interview"))
            .where(InterviewRecord.interview_on >= start, InterviewRecord.interview_on <= end,
                   InterviewRecord.outcome != "waiting"))
    decided: dict[tuple[int, date], bool] = {}
    for user_id, on, outcome, ends_at in db.session.execute(stmt):
        before = day(on, time(0), tzinfo=UTC)
        if ends_at is None or not before - timedelta(days=MOCK_WINDOW_DAYS) <= ends_at <= before:
            continue
        key = (user_id, on)
        decided[key] = decided.get(key, False) or outcome == "offer"
    return {user_id for user_id, _on in decided}, len(decided), sum(decided.values())
