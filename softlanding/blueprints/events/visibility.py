"""What hosts see of the people booked: only what each member's profile visibility allows.

Organisers see everything (they keep the network safe). Other hosts always see the name (they need it
to run the event) and, as the profile setting allows, the career stage and the email address.
"""

from typing import Any

from softlanding.blueprints.profiles.profile import view_level
from softlanding.core.reference import labels

SHOWN = {
    "full": "your name, career stage and email address",
    "limited": "your name and career stage",
    None: "your name only",
}


def attendee_fields(viewer: Any, person: Any) -> dict[str, str]:
    """{'name', 'career_stage', 'email'} of one attendee as `viewer` may see them ('' when hidden)."""
    level = view_level(viewer, person)
    profile = person.profile
    stage = labels("career_stage").get(profile.career_stage, "") if profile and profile.career_stage else ""
    return {"name": person.full_name,
            "career_stage": stage if level in ("full", "limited") else "",
            "email": person.email if level == "full" else ""}


def host_sees(user: Any) -> str:
    """What the hosts of an event will see of `user` once booked, for the booking page."""
    visibility = user.profile.visibility if user.profile else "members"
    return SHOWN["full" if visibility == "members" else "limited" if visibility == "limited" else None]
