"""Events and webinars: the event, its co-hosts, bookings, mock-interview slots and resources."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:  # names for the relationship annotations only; the mapper resolves the strings
    from softlanding.blueprints.accounts.models import User

EVENT_STATUSES = ("draft", "submitted", "published", "cancelled")
EVENT_FORMATS = {"online": "Online", "in_person": "In person", "hybrid": "Hybrid"}
BOOKING_STATUSES = ("booked", "waitlisted", "cancelled")
# access.public_clause() as SQL text, for the partial index the public listing reads (the listing writes the
# same terms with literal values, so both databases can see the query implies the index's predicate).
PUBLIC_SQL = "status = 'published' OR (status = 'cancelled' AND published_at IS NOT NULL)"


class Event(Model):
    """A webinar, workshop, mock-interview session or induction day."""

    __tablename__ = "event"
    # The listing's page of ids, its deep pages and its count are read from this index alone: public events
    # only, in listing order, with ends_at to tell upcoming from past, and the predicate's own columns so that
    # SQLite too sees the index as covering.
    __table_args__ = (Index("ix_event_public_listing", "starts_at", "id", "ends_at", "status", "published_at",
                            postgresql_where=text(PUBLIC_SQL), sqlite_where=text(PUBLIC_SQL)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40), index=True)  # ref list event_category
    exam_component: Mapped[str | None] = mapped_column(String(40), nullable=True)  # mrcpch_component
    interview_level: Mapped[str | None] = mapped_column(String(40), nullable=True)  # interview_level
    description_html: Mapped[str] = mapped_column(Text, default="")  # bleach-cleaned on save
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")  # host's zone (TZID)
    format: Mapped[str] = mapped_column(String(20), default="online")
    venue: Mapped[str] = mapped_column(String(300), default="")
    join_link: Mapped[str] = mapped_column(String(500), default="")  # private: attendees only
    capacity: Mapped[int | None] = mapped_column(nullable=True)
    career_stages: Mapped[list] = mapped_column(JSON, default=list)
    mwres_indicators: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    host_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"), index=True)
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE: rises on time/place/status
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    resources_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    host: Mapped["User"] = relationship("User", foreign_keys=[host_id], lazy="joined")
    cohosts: Mapped[list["EventHost"]] = relationship("EventHost", cascade="all, delete-orphan", lazy="selectin",
                                                      back_populates="event")
    bookings: Mapped[list["Booking"]] = relationship("Booking", cascade="all, delete-orphan", lazy="raise_on_sql",
                                                     back_populates="event")
    slots: Mapped[list["InterviewSlot"]] = relationship("InterviewSlot", cascade="all, delete-orphan", lazy="selectin",
                                                        back_populates="event", order_by="InterviewSlot.starts_at")
    resources: Mapped[list["EventResource"]] = relationship("EventResource", cascade="all, delete-orphan", lazy="selectin",
                                                            back_populates="event")


class EventHost(Model):
    """A co-host of an event (the main host is Event.host)."""

    __tablename__ = "event_host"
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_event_host_event_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    event: Mapped["Event"] = relationship("Event", back_populates="cohosts")
    user: Mapped["User"] = relationship("User", lazy="joined")


class Booking(Model):
    """One person's place (or waitlist position) on one event."""

    __tablename__ = "booking"
    # The impact report counts attended bookings by event and by person, twice a report (this period and
    # the previous one); without the partial index every count read all 100,000 bookings. Only attendances,
    # a small share of bookings, are in it, so it costs booking writes little.
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_booking_event_id_user_id"),
                      Index("ix_booking_attended_event_user", "event_id", "user_id",
                            postgresql_where=text("status = 'booked' AND attended IS true"),
                            sqlite_where=text("status = 'booked' AND attended IS true")))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="booked", index=True)
    attended: Mapped[bool | None] = mapped_column(nullable=True)  # None until the host takes attendance
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)  # waitlist order
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Hours-before-start of the last reminder sent (24, then 1); claimed with a conditional UPDATE
    # so two job runners never both send the same reminder.
    reminded_hours: Mapped[int | None] = mapped_column(nullable=True)
    # Added to Event.sequence in this person's calendar invitations; rises when they cancel or book
    # again, so each invitation or cancellation outranks the one before it (see calendar/invites.py).
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    event: Mapped["Event"] = relationship("Event", back_populates="bookings")
    user: Mapped["User"] = relationship("User", lazy="joined")


class InterviewSlot(Model):
    """A one-to-one mock-interview slot within an event; one slot per newcomer per event."""

    __tablename__ = "interview_slot"
    __table_args__ = (
        UniqueConstraint("event_id", "booked_by_id", name="uq_interview_slot_event_id_booked_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    length_minutes: Mapped[int] = mapped_column(default=30)
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    event: Mapped["Event"] = relationship("Event", back_populates="slots")
    interviewer: Mapped["User"] = relationship("User", foreign_keys=[interviewer_id], lazy="joined")
    booked_by: Mapped["User | None"] = relationship("User", foreign_keys=[booked_by_id], lazy="joined")


class EventResource(Model):
    """A link shared after an event (slides, reading); the recording lives on Event."""

    __tablename__ = "event_resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))

    event: Mapped["Event"] = relationship("Event", back_populates="resources")
