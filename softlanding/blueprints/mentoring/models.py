"""Mentoring: what mentors offer, what newcomers want, the relationship and its closing feedback,
the pair's shared space (meetings, induction ticks) and organiser batch drafts."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:  # names for the relationship annotations only; the mapper resolves the strings
    from softlanding.blueprints.accounts.models import User

# Relationship states (issue 4 item 7). "accepted" = one side of a batch proposal said yes.
REQUESTED, PROPOSED, ACCEPTED, ACTIVE = "requested", "proposed", "accepted", "active"
DECLINED, WITHDRAWN, EXPIRED, RELEASED = "declined", "withdrawn", "expired", "released"
COMPLETED, ENDED_EARLY = "completed", "ended_early"
OPEN_STATUSES = (REQUESTED, PROPOSED, ACCEPTED)
HOLDS_PLACE = (PROPOSED, ACCEPTED, ACTIVE)  # a request holds no place until it is accepted
CLOSED_STATUSES = (DECLINED, WITHDRAWN, EXPIRED, RELEASED, COMPLETED, ENDED_EARLY)
STATUS_LABELS = {REQUESTED: "Requested", PROPOSED: "Proposed by organisers", ACCEPTED: "Accepted by one side",
                 ACTIVE: "Active", DECLINED: "Declined", WITHDRAWN: "Withdrawn", EXPIRED: "Expired",
                 RELEASED: "Released (the mentor paused)",
                 COMPLETED: "Completed", ENDED_EARLY: "Ended early"}


class MentorProfile(Model):
    """A rep's mentoring offer. Trust and supervisor are private: used only to avoid conflicts."""

    __tablename__ = "mentor_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True, index=True)
    capacity: Mapped[int] = mapped_column(default=2)
    accepting: Mapped[bool] = mapped_column(default=True)
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    help_topics: Mapped[list] = mapped_column(JSON, default=list)
    meeting_modes: Mapped[list] = mapped_column(JSON, default=list)
    gender: Mapped[str | None] = mapped_column(String(20), nullable=True)
    trust_name: Mapped[str] = mapped_column(String(200), default="")
    supervisor_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    user: Mapped["User"] = relationship("User")

    def is_available(self, today: date) -> bool:
        """Accepting, and any pause is over."""
        return self.accepting and (self.paused_until is None or self.paused_until <= today)


class MenteePreference(Model):
    """What a newcomer wants from a mentor; help_topics is ordered, most important first."""

    __tablename__ = "mentee_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True, index=True)
    help_topics: Mapped[list] = mapped_column(JSON, default=list)
    same_region: Mapped[bool] = mapped_column(default=False)
    same_language: Mapped[bool] = mapped_column(default=False)
    mentor_gender: Mapped[str | None] = mapped_column(String(20), nullable=True)
    meeting_modes: Mapped[list] = mapped_column(JSON, default=list)
    goals: Mapped[str] = mapped_column(Text, default="")
    trust_name: Mapped[str] = mapped_column(String(200), default="")
    supervisor_name: Mapped[str] = mapped_column(String(200), default="")
    seeking: Mapped[bool] = mapped_column(default=True)
    waiting_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    user: Mapped["User"] = relationship("User")


class MatchingSettings(Model):
    """Organisers' weights and must-haves for scoring (one row)."""

    __tablename__ = "mentoring_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    weights: Mapped[dict] = mapped_column(JSON, default=dict)
    must_haves: Mapped[list] = mapped_column(JSON, default=list)
    floor: Mapped[float] = mapped_column(Float, default=0.35)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)


class Mentorship(Model):
    """A mentor and a newcomer, from request or proposal to its close."""

    __tablename__ = "mentorship"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    origin: Mapped[str] = mapped_column(String(10), default="request")  # request | batch
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_batch.id", ondelete="SET NULL"), nullable=True, index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    end_reason: Mapped[str] = mapped_column(Text, default="")
    agreed_goals: Mapped[str] = mapped_column(Text, default="")
    next_meeting_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    mentor_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    mentee_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    last_nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    mentor: Mapped["User"] = relationship("User", foreign_keys=[mentor_id])
    mentee: Mapped["User"] = relationship("User", foreign_keys=[mentee_id])
    meetings: Mapped[list["MentoringMeeting"]] = relationship("MentoringMeeting", back_populates="mentorship", cascade="all, delete-orphan",
                                                              order_by="MentoringMeeting.met_on.desc()")
    ticks: Mapped[list["InductionTick"]] = relationship("InductionTick", back_populates="mentorship", cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        """The state in words."""
        return STATUS_LABELS.get(self.status, self.status)

    def side_of(self, user_id: int) -> str | None:
        """'mentor', 'mentee' or None."""
        if user_id == self.mentor_id:
            return "mentor"
        if user_id == self.mentee_id:
            return "mentee"
        return None


class ClosingFeedback(Model):
    """Each side's closing rating and comment (coded later by the feedback analysis)."""

    __tablename__ = "mentoring_closing_feedback"
    __table_args__ = (UniqueConstraint("relationship_id", "author_id",
                                       name="uq_mentoring_closing_feedback_relationship_id_author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    relationship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    author_side: Mapped[str] = mapped_column(String(10))  # mentor | mentee
    rating: Mapped[int] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    mentorship: Mapped["Mentorship"] = relationship("Mentorship")


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
    # Newcomers the batch left unmatched and why: [{"mentee_id": int, "reason": str}].
    unmatched: Mapped[list] = mapped_column(JSON, default=list)

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
