"""Contact details a member chooses to share with their mentor or mentees, shown once a pair is active."""

import re
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import ACTIVE, Mentorship
from softlanding.blueprints.mentoring.models_pair import ContactChoice
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db

PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,30}$")
LINK_MAX = 500


def valid_link(url: str | None, field: str) -> str:
    """An http(s) address of at most 500 characters, or empty."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > LINK_MAX or " " in url:
        raise ValidationError("Enter a web address starting with https:// (or http://).", field=field)
    return url


def get_choice(user: User) -> ContactChoice | None:
    """The member's contact choices, or None (nothing shared)."""
    return db.session.scalar(select(ContactChoice).where(ContactChoice.user_id == user.id))


def save_choice(user: User, data: dict[str, Any]) -> ContactChoice:
    """Save what the member shares: email, a phone number, a video-call link (each opt-in)."""
    phone = (data.get("phone") or "").strip()
    errors = []
    if phone and (not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 7):
        errors.append(ValidationError("Enter a phone number such as 07700 900123 or +44 7700 900123.",
                                      field="phone"))
    if data.get("share_phone") and not phone:
        errors.append(ValidationError("Enter the phone number you want to share, or untick it.", field="phone"))
    try:
        link = valid_link(data.get("video_link"), "video_link")
    except ValidationError as error:
        errors.append(error)
        link = ""
    if data.get("share_video") and not link and not any(e.field == "video_link" for e in errors):
        errors.append(ValidationError("Enter the video-call link you want to share, or untick it.",
                                      field="video_link"))
    if errors:
        raise errors[0]
    choice = get_choice(user) or ContactChoice(user_id=user.id)
    choice.share_email, choice.phone, choice.share_phone = bool(data.get("share_email")), phone, bool(
        data.get("share_phone"))
    choice.video_link, choice.share_video = link, bool(data.get("share_video"))
    db.session.add(choice)
    db.session.flush()
    return choice


def _shown(user: User, choice: ContactChoice | None) -> dict[str, str]:
    if choice is None:
        return {}
    out = {}
    if choice.share_email:
        out["email"] = user.email
    if choice.share_phone and choice.phone:
        out["phone"] = choice.phone
    if choice.share_video and choice.video_link:
        out["video_link"] = choice.video_link
    return out


def shared_with(viewer: User, pair: Mentorship) -> dict[str, Any]:
    """What each side of an active pair shares: {'active', 'theirs', 'mine'}; nothing once it ends."""
    if pair.status != ACTIVE or pair.side_of(viewer.id) is None:
        return {"active": False, "theirs": {}, "mine": {}}
    other = pair.mentee if pair.mentor_id == viewer.id else pair.mentor
    return {"active": True, "theirs": _shown(other, get_choice(other)), "mine": _shown(viewer, get_choice(viewer))}


def contact_for_export(user: User) -> dict[str, Any]:
    """The member's contact choices, for their data download."""
    choice = get_choice(user)
    if choice is None:
        return {}
    return {"share_email": choice.share_email, "phone": choice.phone, "share_phone": choice.share_phone,
            "video_link": choice.video_link, "share_video": choice.share_video}
