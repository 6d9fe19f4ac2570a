"""Profiles' part of "download my data" and of erasure."""

from typing import Any

from softlanding.blueprints.accounts.models import User


def export(user: User) -> dict[str, Any]:
    """The member's profile, every field."""
    p = user.profile
    if p is None:
        return {"profile": None}
    return {"profile": {
        "display_name": p.display_name, "career_stage": p.career_stage, "region": p.region,
        "country_of_primary_qualification": p.pmq_country, "nhs_start_month": p.nhs_start_month,
        "mrcpch": p.mrcpch, "subspecialties": p.subspecialties, "languages": p.languages, "timezone": p.timezone,
        "bio": p.bio, "visibility": p.visibility, "updated_at": p.updated_at.isoformat() if p.updated_at else None,
    }}


def erase(user: User, context: Any) -> None:
    """Empty every field; the name shown becomes the account's ("A former member")."""
    p = user.profile
    if p is None:
        return
    p.display_name, p.career_stage, p.region, p.pmq_country, p.nhs_start_month = "", None, None, None, None
    p.mrcpch, p.subspecialties, p.languages, p.bio, p.visibility = {}, [], [], "", "organisers"
    p.timezone = "Europe/London"
