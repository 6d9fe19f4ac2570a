"""Review tables and exports (CSV, REFI-QDA codebook and project)."""

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.analysis import exchange, exchange_import
from softlanding.blueprints.analysis import export as analysis_export
from softlanding.blueprints.analysis import review as analysis_review
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.blueprint import bp
from softlanding.blueprints.analysis.forms import ImportCodebookForm
from softlanding.blueprints.analysis.routes import filter_args
from softlanding.core import audit
from softlanding.core.access import fail, role_required
from softlanding.core.errors import ValidationError


@bp.get("/review")
@role_required("organiser")
def review():
    """Counts of coded answers per theme by event, category and month; which codes occur together."""
    codes, matrix = analysis_review.cooccurrence()
    return render_template("analysis/review.html", counts=analysis_review.theme_counts(), codes=codes,
                           matrix=matrix)


@bp.get("/exports")
@role_required("organiser")
def exports():
    """The export downloads, using the workspace's current filters."""
    return render_template("analysis/exports.html", args=filter_args(),
                           filters=analysis.parse_filters(request.args), sources=analysis.SOURCES)


def _download(body, filename, mimetype):
    audit.record_read("analysis_exported", "export", None, filename.split("-")[1] if "-" in filename else "")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stamp():
    return date.today().isoformat()


@bp.get("/exports/answers.csv")
@role_required("organiser")
def export_answers():
    """Answers with one 0/1 column per code."""
    body = analysis_export.answers_csv(analysis.parse_filters(request.args))
    return _download(body, f"softlanding-answers-{_stamp()}.csv", "text/csv; charset=utf-8")


@bp.get("/exports/quotes.csv")
@role_required("organiser")
def export_quotes():
    """Theme, code, quote, event, date, rating for every coding."""
    return _download(analysis_export.quotes_csv(), f"softlanding-quotes-{_stamp()}.csv", "text/csv; charset=utf-8")


@bp.get("/exports/codebook.qdc")
@role_required("organiser")
def export_codebook():
    """The REFI-QDA codebook."""
    try:
        body = exchange.codebook_qdc()
    except ValidationError as error:
        fail(error)
        return redirect(url_for("analysis.exports"))
    return _download(body, f"softlanding-codebook-{_stamp()}.qdc", "application/xml")


@bp.get("/exports/codebook.csv")
@role_required("organiser")
def export_taguette():
    """The codebook as a CSV Taguette can import (tag, parent, description, number of highlights)."""
    return _download(exchange.taguette_csv(), f"softlanding-codebook-{_stamp()}.csv", "text/csv; charset=utf-8")


@bp.get("/exports/project.qdpx")
@role_required("organiser")
def export_project():
    """The REFI-QDA project: cases, answers as text sources, codings as selections."""
    body = exchange.project_qdpx(analysis.parse_filters(request.args))
    return _download(body, f"softlanding-project-{_stamp()}.qdpx", "application/zip")


@bp.route("/codes/import", methods=["GET", "POST"])
@role_required("organiser")
def import_codebook():
    """Merge a REFI-QDA codebook (.qdc) into ours, by GUID then by name."""
    form = ImportCodebookForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            summary = exchange_import.import_codebook(current_user, upload.read(exchange_import.MAX_BYTES + 1)
                                                      if upload else b"")
        except ValidationError as error:
            fail(error, form)
        else:
            flash(f"Codebook imported: {len(summary.created)} new, {len(summary.by_guid)} matched by GUID, "
                  f"{len(summary.by_name)} matched by name"
                  + (f"; {summary.flattened} codes deeper than two levels joined their theme." if summary.flattened
                     else "."), "success")
            return redirect(url_for("analysis.codebook_page"))
    return render_template("analysis/codebook_import.html", form=form)
