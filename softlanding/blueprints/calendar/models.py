"""Personal calendar feed tokens: one unguessable address per person, replaced on reset."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import UTCDateTime, utcnow
from softlanding.core.extensions import db


class CalendarFeedToken(db.Model):
    """The token in a person's private feed address (/calendar/<token>.ics).

    Kept in clear so the settings page can show the address again; it only guards a copy of data
    held in the same database, and resetting replaces it, which kills the old address.
    """

    __tablename__ = "calendar_feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    user = relationship("User", lazy="joined")
