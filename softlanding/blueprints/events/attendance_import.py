"""Attendance from a Zoom or Teams participant report: matched on email, previewed, then saved.

Nothing is saved by the upload: the host sees who matched (and whether their minutes reach the minimum),
which rows matched nobody, and which rows are ambiguous (no email, but a name shared with people booked),
and only then saves the marks."""

from dataclasses import dataclass, field

from sqlalchemy import select

from softlanding.blueprints.events.models import Booking, Event
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from softlanding.lib.participants import Participant, ReportError, decode, parse_report


@dataclass
class Match:
    """A booked person found in the report."""

    booking: Booking
    minutes: float
    attended: bool


@dataclass
class Preview:
    """What saving the report would do."""

    matched: list[Match] = field(default_factory=list)
    unmatched: list[Participant] = field(default_factory=list)
    ambiguous: list[tuple[Participant, list[Booking]]] = field(default_factory=list)
    missing: list[Booking] = field(default_factory=list)  # booked but not in the report: left as they are

    @property
    def marks(self) -> dict[int, bool]:
        """{booking id: attended} for the matched rows."""
        return {m.booking.id: m.attended for m in self.matched}


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def preview(event: Event, data: bytes, min_minutes: int) -> Preview:
    """Match a participant report against the people booked; raise ValidationError for an unreadable file."""
    try:
        people = parse_report(decode(data))
    except ReportError as error:
        raise ValidationError(str(error), field="report") from error
    booked = list(db.session.scalars(select(Booking).where(Booking.event_id == event.id,
                                                           Booking.status == "booked")))
    by_email = {b.user.email.lower(): b for b in booked}
    by_name: dict[str, list[Booking]] = {}
    for b in booked:
        by_name.setdefault(_name_key(b.user.full_name), []).append(b)
    result = Preview()
    seen: set[int] = set()
    for person in people:
        booking = by_email.get(person.email) if person.email else None
        if booking is not None:
            seen.add(booking.id)
            result.matched.append(Match(booking, round(person.minutes, 1), person.minutes >= min_minutes))
        elif not person.email and (candidates := by_name.get(_name_key(person.name))):
            result.ambiguous.append((person, candidates))
        else:
            result.unmatched.append(person)
    result.missing = [b for b in booked if b.id not in seen]
    result.matched.sort(key=lambda m: m.booking.user.full_name.casefold())
    return result
