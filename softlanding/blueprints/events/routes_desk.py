"""The events desk (organisers): the table of every event with CSV, copying an event, making a series."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.events import copying
from softlanding.blueprints.events import desk as event_desk
from softlanding.blueprints.events.access import get_managed_event
from softlanding.blueprints.events.blueprint import bp
from softlanding.blueprints.events.forms_desk import SeriesForm
from softlanding.blueprints.events.models_desk import SERIES_FREQUENCIES
from softlanding.core import reference
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.errors import ValidationError
from softlanding.core.forms import ConfirmForm
from softlanding.core.templating import viewer_timezone

STAFF = ("rep", "organiser")
FILTER_ARGS = ("q", "status", "category", "from", "to", "host", "sort", "dir")
COLUMNS = [("title", "Event"), ("status", "State"), ("category", "Category"), ("starts", "Starts"),
           ("host", "Host"), ("places", "Places"), ("booked", "Booked"), ("waitlisted", "Waitlisted"),
           ("attended", "Attended")]


@bp.get("/desk")
@role_required("organiser")
def desk():
    """Every event in one table: filter, sort, page, download."""
    filters = event_desk.parse_filters(request.args)
    tz = viewer_timezone()
    page = event_desk.desk_page(filters, tz, page_arg(request), current_app.config["ITEMS_PER_PAGE"])
    kept = {k: v for k, v in request.args.items() if k in FILTER_ARGS and v}
    return render_template("events/desk.html", page=page, filters=filters, columns=COLUMNS,
                           csv_url=url_for("events.desk_csv", **kept),
                           statuses=event_desk.STATUS_LABELS, categories=reference.choices("event_category"),
                           confirm=ConfirmForm())


@bp.get("/desk.csv")
@role_required("organiser")
def desk_csv():
    """The filtered desk table, every row, as CSV."""
    tz = viewer_timezone()
    body = event_desk.desk_csv(event_desk.parse_filters(request.args), tz)
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="events-desk.csv"'})


@bp.post("/<int:event_id>/copy")
@role_required(*STAFF)
def copy_event(event_id):
    """A new draft like this event, a week on; the host edits the date and details before review."""
    event = get_managed_event(event_id, current_user)
    copy = copying.copy_event(current_user, event)
    flash("A draft copy is made, a week on. Check the date, add the join link and submit it for review.", "success")
    return redirect(url_for("events.edit", event_id=copy.id))


@bp.route("/<int:event_id>/series", methods=["GET", "POST"])
@role_required(*STAFF)
def series(event_id):
    """Repeat the event weekly, fortnightly or monthly as drafts, and list the series it belongs to."""
    event = get_managed_event(event_id, current_user)
    form = SeriesForm()
    if form.validate_on_submit():
        try:
            made = copying.create_series(current_user, event, form.frequency.data, form.count.data)
        except ValidationError as error:
            fail(error, form)
        else:
            flash(f"{len(made)} draft(s) made. Review each one, then submit or publish it.", "success")
            return redirect(url_for("events.series", event_id=event.id))
    found = copying.series_of(event.id)
    return render_template("events/series.html", event=event, form=form, series=found,
                           frequencies=SERIES_FREQUENCIES, statuses=event_desk.STATUS_LABELS)
