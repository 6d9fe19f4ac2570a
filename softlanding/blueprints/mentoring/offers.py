"""Mentoring offers, newcomer preferences, organiser settings, and turning rows into matching data."""

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import (
    HOLDS_PLACE,
    MatchingSettings,
    MenteePreference,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.requests import release_open_requests
from softlanding.core import reference
from softlanding.core.db import utcnow
from softlanding.core.errors import PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.lib.matching import DEFAULT_WEIGHTS, MUST_HAVE_OPTIONS, Mentee, Mentor
from softlanding.lib.matching.criteria import CRITERIA, DEFAULT_MUST_HAVES
from softlanding.lib.matching.explain import next_exam

MAX_NEEDS = 4
TEXT_MAX = 2000
NAME_MAX = 200


def _saved_settings():
    return db.session.scalar(select(MatchingSettings).order_by(MatchingSettings.id).limit(1))


def default_settings():
    """The shipped matching settings as an unsaved row: default weights, must-haves and floor."""
    return MatchingSettings(weights=dict(DEFAULT_WEIGHTS), must_haves=list(DEFAULT_MUST_HAVES), floor=0.35)


def get_settings():
    """The organisers' matching settings; the shipped defaults, unsaved, until a row exists (reads never write)."""
    return _saved_settings() or default_settings()


def ensure_settings():
    """Save the default matching settings if none are saved (safe to run again; `flask seed-reference`)."""
    settings = _saved_settings()
    if settings is None:
        settings = default_settings()
        db.session.add(settings)
        db.session.flush()
    return settings


def effective_weights(settings):
    """Saved weights over the defaults, for every criterion."""
    return {c: float((settings.weights or {}).get(c, DEFAULT_WEIGHTS[c])) for c in CRITERIA}


def update_settings(organiser, weights, must_haves, floor):
    """Save weights (0-10 each), must-haves and the batch floor (a fraction 0-0.9, typed as 0-90 %)."""
    clean = {}
    for c in CRITERIA:
        try:
            value = float(weights.get(c))
        except (TypeError, ValueError):
            raise ValidationError("Enter a number from 0 to 10.", field=f"w_{c}") from None
        if not 0 <= value <= 10:
            raise ValidationError("Enter a number from 0 to 10.", field=f"w_{c}")
        clean[c] = value
    if not any(clean.values()):
        raise ValidationError("At least one criterion needs a weight above 0.", field="w_needs")
    if any(m not in MUST_HAVE_OPTIONS for m in must_haves or []):
        raise ValidationError("Choose must-haves from the list.", field="must_haves")
    if floor is None or not 0 <= floor <= 0.9:
        raise ValidationError("Enter a percentage from 0 to 90, for example 35.", field="floor")
    settings = ensure_settings()
    settings.weights, settings.must_haves, settings.floor = clean, list(must_haves or []), float(floor)
    settings.updated_by_id = organiser.id
    db.session.flush()
    return settings


def mentor_profile(user):
    """The user's mentoring offer, or None."""
    return db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == user.id))


def offer_of(user_id):
    """The mentoring offer of the user with this id (their user loaded), or None."""
    return db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == user_id)
                             .options(selectinload(MentorProfile.user).selectinload(User.profile)))


def preferences(user):
    """The newcomer's preferences, or None."""
    return db.session.scalar(select(MenteePreference).where(MenteePreference.user_id == user.id))


def _codes(kind, values, field):
    allowed = {o.code for o in reference.options(kind)}
    values = list(dict.fromkeys(v for v in values or [] if v))
    if any(v not in allowed for v in values):
        raise ValidationError("Choose options from the list.", field=field)
    return values


def _text(data, name, limit, label):
    value = (data.get(name) or "").strip()
    if len(value) > limit:
        raise ValidationError(f"Keep {label} to {limit} characters.", field=name)
    return value


class OfferData(TypedDict, total=False):
    """The mentoring offer form's values as submitted; save_offer checks each one."""

    capacity: int | str | None
    availability: str | None  # accepting | paused
    paused_until: date | None
    help_topics: list[str]
    meeting_modes: list[str]
    gender: str | None
    trust_name: str | None
    supervisor_name: str | None


