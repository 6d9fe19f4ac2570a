"""Organisers: the mentoring dashboard with CSV export, matching settings, batch matching."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.mentoring import batch as mentoring_batch
from softlanding.blueprints.mentoring import dashboard as mentoring_dashboard
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring.blueprint import bp
from softlanding.blueprints.mentoring.forms import CRITERION_LABELS, MUST_HAVE_LABELS, SettingsForm, SwapForm
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.converters import parse_id
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm
from softlanding.core.templating import viewer_timezone
from softlanding.lib.csvsafe import write_csv
from softlanding.lib.matching.criteria import CRITERIA


@bp.get("/organiser")
@role_required("organiser")
def organiser_dashboard():
    """Headline figures and one paged table at a time (waiting, loads, expiring, quiet, active)."""
    table = request.args.get("table", "waiting")
    if table not in mentoring_dashboard.TABLES:
        table = "waiting"
    pagination, extras = mentoring_dashboard.table_page(table, page_arg(request))
    return render_template("mentoring/dashboard.html", table=table, tables=mentoring_dashboard.TABLES,
                           pagination=pagination, extras=extras, overview=mentoring_dashboard.overview())


@bp.get("/organiser/export/<table>.csv")
@role_required("organiser")
def export_csv(table):
    """One dashboard table, whole, as CSV (cells made safe from spreadsheet formulas)."""
    if table not in mentoring_dashboard.TABLES:
        abort(404)
    header, rows = mentoring_dashboard.csv_rows(table, tz=viewer_timezone())
    return Response(write_csv(rows, header), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="mentoring-{table}.csv"'})


@bp.route("/organiser/settings", methods=["GET", "POST"])
@role_required("organiser")
def settings():
    """Weights and must-haves for suggestions and batch matching."""
    form = SettingsForm()
    if form.is_submitted():
        if form.validate():
            floor = None
            try:
                floor = float(form.floor.data)
            except (TypeError, ValueError):
                pass
            weights = {c: getattr(form, f"w_{c}").data for c in CRITERIA}
            try:
                mentoring.update_settings(current_user, weights, form.must_haves.data, floor)
            except DomainError as error:
                fail(error, form)
            else:
                flash("Matching settings saved. Suggestions use them from now on.", "success")
                return redirect(url_for("mentoring.settings"))
    else:
        saved = mentoring.get_settings()
        for c, value in mentoring.effective_weights(saved).items():
            getattr(form, f"w_{c}").data = f"{value:g}"
        form.must_haves.data, form.floor.data = list(saved.must_haves or []), f"{saved.floor:g}"
    return render_template("mentoring/settings.html", form=form, criteria=CRITERIA, labels=CRITERION_LABELS,
                           must_labels=MUST_HAVE_LABELS)


@bp.get("/organiser/batches")
@role_required("organiser")
def batches():
    """Past batches and the button to run a new one."""
    return render_template("mentoring/batches.html", pagination=mentoring_batch.list_batches(page_arg(request)),
                           confirm=ConfirmForm())


@bp.post("/organiser/batches")
@role_required("organiser")
def run_batch():
    """Match every waiting newcomer to the free places; the result is a draft."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    batch = mentoring_batch.run_batch(current_user)
    flash(f"Draft ready: {len(batch.pairs)} pairs for {batch.waiting_count} waiting newcomers.", "success")
    return redirect(url_for("mentoring.batch", batch_id=batch.id))


def _show_batch(batch_id, swap=None, status=200):
    try:
        batch = mentoring_batch.get_batch(batch_id)
    except DomainError:
        abort(404)
    kept = [p for p in batch.pairs if not p.removed]
    swap = swap or SwapForm()
    choices = [(str(p.id), f"{p.mentee.full_name} with {p.mentor.full_name}") for p in kept]
    swap.first.choices, swap.second.choices = choices, choices
    return render_template("mentoring/batch.html", batch=batch, kept=kept, summary=mentoring_batch.summary(batch),
                           swap=swap, confirm=ConfirmForm()), status


@bp.get("/organiser/batches/<int:batch_id>")
@role_required("organiser")
def batch(batch_id):
    """A batch: every pair with score and reasons, the summary, remove and swap."""
    return _show_batch(batch_id)


@bp.post("/organiser/batches/<int:batch_id>/pairs/<int:pair_id>/remove")
@role_required("organiser")
def remove_pair(batch_id, pair_id):
    """Take one pair out of the draft."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        pair = mentoring_batch.remove_pair(current_user, batch_id, pair_id)
    except DomainError as error:
        fail(error)
    else:
        flash(f"Removed {pair.mentee.full_name} with {pair.mentor.full_name} from the draft.", "success")
    return redirect(url_for("mentoring.batch", batch_id=batch_id))


@bp.post("/organiser/batches/<int:batch_id>/swap")
@role_required("organiser")
def swap(batch_id):
    """Exchange the mentors of two pairs in the draft."""
    form = SwapForm()
    if form.validate_on_submit():
        try:
            mentoring_batch.swap_pairs(current_user, batch_id, _int(form.first.data), _int(form.second.data))
        except DomainError as error:
            fail(error, form)
        else:
            flash("Mentors swapped; both pairs are scored again.", "success")
            return redirect(url_for("mentoring.batch", batch_id=batch_id))
    return _show_batch(batch_id, form)


def _int(value):
    return parse_id(value) or -1  # -1 is no pair: the service refuses it with a message


@bp.post("/organiser/batches/<int:batch_id>/publish")
@role_required("organiser")
def publish(batch_id):
    """Send every pair in the draft to both sides as a proposal."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        made, skipped = mentoring_batch.publish(current_user, batch_id)
    except DomainError as error:
        fail(error)
    else:
        flash(f"Published: {made} proposals sent" + (f", {skipped} skipped (no longer possible)." if skipped
                                                     else "."), "success")
    return redirect(url_for("mentoring.batch", batch_id=batch_id))
