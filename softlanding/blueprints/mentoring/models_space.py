"""Mentoring: the pair's shared space (meetings, induction ticks) and organiser batch drafts."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:  # names for the relationship annotations only; the mapper resolves the strings
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.mentoring.models import Mentorship


class MentoringMeeting(Model):
    """One meeting logged in a pair's space; notes are private to the pair."""

    __tablename__ = "mentoring_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    met_on: Mapped[date] = mapped_column(Date, nullable=False)
    mode: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    mentorship: Mapped["Mentorship"] = relationship("Mentorship", back_populates="meetings")


class InductionTick(Model):
    """An induction checklist area ticked off in a pair's space."""

    __tablename__ = "mentoring_induction_tick"
    __table_args__ = (UniqueConstraint("mentorship_id", "area", name="uq_mentoring_induction_tick_mentorship_id_area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    area: Mapped[str] = mapped_column(String(60))
    ticked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    ticked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    mentorship: Mapped["Mentorship"] = relationship("Mentorship", back_populates="ticks")


class MatchBatch(Model):
    """An organiser's batch match: a draft until published."""

    __tablename__ = "mentoring_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)  # draft|published|discarded
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    waiting_count: Mapped[int] = mapped_column(default=0)
    place_count: Mapped[int] = mapped_column(default=0)

    created_by: Mapped["User | None"] = relationship("User")
    pairs: Mapped[list["MatchBatchPair"]] = relationship("MatchBatchPair", back_populates="batch", cascade="all, delete-orphan",
                                                         order_by="MatchBatchPair.score.desc()")


class MatchBatchPair(Model):
    """One pair in a batch draft, with its score, parts and reasons."""

    __tablename__ = "mentoring_batch_pair"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("mentoring_batch.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    parts: Mapped[dict] = mapped_column(JSON, default=dict)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    mismatches: Mapped[list] = mapped_column(JSON, default=list)
    removed: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    batch: Mapped["MatchBatch"] = relationship("MatchBatch", back_populates="pairs")
    mentor: Mapped["User"] = relationship("User", foreign_keys=[mentor_id])
    mentee: Mapped["User"] = relationship("User", foreign_keys=[mentee_id])
