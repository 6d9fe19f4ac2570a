"""The impact report for funders (page, CSV, PDF), the quotes organisers pin per theme, national figures."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from softlanding.blueprints.feedback import impact, outcomes, pins, report_cache, report_period
from softlanding.blueprints.feedback.blueprint import bp
from softlanding.blueprints.feedback.forms import ReportForm
from softlanding.core import reference
from softlanding.core.access import fail, role_required
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm
from softlanding.lib.charts import Bar, bar_chart


def _range_form():
    form = ReportForm(request.args)
    form.category.choices = [("", "All categories")] + reference.choices("event_category")
    try:
        start, end = report_period.parse_range(request.args.get("start"), request.args.get("end"))
    except DomainError as error:
        getattr(form, error.field or "start").errors = [error.message]
        return form, None
    form.start.data, form.end.data = start.isoformat(), end.isoformat()
    return form, (start, end)


def _report():
    form, dates = _range_form()
    if dates is None:
        return form, None
    try:
        report = impact.build_report(*dates, request.args.get("category", ""), produced_by=current_user.full_name)
    except DomainError as error:
        getattr(form, error.field or "category").errors = [error.message]
        return form, None
    return form, report


def _charts(report):
    charts = {}
    for section in report.sections:
        for i, table in enumerate(section.tables):
            if table.chart_column is None:
                continue
            col = table.chart_column
            bars = [Bar(str(r[0]), r[col] if isinstance(r[col], int) else 0, str(r[col]))
                    for r in table.rows if r[0] != "Total"]
            if any(b.value for b in bars):
                charts[(section.key, i)] = bar_chart(bars, table.caption, f"{table.columns[col]}.",
                                                     chart_id=f"chart-{section.key}-{i}")
    return charts


@bp.get("/report")
@role_required("organiser")
def report():
    """The impact report for funders: a period beside the previous one, small numbers hidden."""
    form, data = _report()
    return render_template("feedback/report.html", form=form, report=data, sections_html=_sections_html(data) if data else "",
                           category_label=reference.label("event_category", data.category) if data and data.category else "")


def _sections_html(data):
    # The sections (tables, charts, quotes, theme links) show nothing personal: rendered once per change.
    def render():
        return Markup(render_template("feedback/_report_sections.html", report=data, charts=_charts(data)))
    return report_cache.kept(report_cache.REPORT, data.start, data.end, data.category, render, variant="html")


def _download(data, kind):
    name = f"impact-{data.start.isoformat()}-{data.end.isoformat()}.{kind}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@bp.get("/report.csv")
@role_required("organiser")
def report_csv():
    """The same report as CSV (cells safe from formula injection)."""
    _form, data = _report()
    if data is None:
        abort(400)
    return Response(impact.report_csv(data), mimetype="text/csv; charset=utf-8", headers=_download(data, "csv"))


@bp.get("/report.pdf")
@role_required("organiser")
def report_pdf_download():
    """The same report as a PDF to hand over: cover, page numbers, sections kept together, vector charts."""
    # Imported here: fpdf2 brings Pillow (and with it numpy), which an idle process should not load.
    from softlanding.blueprints.feedback.report_pdf import report_pdf

    _form, data = _report()
    if data is None:
        abort(400)
    return Response(report_pdf(data, current_app.config["PLATFORM_NAME"]), mimetype="application/pdf",
                    headers=_download(data, "pdf"))


@bp.get("/report/themes/<int:theme_id>")
@role_required("organiser")
def report_theme(theme_id):
    """The coded answers of one theme in the period: pin the ones to quote (only from groups of 8 or more)."""
    _form, dates = _range_form()
    if dates is None:
        abort(400)
    try:
        name, items = pins.candidates(theme_id, *dates)
    except DomainError as error:
        fail(error)
    return render_template("feedback/report_theme.html", theme_id=theme_id, name=name, items=items,
                           start=dates[0], end=dates[1], confirm=ConfirmForm())


def _back_to_theme(theme_id):
    args = {k: request.form.get(k) for k in ("start", "end") if request.form.get(k)}
    return redirect(url_for("feedback.report_theme", theme_id=theme_id, **args))


def _picked(theme_id):
    """The answer id a pin/unpin form names by its opaque token, within the period the page showed."""
    try:
        start, end = report_period.parse_range(request.form.get("start"), request.form.get("end"))
        return pins.resolve(theme_id, (request.form.get("answer") or "")[:64], start, end)
    except DomainError:
        return None


@bp.post("/report/themes/<int:theme_id>/pin")
@role_required("organiser")
def quote_pin(theme_id):
    """Pin one coded answer as a quote for the theme."""
    answer_id = _picked(theme_id)
    if not ConfirmForm().validate_on_submit() or not answer_id:
        flash("Choose the answer to pin.", "error")
        return _back_to_theme(theme_id)
    try:
        pins.pin(current_user, theme_id, answer_id)
    except DomainError as error:
        fail(error)
    else:
        flash("Quote pinned: it appears in the report under this theme.", "success")
    return _back_to_theme(theme_id)


@bp.post("/report/themes/<int:theme_id>/unpin")
@role_required("organiser")
def quote_unpin(theme_id):
    """Take a pinned quote out of the report."""
    answer_id = _picked(theme_id)
    if ConfirmForm().validate_on_submit() and answer_id:
        pins.unpin(theme_id, answer_id)
        flash("Quote unpinned.", "success")
    return _back_to_theme(theme_id)


@bp.route("/report/national", methods=["GET", "POST"])
@role_required("organiser")
def national_figures():
    """The national comparison figures (percentages, with their source) the report shows beside ours."""
    have = outcomes.national_figures()
    errors: dict[str, str] = {}
    values: dict[str, tuple[float | None, str]] = {}
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        for code in outcomes.NATIONAL:
            text = (request.form.get(code) or "").strip().rstrip("%")
            try:
                number = float(text) if text else None
                if number is not None and not 0 <= number <= 100:
                    raise ValueError
            except ValueError:
                errors[code] = "Enter a percentage from 0 to 100, or leave it empty."
                number = None
            values[code] = (number, request.form.get(f"{code}_source", ""))
        if not errors:
            outcomes.save_national_figures(current_user, values)
            flash("National figures saved.", "success")
            return redirect(url_for("feedback.national_figures"))
    return render_template("feedback/national.html", labels=outcomes.NATIONAL, have=have, errors=errors,
                           posted=request.form, confirm=ConfirmForm())
