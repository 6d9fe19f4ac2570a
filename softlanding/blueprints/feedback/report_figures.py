"""Raw figures of one period for the impact report, each gathered by a fixed number of grouped queries
(however many events the period holds). Nothing here is safe to show yet: impact.py suppresses.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import String, case, cast, func, literal, select

from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import Answer, Survey, SurveyInvitation, SurveyQuestion, SurveyResponse
from softlanding.blueprints.profiles.models import Profile
from softlanding.core.db import utcnow
from softlanding.core.extensions import db


@dataclass
class Confidence:
    """Pre/post confidence pairs (1–5), linked per respondent: how many, sums, how many improved."""

    pairs: int = 0
    before: int = 0
    after: int = 0
    improved: int = 0


@dataclass
class Figures:
    """Every raw count of one period."""

    events: int = 0
    attendances: int = 0
    reached: int = 0
    new: int = 0
    invited: int = 0
    responses: int = 0
    ratings: Counter[int] = field(default_factory=Counter)
    by_stage: Counter[str] = field(default_factory=Counter)
    by_region: Counter[str] = field(default_factory=Counter)
    by_country: Counter[str] = field(default_factory=Counter)
    cat_events: Counter[str] = field(default_factory=Counter)
    cat_attendances: Counter[str] = field(default_factory=Counter)
    cat_ratings: dict[str, Counter[int]] = field(default_factory=dict)
    mwres_events: Counter[str] = field(default_factory=Counter)
    mwres_attendances: Counter[str] = field(default_factory=Counter)
    confidence: Confidence = field(default_factory=Confidence)
    cat_confidence: dict[str, Confidence] = field(default_factory=dict)


def day(value: date) -> datetime:
    """Midnight UTC at the start of a day."""
    return datetime.combine(value, time(0), tzinfo=UTC)


def events_held(start: date, end: date, category: str = ""):
    """SELECT of the ids of published events that started in the period and have ended."""
    stmt = select(Event.id).where(Event.status == "published", Event.starts_at >= day(start),
                                  Event.starts_at < day(end + timedelta(days=1)), Event.ends_at <= utcnow())
    if category:
        stmt = stmt.where(Event.category == category)
    return stmt


def gather(start: date, end: date, category: str = "") -> Figures:
    """The raw figures of events held from `start` to `end` (inclusive), optionally one category."""
    return combine(attendance(start, end, category), answers(start, end, category))


def combine(attended: Figures, answered: Figures) -> Figures:
    """The figures of attendance() with those of answers() (each fills fields the other leaves empty)."""
    return replace(attended, invited=answered.invited, responses=answered.responses, ratings=answered.ratings,
                   cat_ratings=answered.cat_ratings, confidence=answered.confidence,
                   cat_confidence=answered.cat_confidence)


def attendance(start: date, end: date, category: str = "") -> Figures:
    """Events held, attendances and the people reached (bookings and profiles: renewed on a booking)."""
    f = Figures()
    ids = events_held(start, end, category).scalar_subquery()
    came = (Booking.status == "booked") & Booking.attended.is_(True)
    # Attendances per event as a correlated count: the JSON column cannot be grouped on PostgreSQL.
    attended = (select(func.count(Booking.id)).where(Booking.event_id == Event.id, came)
                .correlate(Event).scalar_subquery())
    events = db.session.execute(select(Event.id, Event.category, Event.mwres_indicators, attended)
                                .where(Event.id.in_(ids))).all()
    f.events = len(events)
    for _event_id, cat, mwres, n in events:
        f.attendances += n
        f.cat_events[cat] += 1
        f.cat_attendances[cat] += n
        for code in set(mwres or []):
            f.mwres_events[code] += 1
            f.mwres_attendances[code] += n
    attendees = select(Booking.user_id).where(Booking.event_id.in_(ids), came).distinct().scalar_subquery()
    # Every attendee has a first attended event, so one pass counts the people reached and the new ones.
    firsts = (select(Booking.user_id, func.min(Event.starts_at).label("first")).join(Event, Event.id == Booking.event_id)
              .where(came, Booking.user_id.in_(attendees)).group_by(Booking.user_id).subquery())
    reached, new = db.session.execute(select(func.count(), func.count().filter(firsts.c.first >= day(start)))
                                      .select_from(firsts)).one()
    f.reached, f.new = reached or 0, new or 0
    counters = (f.by_stage, f.by_region, f.by_country)
    for stage, region, country, n in db.session.execute(
            select(Profile.career_stage, Profile.region, Profile.pmq_country, func.count(Profile.id))
            .where(Profile.user_id.in_(attendees)).group_by(Profile.career_stage, Profile.region, Profile.pmq_country)):
        for counter, value in zip(counters, (stage, region, country), strict=True):
            counter[value or ""] += n
    for counter in counters:
        missing = f.reached - sum(counter.values())
        if missing > 0:
            counter[""] += missing
    return f


def answers(start: date, end: date, category: str = "") -> Figures:
    """Who was asked and who answered, the ratings and confidence pairs (surveys and answers only)."""
    f = Figures()
    ids = events_held(start, end, category).scalar_subquery()
    shown = anonymity.shown_surveys()
    surveys = select(Survey.id).where(Survey.event_id.in_(ids), Survey.purpose == "feedback", shown).scalar_subquery()
    invited, responses = db.session.execute(select(
        select(func.count(SurveyInvitation.id)).where(SurveyInvitation.survey_id.in_(surveys)).scalar_subquery(),
        select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id.in_(surveys)).scalar_subquery())).one()
    f.invited, f.responses = invited or 0, responses or 0
    for cat, value, n in db.session.execute(
            select(Event.category, Answer.number_value, func.count(Answer.id)).select_from(Answer)
            .join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
            .join(Survey, Survey.id == SurveyQuestion.survey_id).join(Event, Event.id == Survey.event_id)
            .where(Survey.id.in_(surveys), SurveyQuestion.code == "overall", SurveyQuestion.kind == "rating",
                   Answer.number_value.is_not(None))
            .group_by(Event.category, Answer.number_value)):
        f.ratings[value] += n
        f.cat_ratings.setdefault(cat, Counter())[value] += n
    _confidence(f, ids)
    return f


def _confidence(f: Figures, event_ids) -> None:
    # Pairs are linked per respondent: by the opaque per-event key where the response has one (so an
    # event's feedback and its follow-up pair up), else within the one response. Never by user id.
    key = func.coalesce(SurveyResponse.respondent_key, literal("r") + cast(SurveyResponse.id, String))
    rows = db.session.execute(
        select(Event.id, Event.category, key, SurveyQuestion.code, Answer.number_value,
               case((Survey.purpose == "followup", 1), else_=0))
        .select_from(Answer).join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .join(Survey, Survey.id == SurveyResponse.survey_id).join(Event, Event.id == Survey.event_id)
        .where(Event.id.in_(event_ids), anonymity.shown_surveys(), Answer.number_value.is_not(None),
               SurveyQuestion.code.in_(("confidence_before", "confidence_after")))).all()
    people: dict[tuple[int, str], dict[str, tuple[int, int]]] = {}
    cats: dict[tuple[int, str], str] = {}
    for event_id, cat, who, code, value, later in rows:
        entry = people.setdefault((event_id, who), {})
        # The latest "after" wins: a follow-up's answer is the longer-term change.
        if code not in entry or later >= entry[code][1]:
            entry[code] = (value, later)
        cats[(event_id, who)] = cat
    for person, entry in people.items():
        if "confidence_before" in entry and "confidence_after" in entry:
            before, after = entry["confidence_before"][0], entry["confidence_after"][0]
            for target in (f.confidence, f.cat_confidence.setdefault(cats[person], Confidence())):
                target.pairs += 1
                target.before += before
                target.after += after
                target.improved += after > before