def save_offer(user: User, data: OfferData, today: date | None = None) -> MentorProfile:
    """Opt in as a mentor, or change the offer; only reps (and organisers) may mentor."""
    if not (user.is_rep or user.is_organiser):
        raise PermissionDenied("Only volunteer reps can mentor.")
    raw_capacity = data.get("capacity")
    try:
        capacity = int(raw_capacity) if raw_capacity is not None else 0  # 0 fails the range check below
    except (TypeError, ValueError):
        raise ValidationError("Enter how many mentees you can take at once, from 1 to 10.", field="capacity") from None
    if not 1 <= capacity <= 10:
        raise ValidationError("Enter how many mentees you can take at once, from 1 to 10.", field="capacity")
    availability = data.get("availability") or "accepting"
    if availability not in ("accepting", "paused"):
        raise ValidationError("Choose accepting or paused.", field="availability")
    paused_until = data.get("paused_until")
    if availability == "paused":
        if paused_until is not None and paused_until <= (today or date.today()):
            raise ValidationError("Give a date in the future, or leave it empty.", field="paused_until")
    else:
        paused_until = None
    topics = _codes("help_topic", data.get("help_topics"), "help_topics")
    if not topics:
        raise ValidationError("Choose at least one thing you can help with.", field="help_topics")
    modes = _codes("meeting_mode", data.get("meeting_modes"), "meeting_modes")
    if not modes:
        raise ValidationError("Choose at least one way to meet.", field="meeting_modes")
    gender = data.get("gender") or None
    if gender:
        reference.require("gender", gender, field="gender")
    offer = mentor_profile(user) or MentorProfile(user_id=user.id)
    was_available = offer.id is None or offer.is_available(today or date.today())
    offer.capacity, offer.accepting, offer.paused_until = capacity, availability == "accepting", paused_until
    offer.help_topics, offer.meeting_modes, offer.gender = topics, modes, gender
    offer.trust_name = _text(data, "trust_name", NAME_MAX, "the Trust name")
    offer.supervisor_name = _text(data, "supervisor_name", NAME_MAX, "the supervisor's name")
    db.session.add(offer)
    db.session.flush()
    if was_available and not offer.is_available(today or date.today()):
        # Requests waiting for a paused mentor would only expire: release them now, with a notice.
        release_open_requests(user, "The mentor paused mentoring and is not taking new mentees for now.")
    return offer


def save_preferences(user: User, data: Mapping[str, Any]) -> MenteePreference:
    """What a newcomer wants: needs in order of importance, preferences and goals."""
    needs = []
    allowed = {o.code for o in reference.options("help_topic")}
    for rank in range(1, MAX_NEEDS + 1):
        code = data.get(f"need_{rank}") or ""
        if not code:
            continue
        if code not in allowed:
            raise ValidationError("Choose an option from the list.", field=f"need_{rank}")
        if code in needs:
            raise ValidationError("You chose this already; pick something different or leave it empty.",
                                  field=f"need_{rank}")
        needs.append(code)
    if not needs:
        raise ValidationError("Choose what you most want help with.", field="need_1")
    modes = _codes("meeting_mode", data.get("meeting_modes"), "meeting_modes")
    gender = data.get("mentor_gender") or None
    if gender:
        reference.require("gender", gender, field="mentor_gender")
    pref = preferences(user) or MenteePreference(user_id=user.id, waiting_since=utcnow())
    pref.help_topics, pref.meeting_modes, pref.mentor_gender = needs, modes, gender
    pref.same_region, pref.same_language = bool(data.get("same_region")), bool(data.get("same_language"))
    pref.goals = _text(data, "goals", TEXT_MAX, "your goals")
    pref.trust_name = _text(data, "trust_name", NAME_MAX, "the Trust name")
    pref.supervisor_name = _text(data, "supervisor_name", NAME_MAX, "your supervisor's name")
    if not pref.seeking:
        pref.seeking, pref.waiting_since = True, utcnow()
    db.session.add(pref)
    db.session.flush()
    return pref


def nations():
    """{region code: nation} from the region list's groups (England, Scotland ...)."""
    out = {}
    for option in reference.options("region", include_inactive=True):
        group = option.group or ""
        out[option.code] = "England" if group == "England" else option.label
    return out


