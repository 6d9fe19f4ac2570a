"""Booking places and interview slots; the hosts' roster, attendance and CSV export."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.events import access as events
from softlanding.blueprints.events import attendance
from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import slots as event_slots
from softlanding.blueprints.events.blueprint import bp
from softlanding.blueprints.events.forms import SlotForm
from softlanding.blueprints.events.visibility import attendee_fields
from softlanding.core.access import fail, role_required
from softlanding.core.converters import parse_id
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, ValidationError
from softlanding.core.forms import ConfirmForm
from softlanding.core.templating import viewer_timezone

STAFF = ("rep", "organiser")


def _back(event_id):
    return redirect(url_for("events.detail", event_id=event_id))


@bp.post("/<int:event_id>/book")
@login_required
def book(event_id):
    """Book a place, or join the waitlist if the event is full."""
    try:
        booking = bookings.book(current_user, event_id)
    except (ValidationError, Conflict) as error:
        fail(error)
        return _back(event_id)
    if booking.status == "booked":
        flash("You are booked. We have emailed you a calendar file.", "success")
    else:
        flash("The event is full: you are on the waitlist. We will email you if a place comes free.", "success")
    return _back(event_id)


@bp.get("/<int:event_id>/cancel-booking")
@login_required
def confirm_cancel_booking(event_id):
    """Say what cancelling my booking will do, before it is done (works without JavaScript)."""
    event = events.get_event(event_id, current_user)
    booking = bookings.booking_for(current_user, event.id)
    active = booking is not None and booking.status != "cancelled"
    return render_template("events/cancel_booking.html", event=event, booking=booking if active else None,
                           slot=event_slots.my_slot(current_user, event), started=event.starts_at <= utcnow(),
                           waiting=bookings.waiting_count(event.id), form=ConfirmForm())


@bp.post("/<int:event_id>/cancel-booking")
@login_required
def cancel_booking(event_id):
    """Cancel my booking (or leave the waitlist)."""
    try:
        bookings.cancel_booking(current_user, event_id)
    except ValidationError as error:
        fail(error)
        return _back(event_id)
    flash("Your booking is cancelled.", "success")
    return _back(event_id)


@bp.route("/<int:event_id>/attendees", methods=["GET", "POST"])
@role_required(*STAFF)
def attendees(event_id):
    """Who is booked and waiting; after the start, mark attendance."""
    event = events.get_managed_event(event_id, current_user)
    if request.method == "POST":
        marks = {}
        for key, value in request.form.items():
            booking_id = parse_id(key[9:]) if key.startswith("attended-") else None
            if booking_id and value in ("yes", "no"):
                marks[booking_id] = value == "yes"
        try:
            changed = attendance.save_marks(current_user, event, marks)  # also issues certificates
        except ValidationError as error:
            fail(error)
        else:
            flash(f"Attendance saved ({changed} changed).", "success")
        return redirect(url_for("events.attendees", event_id=event.id))
    rows = bookings.roster(event)
    return render_template("events/attendees.html", event=event, rows=rows, totals=attendance.totals(rows),
                           shown={b.id: attendee_fields(current_user, b.user) for b in rows},
                           started=event.starts_at <= utcnow(), confirm=ConfirmForm())


@bp.get("/<int:event_id>/attendees.csv")
@role_required(*STAFF)
def export_csv(event_id):
    """The roster as a CSV download."""
    event = events.get_managed_event(event_id, current_user)
    body = bookings.roster_csv(current_user, event, viewer_timezone())
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="event-{event.id}-attendees.csv"'})


@bp.route("/<int:event_id>/slots", methods=["GET", "POST"])
@role_required(*STAFF)
def slots(event_id):
    """Hosts offer one-to-one mock-interview slots."""
    event = events.get_managed_event(event_id, current_user)
    form = SlotForm()
    form.interviewer_id.choices = event_slots.interviewer_choices(event)
    if form.is_submitted():
        if form.validate():
            try:
                added = event_slots.add_slots(current_user, event, form.interviewer_id.data, form.starts_at.data,
                                              form.length_minutes.data, form.count.data)
            except ValidationError as error:
                fail(error, form)
            else:
                flash(f"{len(added)} slot(s) added.", "success")
                return redirect(url_for("events.slots", event_id=event.id))
    else:
        form.interviewer_id.data = current_user.id
    return render_template("events/slots.html", event=event, form=form, confirm=ConfirmForm())


@bp.get("/slots/<int:slot_id>/delete")
@role_required(*STAFF)
def confirm_delete_slot(slot_id):
    """Say what removing a slot will do (the interviewer is told), before it is done."""
    event = events.get_managed_event(event_slots.slot_event_id(slot_id), current_user)
    slot = next((s for s in event.slots if s.id == slot_id), None)
    if slot is None:
        abort(404)
    return render_template("events/delete_slot.html", event=event, slot=slot, form=ConfirmForm())


@bp.post("/slots/<int:slot_id>/delete")
@role_required(*STAFF)
def delete_slot(slot_id):
    """Remove an unbooked slot."""
    event_id = event_slots.slot_event_id(slot_id)
    try:
        event_slots.delete_slot(current_user, slot_id)
    except ValidationError as error:
        fail(error)
    else:
        flash("Slot removed.", "success")
    return redirect(url_for("events.slots", event_id=event_id))


@bp.post("/slots/<int:slot_id>/book")
@login_required
def book_slot(slot_id):
    """Book one interview slot."""
    event_id = event_slots.slot_event_id(slot_id)
    try:
        event_slots.book_slot(current_user, slot_id)
    except (ValidationError, Conflict) as error:
        fail(error)
        return _back(event_id)
    flash("Your interview slot is booked.", "success")
    return _back(event_id)


@bp.post("/slots/<int:slot_id>/cancel")
@login_required
def cancel_slot(slot_id):
    """Give my interview slot back."""
    event_id = event_slots.slot_event_id(slot_id)
    try:
        event_slots.cancel_slot(current_user, slot_id)
    except ValidationError as error:
        fail(error)
        return _back(event_id)
    flash("Your interview slot is cancelled.", "success")
    return _back(event_id)
