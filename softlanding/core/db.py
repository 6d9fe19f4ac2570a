"""Shared column types and helpers for models."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy.engine import CursorResult, Dialect, Result
from sqlalchemy.types import DateTime, TypeDecorator

if TYPE_CHECKING:
    from sqlalchemy.orm import DeclarativeBase

    class Model(DeclarativeBase):
        """What type checkers see for db.Model: Flask-SQLAlchemy builds that base at runtime."""

else:
    from softlanding.core.extensions import db

    # Models subclass this name rather than db.Model, which mypy cannot use as a base class.
    Model = db.Model


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def rows_changed(result: Result[Any]) -> int:
    """How many rows an executed UPDATE or DELETE changed.

    Session.execute() is typed as returning a plain Result, but for DML it is a CursorResult.
    """
    return cast(CursorResult[Any], result).rowcount


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite has no time zone type, so values come back naive; this restores UTC on the way out
    and refuses naive datetimes on the way in, so no naive time ever reaches the domain.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Normalise to UTC before storing."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
