"""Mentoring: the pair's shared space (meetings, induction ticks) and organiser batch drafts."""

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import UTCDateTime, utcnow
from softlanding.core.extensions import db


class MentoringMeeting(db.Model):
    """One meeting logged in a pair's space; notes are private to the pair."""

    __tablename__ = "mentoring_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    met_on = mapped_column(Date, nullable=False)
    mode: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    mentorship = relationship("Mentorship", back_populates="meetings")


class InductionTick(db.Model):
    """An induction checklist area ticked off in a pair's space."""

    __tablename__ = "mentoring_induction_tick"
    __table_args__ = (UniqueConstraint("mentorship_id", "area", name="uq_mentoring_induction_tick_mentorship_id_area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    area: Mapped[str] = mapped_column(String(60))
    ticked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    ticked_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    mentorship = relationship("Mentorship", back_populates="ticks")


class MatchBatch(db.Model):
    """An organiser's batch match: a draft until published."""

    __tablename__ = "mentoring_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)  # draft|published|discarded
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    published_at = mapped_column(UTCDateTime, nullable=True)
    waiting_count: Mapped[int] = mapped_column(default=0)
    place_count: Mapped[int] = mapped_column(default=0)

    created_by = relationship("User")
    pairs = relationship("MatchBatchPair", back_populates="batch", cascade="all, delete-orphan",
                         order_by="MatchBatchPair.score.desc()")


class MatchBatchPair(db.Model):
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

    batch = relationship("MatchBatch", back_populates="pairs")
    mentor = relationship("User", foreign_keys=[mentor_id])
    mentee = relationship("User", foreign_keys=[mentee_id])
