"""What a pair does after the match: messages, concerns, contact choices, planned meetings, check-ins.

Messages, planned meetings and check-in answers belong to the pair: only its two members read them.
A concern is the one thing written for organisers, by the member who reports it.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:  # names for the relationship annotations only; the mapper resolves the strings
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.mentoring.models import Mentorship


class PairMessage(Model):
    """One message in a pair's thread; kept with the pair after it ends."""

    __tablename__ = "mentoring_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True,
                                                  index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)

    author: Mapped["User | None"] = relationship("User")
    mentorship: Mapped["Mentorship"] = relationship("Mentorship")


class ThreadState(Model):
    """Per member of a pair: when they last marked the thread read and were last emailed about it."""

    __tablename__ = "mentoring_thread_state"
    __table_args__ = (UniqueConstraint("mentorship_id", "user_id",
                                       name="uq_mentoring_thread_state_mentorship_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    last_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PairConcern(Model):
    """A safeguarding note a member writes for the organisers, quoting a message only if they chose to."""

    __tablename__ = "mentoring_concern"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    note: Mapped[str] = mapped_column(Text)
    quoted_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_message.id", ondelete="SET NULL"), nullable=True)
    quoted_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    reporter: Mapped["User | None"] = relationship("User")
    mentorship: Mapped["Mentorship"] = relationship("Mentorship")


class ContactChoice(Model):
    """Which contact details a member shares with their mentor or mentees once a pair is active."""

    __tablename__ = "mentoring_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True, index=True)
    share_email: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str] = mapped_column(String(40), default="")
    share_phone: Mapped[bool] = mapped_column(default=False)
    video_link: Mapped[str] = mapped_column(String(500), default="")
    share_video: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class PlannedMeeting(Model):
    """A meeting one side proposes; the other accepts or suggests another time. One calendar UID
    follows the meeting through every new time and its cancellation (SEQUENCE rises each time)."""

    __tablename__ = "mentoring_planned_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    minutes: Mapped[int] = mapped_column(default=60)
    tzid: Mapped[str] = mapped_column(String(60), default="Europe/London")
    mode: Mapped[str] = mapped_column(String(20))
    link: Mapped[str] = mapped_column(String(500), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)  # proposed|accepted|cancelled
    uid: Mapped[str] = mapped_column(String(120), index=True)
    sequence: Mapped[int] = mapped_column(default=0)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    logged_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_meeting.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    proposed_by: Mapped["User | None"] = relationship("User")
    mentorship: Mapped["Mentorship"] = relationship("Mentorship")


class PairCheckin(Model):
    """One side's check-in at one stage (one month, three months, the end)."""

    __tablename__ = "mentoring_checkin"
    __table_args__ = (UniqueConstraint("mentorship_id", "user_id", "stage",
                                       name="uq_mentoring_checkin_mentorship_id_user_id_stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorship.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True,
                                                index=True)
    side: Mapped[str] = mapped_column(String(10))  # mentor | mentee
    stage: Mapped[str] = mapped_column(String(20), index=True)  # month_1 | month_3 | end
    met: Mapped[str] = mapped_column(String(20))  # not_yet | once | monthly | more
    usefulness: Mapped[int] = mapped_column()
    confidence: Mapped[int] = mapped_column()
    problem: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)

    mentorship: Mapped["Mentorship"] = relationship("Mentorship")
