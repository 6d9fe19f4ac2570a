"""The period an impact report covers: parsed from what an organiser typed, and the previous period of
the same length that the report stands beside."""

from datetime import date, timedelta

from softlanding.core.converters import MAX_YEAR, MIN_YEAR, sane_year
from softlanding.core.db import utcnow
from softlanding.core.errors import ValidationError


def parse_range(start_text: str | None, end_text: str | None, today: date | None = None) -> tuple[date, date]:
    """(start, end) dates from text; defaults to the last 12 months; errors name the field."""
    today = today or utcnow().date()
    try:
        start = date.fromisoformat(start_text) if start_text else today - timedelta(days=365)
    except ValueError:
        raise ValidationError("Enter the start date as YYYY-MM-DD.", field="start") from None
    try:
        end = date.fromisoformat(end_text) if end_text else today
    except ValueError:
        raise ValidationError("Enter the end date as YYYY-MM-DD.", field="end") from None
    for value, name in ((start, "start"), (end, "end")):
        if not sane_year(value.year):
            raise ValidationError(f"Enter a date between {MIN_YEAR} and {MAX_YEAR}.", field=name)
    if end < start:
        raise ValidationError("The end date must be on or after the start date.", field="end")
    if (end - start).days > 3650:
        raise ValidationError("Choose a period of at most ten years.", field="start")
    return start, end


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before `start`."""
    length = end - start
    prev_end = start - timedelta(days=1)
    return prev_end - length, prev_end
