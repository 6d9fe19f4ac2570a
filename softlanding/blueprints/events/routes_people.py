"""The people on an event: writing to them, promoting and removing, attendance at webinar scale."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.events import attendance, messaging
from softlanding.blueprints.events import attendance_import as importer
from softlanding.blueprints.events.access import get_managed_event
from softlanding.blueprints.events.blueprint import bp
from softlanding.blueprints.events.forms_desk import ImportForm, MessageForm, RemoveForm
from softlanding.blueprints.events.models import Booking
from softlanding.core.access import fail, role_required
from softlanding.core.converters import parse_id
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db
from softlanding.core.forms import ConfirmForm

STAFF = ("rep", "organiser")


def _to_attendees(event_id):
    return redirect(url_for("events.attendees", event_id=event_id))


@bp.route("/<int:event_id>/message", methods=["GET", "POST"])
@role_required(*STAFF)
def message(event_id):
    """Write to everyone booked, waiting or who attended; the message is kept on the event."""
    event = get_managed_event(event_id, current_user)
    form = MessageForm()
    counts = messaging.audience_counts(event)
    form.audience.choices = [(key, f"{label} ({counts[key]})") for key, label in form.audience.choices]
    if form.validate_on_submit():
        try:
            sent = messaging.send_message(current_user, event, form.audience.data, form.subject.data, form.body.data)
        except ValidationError as error:
            fail(error, form)
        else:
            flash(f"Message sent to {sent.recipients} {'person' if sent.recipients == 1 else 'people'}.", "success")
            return redirect(url_for("events.message", event_id=event.id))
    return render_template("events/message.html", event=event, form=form, sent=messaging.messages_for(event))


@bp.post("/<int:event_id>/attendees/<int:booking_id>/promote")
@role_required(*STAFF)
def promote(event_id, booking_id):
    """Give a waiting person a place now."""
    event = get_managed_event(event_id, current_user, lock=True)
    try:
        booking = attendance.promote(current_user, event, booking_id)
    except (ValidationError, NotFound) as error:
        fail(error, abort_missing=False)
    else:
        flash(f"{booking.user.full_name} has a place now and has been told.", "success")
    return _to_attendees(event.id)


@bp.route("/<int:event_id>/attendees/<int:booking_id>/remove", methods=["GET", "POST"])
@role_required(*STAFF)
def remove_booking(event_id, booking_id):
    """Confirm, with a reason, taking someone off the event."""
    event = get_managed_event(event_id, current_user, lock=request.method == "POST")
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.event_id != event.id or booking.status == "cancelled":
        fail(NotFound("That person is not on this event."))
    form = RemoveForm()
    if form.validate_on_submit():
        try:
            attendance.remove(current_user, event, booking_id, form.reason.data)
        except ValidationError as error:
            fail(error, form)
        else:
            flash("Removed. They have been emailed the reason; the first person waiting (if any) has the place.",
                  "success")
            return _to_attendees(event.id)
    return render_template("events/remove.html", event=event, booking=booking, form=form)


@bp.post("/<int:event_id>/attendance/all")
@role_required(*STAFF)
def attend_all(event_id):
    """Mark everyone booked and not yet marked as attended (then mark the exceptions absent)."""
    event = get_managed_event(event_id, current_user)
    try:
        changed = attendance.mark_all_attended(current_user, event)
    except ValidationError as error:
        fail(error)
    else:
        flash(f"{changed} marked as attended. Mark anyone who did not come as absent below.", "success")
    return _to_attendees(event.id)


def _marks_from(form_data):
    marks = {}
    for key, value in form_data.items():
        booking_id = parse_id(key[5:]) if key.startswith("mark-") else None
        if booking_id and value in ("yes", "no"):
            marks[booking_id] = value == "yes"
    return marks


@bp.route("/<int:event_id>/attendance/import", methods=["GET", "POST"])
@role_required(*STAFF)
def import_attendance(event_id):
    """Upload a Zoom or Teams report, preview the matches, then save them."""
    event = get_managed_event(event_id, current_user)
    if request.method == "POST" and "save" in request.form:
        confirm = ConfirmForm()
        if confirm.validate_on_submit():
            try:
                changed = attendance.save_marks(current_user, event, _marks_from(request.form))
            except ValidationError as error:
                fail(error)
            else:
                flash(f"Attendance saved from the report ({changed} changed).", "success")
            return _to_attendees(event.id)
    form = ImportForm()
    if request.method == "GET":
        form.min_minutes.data = current_app.config.get("ATTENDANCE_MIN_MINUTES", 30)
    preview = None
    if form.validate_on_submit():
        upload = form.report.data
        data = upload.read() if upload is not None and hasattr(upload, "read") else b""
        if not data:
            form.report.errors = [*form.report.errors, "Choose the report file to upload."]
        else:
            try:
                preview = importer.preview(event, data, form.min_minutes.data)
            except ValidationError as error:
                fail(error, form)
    return render_template("events/import_attendance.html", event=event, form=form, preview=preview,
                           confirm=ConfirmForm())
