"""A member's profile: the IMG-specific facts that matching, events and feedback draw on."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:  # names for the relationship annotations only; the mapper resolves the strings
    from softlanding.blueprints.accounts.models import User

VISIBILITY = {
    "members": "All signed-in members see my full profile",
    "limited": "Members see only my name, career stage and region",
    "organisers": "Only organisers (and my mentor or mentees) see my profile",
}
MRCPCH_STATUSES = {"not_yet": "Not yet", "booked": "Booked", "passed": "Passed"}


class Profile(Model):
    """Profile fields; list-valued choices are codes from the reference lists."""

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True, index=True
    )
    display_name: Mapped[str] = mapped_column(String(80), default="")
    career_stage: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    region: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    pmq_country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    nhs_start_month: Mapped[str | None] = mapped_column(String(7), nullable=True)  # YYYY-MM
    mrcpch: Mapped[dict] = mapped_column(JSON, default=dict)  # component code -> status
    subspecialties: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)  # ISO 639 codes
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    bio: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(20), default="members")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    user: Mapped["User"] = relationship("User", back_populates="profile")

    @property
    def is_complete(self) -> bool:
        """The fields matching and events rely on are filled in."""
        return bool(self.career_stage and self.region and self.pmq_country)
