"""The events desk's own records: messages sent to attendees, series, certificates and reflections.

Kept apart from models.py (the event, bookings, slots) so the desk's tables are one concern."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, func, literal_column, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.blueprints.events.models import Booking, Event
from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:
    from softlanding.blueprints.accounts.models import User

MESSAGE_AUDIENCES = {"booked": "Everyone booked", "waitlisted": "Everyone on the waitlist",
                     "attended": "Everyone who attended"}
SERIES_FREQUENCIES = {"weekly": "Weekly", "fortnightly": "Fortnightly", "monthly": "Monthly"}


def search_document():
    """The text PostgreSQL full-text search reads for an event (the index and the query use this one form)."""
    return func.to_tsvector(literal_column("'simple'"), Event.title + " " + Event.venue + " " + Event.description_html)


# Full-text index for the listing's search on PostgreSQL only; SQLite searches with LIKE. The expression is
# written as PostgreSQL reports it back, so the migration check compares like with like; PostgreSQL matches
# it to search_document() in queries. An index on an expression does not find its table by itself.
SEARCH_INDEX_SQL = ("to_tsvector('simple'::regconfig, (((title::text || ' '::text) || venue::text) "
                    "|| ' '::text) || description_html)")
SEARCH_INDEX = Index("ix_event_search_fts", text(SEARCH_INDEX_SQL), postgresql_using="gin",
                     _table=Event.__table__).ddl_if(dialect="postgresql")  # type: ignore[arg-type]


class EventMessage(Model):
    """A message a host or organiser sent to the people on an event (through the outbox)."""

    __tablename__ = "event_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    audience: Mapped[str] = mapped_column(String(20))  # a key of MESSAGE_AUDIENCES
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    recipients: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    sender: Mapped["User | None"] = relationship("User", lazy="joined")


class EventSeries(Model):
    """Events made together as a series (weekly, fortnightly or monthly) from one event."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), nullable=True)
    frequency: Mapped[str] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class EventSeriesMember(Model):
    """One event's place in a series (1 is the first)."""

    __tablename__ = "event_series_member"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("event_series.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)


class Certificate(Model):
    """A certificate of attendance: what it shows is fixed when issued, checked by its code."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # unguessable: secrets.token_urlsafe
    attendee_name: Mapped[str] = mapped_column(String(200))
    event_title: Mapped[str] = mapped_column(String(200))
    event_starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    event_timezone: Mapped[str] = mapped_column(String(64))
    hours: Mapped[str] = mapped_column(String(10))  # "1.5": shown as written
    host_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    booking: Mapped["Booking"] = relationship("Booking", lazy="joined")


class Reflection(Model):
    """An attendee's reflection on an event, under the RCPCH ePortfolio's reflective-note headings."""

    __tablename__ = "reflection"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), unique=True)
    learned: Mapped[str] = mapped_column(Text, default="")
    apply: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
