"""Profiles: validating and saving a member's own profile, and what others may see of it."""

import re
from typing import TypedDict
from zoneinfo import available_timezones

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.profiles.models import MRCPCH_STATUSES, VISIBILITY, Profile
from softlanding.core import reference
from softlanding.core.errors import NotFound, PermissionDenied, ProblemList
from softlanding.core.extensions import db
from softlanding.core.registry import get_registry
from softlanding.lib.sanitize import name_problem

BIO_MAX = 1000
MONTH_RE = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")

_TIMEZONES: list[str] | None = None


class ProfileData(TypedDict, total=False):
    """The profile form's values as submitted; update_profile checks each against its list."""

    display_name: str | None
    career_stage: str | None
    region: str | None
    pmq_country: str | None
    nhs_start_month: str | None  # YYYY-MM
    mrcpch: dict[str, str]  # component code -> status
    subspecialties: list[str]
    languages: list[str]
    timezone: str | None
    bio: str | None
    visibility: str | None


def timezones() -> list[str]:
    """Every IANA time zone name, sorted (Europe/London first)."""
    global _TIMEZONES
    if _TIMEZONES is None:
        zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
        zones.remove("Europe/London")
        _TIMEZONES = ["Europe/London", "UTC", *zones]
    return _TIMEZONES


def clean_profile(data: ProfileData) -> dict:
    """Every field checked against its list: the values to save, or Problems naming every bad field."""
    problems = ProblemList()
    display_name = (data.get("display_name") or "").strip()
    if not display_name:
        problems.add("Enter the name other members should see.", "display_name")
    elif len(display_name) > 80:
        problems.add("Use at most 80 characters.", "display_name")
    elif problem := name_problem(display_name):
        problems.add(problem, "display_name")
    career_stage = data.get("career_stage") or None
    if career_stage:
        problems.check(reference.require, "career_stage", career_stage, field="career_stage")
    region = data.get("region") or None
    if region:
        problems.check(reference.require, "region", region, field="region")
    country = data.get("pmq_country") or None
    if country and country not in {code for code, _ in reference.country_choices()}:
        problems.add("Choose a country from the list.", "pmq_country")
    month = (data.get("nhs_start_month") or "").strip() or None
    if month and not MONTH_RE.match(month):
        problems.add("Choose the month and the year from the lists.", "nhs_start_month")
    components = {o.code for o in reference.options("mrcpch_component")}
    mrcpch: dict[str, str] = {}
    for code, status in (data.get("mrcpch") or {}).items():
        if code not in components or status not in MRCPCH_STATUSES:
            problems.add("Choose passed, booked or not yet.", f"mrcpch_{code}")
        mrcpch[code] = status
    subspecialties = list(dict.fromkeys(data.get("subspecialties") or []))
    allowed = {o.code for o in reference.options("subspecialty")}
    if any(s not in allowed for s in subspecialties):
        problems.add("Choose sub-specialties from the list.", "subspecialties")
    languages = list(dict.fromkeys(data.get("languages") or []))
    known = {code for code, _ in reference.language_choices()}
    if any(lang not in known for lang in languages):
        problems.add("Choose languages from the list.", "languages")
    elif len(languages) > 12:
        problems.add("Choose at most 12 languages.", "languages")
    tz = data.get("timezone") or "Europe/London"
    if tz not in timezones():
        problems.add("Choose a time zone from the list.", "timezone")
    bio = (data.get("bio") or "").strip()
    if len(bio) > BIO_MAX:
        problems.add(f"Keep your bio to {BIO_MAX} characters.", "bio")
    visibility = data.get("visibility") or "members"
    if visibility not in VISIBILITY:
        problems.add("Choose who can see your profile.", "visibility")

    problems.raise_any()
    return {"display_name": display_name, "career_stage": career_stage, "region": region,
            "pmq_country": country, "nhs_start_month": month, "mrcpch": mrcpch,
            "subspecialties": subspecialties, "languages": languages, "timezone": tz, "bio": bio,
            "visibility": visibility}


def update_profile(user: User, data: ProfileData) -> Profile:
    """Check every field against its list and save; raises Problems naming every bad field."""
    values = clean_profile(data)
    profile = user.profile or Profile(user=user)
    for name, value in values.items():
        setattr(profile, name, value)
    db.session.add(profile)
    db.session.flush()
    return profile


def view_level(viewer: User, owner: User) -> str | None:
    """'full', 'limited' or None: how much of owner's profile viewer may see."""
    if viewer.id == owner.id or viewer.is_organiser:
        return "full"
    if any(grant(viewer, owner) for grant in get_registry().profile_grants):
        return "full"
    visibility = owner.profile.visibility if owner.profile else "members"
    if visibility == "members":
        return "full"
    if visibility == "limited":
        return "limited"
    return None


def profile_for_viewer(viewer: User, user_id: int) -> tuple[User, str]:
    """The user whose profile viewer asked for, with the level they may see; 404 if hidden."""
    owner = db.session.scalar(
        select(User).options(selectinload(User.profile)).where(User.id == user_id)
    )
    if owner is None or not owner.is_active:
        raise NotFound("No such member.")
    level = view_level(viewer, owner)
    if level is None:
        raise PermissionDenied("This member shares their profile with organisers only.")
    return owner, level


def qualification_countries(user_ids) -> dict[int, str]:
    """{user id: country of primary medical qualification (ISO code)} for those who gave one, in one query."""
    ids = list(user_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Profile.user_id, Profile.pmq_country)
                              .where(Profile.user_id.in_(ids), Profile.pmq_country.is_not(None)))
    return {user_id: country for user_id, country in rows}
