"""Running events: drafting, editing, review, rescheduling, cancelling, follow-up links."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.events import booking as event_bookings
from softlanding.blueprints.events import followup as event_followup
from softlanding.blueprints.events import lifecycle as events
from softlanding.blueprints.events import manage as event_manage
from softlanding.blueprints.events import slots as event_slots
from softlanding.blueprints.events import team_notices
from softlanding.blueprints.events.access import get_managed_event
from softlanding.blueprints.events.blueprint import bp
from softlanding.blueprints.events.forms import (
    EventForm,
    ReasonForm,
    RecordingForm,
    RescheduleForm,
    ResourceForm,
    ReturnForm,
)
from softlanding.blueprints.events.validation import clean_event_data
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.db import utcnow
from softlanding.core.errors import ValidationError
from softlanding.core.forms import ConfirmForm

STAFF = ("rep", "organiser")


def _event_form(event=None):
    people = [(i, n) for i, n in event_slots.interviewer_choices(event)
              if event is None or i != event.host_id]
    return EventForm().fill_choices(people)


@bp.get("/manage")
@role_required(*STAFF)
def manage():
    """Events I host (any status); organisers also see what waits for review."""
    per_page = current_app.config["ITEMS_PER_PAGE"]
    hosted = event_manage.hosted(current_user, page=page_arg(request), per_page=per_page)
    review = event_manage.waiting_review() if current_user.is_organiser else None
    return render_template("events/manage.html", hosted=hosted, review=review, confirm=ConfirmForm())


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new():
    """Draft a new event; nothing typed is lost on an error."""
    form = _event_form()
    if form.is_submitted():
        valid = form.validate()
        try:
            if valid:
                event = events.create_event(current_user, form.to_data())
            else:
                # The form's own checks failed: the service's checks still run, so every problem shows at once.
                clean_event_data(form.to_data(), utcnow())
        except ValidationError as error:
            fail(error, form)
        else:
            if valid:
                flash("Draft saved. Submit it for review when it is ready.", "success")
                return redirect(url_for("events.detail", event_id=event.id))
    else:
        form.timezone.data = current_user.timezone
        form.format.data = "online"
    return render_template("events/form.html", form=form, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(event_id):
    """Edit an event: hosts while it is a draft or submitted, organisers at any time."""
    event = get_managed_event(event_id, current_user)
    if event.status == "cancelled" or not (current_user.is_organiser or event.status in ("draft", "submitted")):
        abort(403)
    if (refused := _refuse_if_started(event)) is not None:
        return refused
    form = _event_form(event)
    if form.is_submitted():
        valid = form.validate()
        try:
            if valid:
                events.update_event(current_user, event, form.to_data())
            else:
                clean_event_data(form.to_data(), utcnow(), check_past=False)  # every problem at once
        except ValidationError as error:
            fail(error, form)
        else:
            if valid:
                flash("Event saved.", "success")
                return redirect(url_for("events.detail", event_id=event.id))
    else:
        form.load(events.form_values(event))
    return render_template("events/form.html", form=form, event=event)


@bp.post("/<int:event_id>/submit")
@role_required(*STAFF)
def submit(event_id):
    """A host submits the draft for review."""
    event = get_managed_event(event_id, current_user)
    _run(lambda: events.submit(current_user, event), "Submitted. An organiser will review it.")
    return redirect(url_for("events.detail", event_id=event.id))


@bp.post("/<int:event_id>/publish")
@role_required("organiser")
def publish(event_id):
    """An organiser publishes the event."""
    event = get_managed_event(event_id, current_user)
    _run(lambda: events.publish(current_user, event), "Published. Members can now book.")
    return redirect(url_for("events.detail", event_id=event.id))


@bp.route("/<int:event_id>/return", methods=["GET", "POST"])
@role_required("organiser")
def return_event(event_id):
    """An organiser returns a submitted event to its host with a comment."""
    event = get_managed_event(event_id, current_user)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            events.return_to_host(current_user, event, form.comment.data)
        except ValidationError as error:
            fail(error, form)
        else:
            flash("Returned to the host with your comment.", "success")
            return redirect(url_for("events.manage"))
    return render_template("events/reason.html", form=form, event=event, title="Return to host",
                           field_name="comment")


@bp.route("/<int:event_id>/reschedule", methods=["GET", "POST"])
@role_required(*STAFF)
def reschedule(event_id):
    """Hosts and organisers move the event or change its place; attendees are told."""
    event = get_managed_event(event_id, current_user)
    if event.status != "published":
        abort(409)
    if (refused := _refuse_if_started(event)) is not None:
        return refused
    form = RescheduleForm().fill_time_place()
    if form.is_submitted():
        if form.validate():
            try:
                events.reschedule(current_user, event, form.to_data())
            except ValidationError as error:
                fail(error, form)
            else:
                flash("Rescheduled. Everyone booked has been told.", "success")
                return redirect(url_for("events.detail", event_id=event.id))
    else:
        values = events.form_values(event)
        for name in ("starts_at", "ends_at", "timezone", "format", "venue", "join_link"):
            getattr(form, name).data = values[name]
    return render_template("events/reschedule.html", form=form, event=event)


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@role_required(*STAFF)
def cancel(event_id):
    """Hosts and organisers cancel the event with a reason."""
    event = get_managed_event(event_id, current_user)
    if event.status == "cancelled":
        abort(409)
    if (refused := _refuse_if_started(event)) is not None:
        return refused
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            events.cancel(current_user, event, form.reason.data)
        except ValidationError as error:
            fail(error, form)
        else:
            flash("The event is cancelled. Everyone booked has been told.", "success")
            return redirect(url_for("events.detail", event_id=event.id))
    return render_template("events/reason.html", form=form, event=event, title="Cancel this event",
                           field_name="reason", booked=event_bookings.booked_count(event.id),
                           waiting=event_bookings.waiting_count(event.id),
                           team=len(team_notices.team(event)))


@bp.route("/<int:event_id>/restore", methods=["GET", "POST"])
@role_required("organiser")
def restore(event_id):
    """An organiser confirms undoing a cancellation; everyone still booked or waiting is told."""
    event = get_managed_event(event_id, current_user)
    if event.status != "cancelled":
        abort(409)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            events.restore(current_user, event)
        except ValidationError as error:
            fail(error)
        else:
            flash("The event is back on. Everyone still booked or waiting has been told." if event.published_at
                  else "The event is a draft again.", "success")
        return redirect(url_for("events.detail", event_id=event.id))
    return render_template("events/restore.html", form=form, event=event, started=event.starts_at <= utcnow())


@bp.route("/<int:event_id>/follow-up", methods=["GET", "POST"])
@role_required(*STAFF)
def follow_up(event_id):
    """After the event: the recording link, resource links and who sees them."""
    event = get_managed_event(event_id, current_user)
    form, resource_form = RecordingForm(prefix="rec"), ResourceForm(prefix="res")
    if request.method == "POST":
        adding = "res-submit" in request.form
        target = resource_form if adding else form
        if target.validate():
            try:
                if adding:
                    event_followup.add_resource(current_user, event, resource_form.label.data, resource_form.url.data)
                else:
                    event_followup.set_recording(current_user, event, form.recording_url.data,
                                                 form.resources_public.data)
            except ValidationError as error:
                fail(error, target)
            else:
                flash("Saved.", "success")
                return redirect(url_for("events.follow_up", event_id=event.id))
    else:
        form.recording_url.data = event.recording_url
        form.resources_public.data = event.resources_public
    return render_template("events/follow_up.html", event=event, form=form, resource_form=resource_form,
                           confirm=ConfirmForm(), now=utcnow())


@bp.post("/<int:event_id>/resources/<int:resource_id>/delete")
@role_required(*STAFF)
def delete_resource(event_id, resource_id):
    """Remove one resource link."""
    event = get_managed_event(event_id, current_user)
    event_followup.delete_resource(current_user, event, resource_id)
    flash("Link removed.", "success")
    return redirect(url_for("events.follow_up", event_id=event.id))


def _refuse_if_started(event):
    """A redirect with the reason when the event has started, else None."""
    try:
        events.check_not_started(event)
    except ValidationError as error:
        fail(error)
        return redirect(url_for("events.detail", event_id=event.id))
    return None


def _run(action, success):
    """Run a state change; flash its domain error instead of failing the request."""
    try:
        action()
    except ValidationError as error:
        fail(error)
    else:
        flash(success, "success")
