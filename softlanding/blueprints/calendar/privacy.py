"""Calendar's part of "download my data" (whether a personal feed exists, never its token) and of erasure."""

from typing import Any

from sqlalchemy import delete, select

from softlanding.blueprints.calendar.models import CalendarFeedToken
from softlanding.core.extensions import db


def export(user: Any) -> dict[str, Any]:
    """The personal feed: made when, with the secret address left out (it is a key, not data about you)."""
    feed = db.session.scalar(select(CalendarFeedToken).where(CalendarFeedToken.user_id == user.id))
    return {"calendar_feed": {"exists": feed is not None,
                              "created_at": feed.created_at.isoformat() if feed is not None else None,
                              "address": "not included: it works like a password; reset it in Settings"}}


def erase(user: Any, context: Any) -> None:
    """Delete the personal feed (its address stops working)."""
    db.session.execute(delete(CalendarFeedToken).where(CalendarFeedToken.user_id == user.id))
