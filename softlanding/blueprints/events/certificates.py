"""Certificates of attendance: issued when attendance is saved, downloaded as PDF, checked by their code.

What a certificate shows is fixed when it is issued (name, title, date, hours, host), so the page at
/certificates/<code> shows exactly that and nothing more. Codes are 128-bit random (secrets), so they
cannot be guessed or enumerated. A booking later marked absent keeps its row but the certificate is no
longer valid (the check page says so and the download is refused)."""

import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.events.models_desk import Certificate
from softlanding.core.errors import NotFound
from softlanding.core.extensions import db
from softlanding.core.mailer import external_url
from softlanding.lib.documents import CertificateText, certificate_pdf

CODE_BYTES = 16


def hours_of(event: Event) -> str:
    """The event's length in hours, as CPD certificates print it ("1.5", "2")."""
    hours = round((event.ends_at - event.starts_at).total_seconds() / 3600, 2)
    return f"{hours:g}"


def event_date(starts_at, tz) -> str:
    """The event's date in its own zone, written out ("Tuesday 1 December 2026")."""
    return starts_at.astimezone(ZoneInfo(tz)).strftime("%A %-d %B %Y")


def issue_for_event(event: Event) -> int:
    """A certificate for every attended booking that has none yet; returns how many were issued."""
    have = set(db.session.scalars(select(Certificate.booking_id).join(Booking, Booking.id == Certificate.booking_id)
                                  .where(Booking.event_id == event.id)))
    attended = db.session.scalars(select(Booking).where(
        Booking.event_id == event.id, Booking.status == "booked", Booking.attended.is_(True))).all()
    issued = 0
    for booking in attended:
        if booking.id in have:
            continue
        db.session.add(Certificate(
            booking_id=booking.id, code=secrets.token_hex(CODE_BYTES), attendee_name=booking.user.full_name,
            event_title=event.title, event_starts_at=event.starts_at, event_timezone=event.timezone,
            hours=hours_of(event), host_name=event.host.full_name))
        issued += 1
    db.session.flush()
    return issued


def is_valid(certificate: Certificate) -> bool:
    """Still valid: the booking is still booked and marked attended."""
    booking = certificate.booking
    return booking.status == "booked" and booking.attended is True


def certificate_for(user, event_id: int) -> Certificate | None:
    """This person's valid certificate for the event, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    found = db.session.scalar(select(Certificate).join(Booking, Booking.id == Certificate.booking_id)
                              .where(Booking.event_id == event_id, Booking.user_id == user.id))
    return found if found is not None and is_valid(found) else None


def certified_ids(booking_ids: list[int]) -> set[int]:
    """The bookings among these (attended ones) that hold a certificate, in one query."""
    if not booking_ids:
        return set()
    return set(db.session.scalars(select(Certificate.booking_id).join(Booking, Booking.id == Certificate.booking_id)
                                  .where(Certificate.booking_id.in_(booking_ids), Booking.status == "booked",
                                         Booking.attended.is_(True))))


def by_code(code: str) -> Certificate:
    """The certificate with this code (404 for anything else, including malformed codes)."""
    if not code or len(code) != CODE_BYTES * 2 or not all(c in "0123456789abcdef" for c in code):
        raise NotFound("No certificate has that code.")
    found = db.session.scalar(select(Certificate).where(Certificate.code == code))
    if found is None:
        raise NotFound("No certificate has that code.")
    return found


def text_of(certificate: Certificate) -> CertificateText:
    """What the certificate shows."""
    return CertificateText(
        network=current_app.config["PLATFORM_NAME"], attendee=certificate.attendee_name,
        title=certificate.event_title, date=event_date(certificate.event_starts_at, certificate.event_timezone),
        hours=certificate.hours, host=certificate.host_name, code=certificate.code,
        verify_url=external_url("events.verify_certificate", code=certificate.code))


def fonts_dir() -> Path:
    """The vendored fonts the PDFs use."""
    return Path(current_app.static_folder or "static") / "fonts"


def pdf_bytes(certificate: Certificate) -> bytes:
    """The certificate as a PDF."""
    return certificate_pdf(text_of(certificate), fonts_dir())