def held_places(mentor_ids=None):
    """{mentor user id: places held by proposals, acceptances and active pairs}."""
    stmt = (select(Mentorship.mentor_id, func.count()).where(Mentorship.status.in_(HOLDS_PLACE))
            .group_by(Mentorship.mentor_id))
    if mentor_ids is not None:
        stmt = stmt.where(Mentorship.mentor_id.in_(list(mentor_ids)))
    return dict(db.session.execute(stmt).tuples().all())


def available_offers(today=None, exclude_user_id=None):
    """Offers that are accepting now and have a free place, with users and profiles loaded."""
    today = today or date.today()
    stmt = (select(MentorProfile).join(User, User.id == MentorProfile.user_id)
            .where(MentorProfile.accepting.is_(True), User.is_active_account.is_(True))
            .options(selectinload(MentorProfile.user).selectinload(User.profile))
            .order_by(MentorProfile.id))
    if exclude_user_id:
        stmt = stmt.where(MentorProfile.user_id != exclude_user_id)
    offers = [o for o in db.session.scalars(stmt) if o.is_available(today)]
    held = held_places([o.user_id for o in offers])
    return [(o, o.capacity - held.get(o.user_id, 0)) for o in offers if o.capacity > held.get(o.user_id, 0)]


# The columns mentor_from_values reads: the offer's, its user's name and its profile's (None without one).
MENTOR_FIELDS = ("user_id", "help_topics", "meeting_modes", "gender", "trust_name", "supervisor_name", "full_name",
                 "region", "career_stage", "subspecialties", "languages", "pmq_country", "mrcpch")


def mentor_from_values(row, free_places, nation_of):
    """Matching input from an offer's plain values (MENTOR_FIELDS), as a row of one narrow query gives them."""
    region = row["region"] if row["region"] != "outside_uk" else None
    return Mentor(
        id=row["user_id"], region=region, nation=nation_of.get(region) if region else None,
        stage=row["career_stage"], subspecialties=frozenset(row["subspecialties"] or []),
        languages=frozenset(row["languages"] or []), country=row["pmq_country"],
        passed=frozenset(c for c, s in (row["mrcpch"] or {}).items() if s == "passed"),
        topics=frozenset(row["help_topics"] or []), modes=frozenset(row["meeting_modes"] or []),
        gender=row["gender"], trust=row["trust_name"], supervisor=row["supervisor_name"],
        name=row["full_name"], free_places=max(free_places, 0), accepting=True)


def mentor_data(offer, free_places, nation_of):
    """A MentorProfile row (with its user and profile loaded) as matching input."""
    profile = offer.user.profile
    values = {name: getattr(offer, name) for name in MENTOR_FIELDS[:6]}
    values["full_name"] = offer.user.full_name
    values.update({name: getattr(profile, name) if profile else None for name in MENTOR_FIELDS[7:]})
    return mentor_from_values(values, free_places, nation_of)


def mentee_data(pref, nation_of, now=None):
    """A MenteePreference row (with its user's profile) as matching input."""
    profile = pref.user.profile
    region = profile.region if profile and profile.region != "outside_uk" else None
    weeks = ((now or utcnow()) - pref.waiting_since).days / 7 if pref.waiting_since else 0
    return Mentee(
        id=pref.user_id, region=region, nation=nation_of.get(region) if region else None,
        stage=profile.career_stage if profile else None,
        subspecialties=frozenset(profile.subspecialties or []) if profile else frozenset(),
        languages=frozenset(profile.languages or []) if profile else frozenset(),
        country=profile.pmq_country if profile else None,
        next_exam=next_exam(profile.mrcpch if profile else {}),
        topics=tuple(pref.help_topics or []), modes=frozenset(pref.meeting_modes or []),
        gender_pref=pref.mentor_gender, same_region=pref.same_region, same_language=pref.same_language,
        trust=pref.trust_name, supervisor=pref.supervisor_name, priority=min(max(weeks, 0) / 26, 1.0))


def past_pairs(mentee_ids):
    """(mentee, mentor) pairs that already exist in any state (never suggested or matched again)."""
    if not mentee_ids:
        return set()
    stmt = select(Mentorship.mentee_id, Mentorship.mentor_id).where(Mentorship.mentee_id.in_(list(mentee_ids)))
    return set(db.session.execute(stmt).all())
