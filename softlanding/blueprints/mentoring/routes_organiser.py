"""Organisers: the mentoring dashboard with CSV export, matching settings, batch matching."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.mentoring import batch as mentoring_batch
from softlanding.blueprints.mentoring import batch_edit, dashboard_tables
from softlanding.blueprints.mentoring import dashboard as mentoring_dashboard
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring.blueprint import bp
from softlanding.blueprints.mentoring.forms import (
    CRITERION_LABELS,
    MUST_HAVE_LABELS,
    AddPairForm,
    SettingsForm,
    SwapForm,
)
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
    if table not in dashboard_tables.TABLES:
        table = "waiting"
    # One url_for a page for the rows' profile links and the tabs (not one a row).
    return render_template("mentoring/dashboard.html", table=table, tables=dashboard_tables.TABLES,
                           pagination=dashboard_tables.table_page(table, page_arg(request)),
                           overview=mentoring_dashboard.overview(),
                           dashboard_url=url_for("mentoring.organiser_dashboard"),
                           profile_url=url_for("profiles.view", user_id=0).removesuffix("0"))


@bp.get("/organiser/export/<table>.csv")
@role_required("organiser")
def export_csv(table):
    """One dashboard table, whole, as CSV (cells made safe from spreadsheet formulas)."""
    if table not in dashboard_tables.TABLES:
        abort(404)
    header, rows = dashboard_tables.csv_rows(table, tz=viewer_timezone())
    return Response(write_csv(rows, header), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="mentoring-{table}.csv"'})


@bp.route("/organiser/settings", methods=["GET", "POST"])
@role_required("organiser")
def settings():
    """Weights and must-haves for suggestions and batch matching."""
    form = SettingsForm()
    if form.is_submitted():
        if form.validate():
            floor = _percent(form.floor.data)
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
        form.must_haves.data, form.floor.data = list(saved.must_haves or []), f"{round(saved.floor * 100, 1):g}"
    return render_template("mentoring/settings.html", form=form, criteria=CRITERIA, labels=CRITERION_LABELS,
                           must_labels=MUST_HAVE_LABELS)


def _percent(text):
    """A typed percentage ('35', '35 %', '35.5%') as a fraction, or None if it is not a number."""
    cleaned = str(text or "").strip().rstrip("%").strip()
    if not cleaned or len(cleaned) > 10:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value / 100 if value == value and abs(value) != float("inf") else None


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


def _show_batch(batch_id, swap=None, add=None, status=200):
    try:
        batch = mentoring_batch.get_batch(batch_id)
    except DomainError:
        abort(404)
    kept = [p for p in batch.pairs if not p.removed]
    removed = [p for p in batch.pairs if p.removed]
    swap = swap or SwapForm()
    choices = [(str(p.id), f"{p.mentee.full_name} with {p.mentor.full_name}") for p in kept]
    swap.first.choices, swap.second.choices = choices, choices
    add = add or AddPairForm()
    newcomers, mentors = batch_edit.add_choices(batch) if batch.status == "draft" else ([], [])
    add.mentee.choices = [("", "Choose a newcomer")] + [(str(u.id), u.full_name) for u in newcomers]
    add.mentor.choices = [("", "Choose a mentor")] + [
        (str(u.id), f"{u.full_name} ({free} place{'s' if free != 1 else ''} left)") for u, free in mentors]
    return render_template("mentoring/batch.html", batch=batch, kept=kept, removed=removed,
                           summary=mentoring_batch.summary(batch), unmatched=mentoring_batch.unmatched_rows(batch),
                           floor=mentoring.get_settings().floor, swap=swap, add=add, confirm=ConfirmForm()), status


@bp.get("/organiser/batches/<int:batch_id>")
@role_required("organiser")
def batch(batch_id):
    """A batch: every pair with score and reasons, the unmatched and why, remove, restore, swap, add."""
    return _show_batch(batch_id)


def _edit(batch_id, action, message):
    """Run one confirmed draft edit; its refusal is flashed with the reason."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        pair = action()
    except DomainError as error:
        fail(error)
    else:
        flash(message(pair), "success")
    return redirect(url_for("mentoring.batch", batch_id=batch_id))


@bp.post("/organiser/batches/<int:batch_id>/pairs/<int:pair_id>/remove")
@role_required("organiser")
def remove_pair(batch_id, pair_id):
    """Take one pair out of the draft."""
    return _edit(batch_id, lambda: batch_edit.remove_pair(current_user, batch_id, pair_id),
                 lambda p: f"Removed {p.mentee.full_name} with {p.mentor.full_name} from the draft. "
                           "You can restore it below.")


@bp.post("/organiser/batches/<int:batch_id>/pairs/<int:pair_id>/restore")
@role_required("organiser")
def restore_pair(batch_id, pair_id):
    """Put a removed pair back into the draft."""
    return _edit(batch_id, lambda: batch_edit.restore_pair(current_user, batch_id, pair_id),
                 lambda p: f"Restored {p.mentee.full_name} with {p.mentor.full_name}.")


@bp.post("/organiser/batches/<int:batch_id>/add")
@role_required("organiser")
def add_pair(batch_id):
    """Pair a waiting newcomer with a mentor by hand."""
    form = AddPairForm()
    if form.validate_on_submit():
        try:
            pair = batch_edit.add_pair(current_user, batch_id, _int(form.mentee.data), _int(form.mentor.data))
        except DomainError as error:
            fail(error, form)
        else:
            flash(f"Added {pair.mentee.full_name} with {pair.mentor.full_name} "
                  f"({mentoring_batch.percent(pair.score)}).", "success")
            return redirect(url_for("mentoring.batch", batch_id=batch_id))
    return _show_batch(batch_id, add=form)


@bp.post("/organiser/batches/<int:batch_id>/swap")
@role_required("organiser")
def swap(batch_id):
    """Exchange the mentors of two pairs in the draft."""
    form = SwapForm()
    if form.validate_on_submit():
        try:
            batch_edit.swap_pairs(current_user, batch_id, _int(form.first.data), _int(form.second.data))
        except DomainError as error:
            fail(error, form)
        else:
            flash("Mentors swapped; both pairs are scored again.", "success")
            return redirect(url_for("mentoring.batch", batch_id=batch_id))
    return _show_batch(batch_id, form)


def _int(value):
    return parse_id(value) or -1  # -1 is no pair: the service refuses it with a message


@bp.get("/organiser/batches/<int:batch_id>/publish")
@role_required("organiser")
def publish_confirm(batch_id):
    """The confirmation step: how many proposals, and how many people will be emailed."""
    try:
        plan = mentoring_batch.publish_plan(batch_id)
    except DomainError as error:
        fail(error)
        return redirect(url_for("mentoring.batch", batch_id=batch_id))
    return render_template("mentoring/publish.html", plan=plan, batch=plan["batch"], confirm=ConfirmForm())


@bp.post("/organiser/batches/<int:batch_id>/publish")
@role_required("organiser")
def publish(batch_id):
    """Send every pair in the draft to both sides as a proposal, one email per person."""
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
