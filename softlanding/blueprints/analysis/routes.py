"""The coding workspace: the grid of free-text answers, coding a whole answer or a span, memos.

The other pages of this blueprint (codebook, review, suggestions, exports) are in sibling modules
registered on the same `bp` at the bottom of this file.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.analysis import codebook
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.blueprint import bp
from softlanding.blueprints.analysis.forms import MemoForm
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.converters import parse_id
from softlanding.core.errors import DomainError, NotFound
from softlanding.core.forms import ConfirmForm

KINDS = ("answer", "closing")


@bp.context_processor
def analysis_helpers():
    """Labels read once per page (not once per answer) and the code colour classes."""
    return {"lab": analysis.labeller(), "colour_class": codebook.colour_class}


def safe_back(default):
    """The `back` form field when it is a path inside the analysis area, else `default`."""
    back = request.form.get("back") or ""
    return back if back.startswith("/analysis") and "//" not in back else default


def filter_args():
    """The current filter query arguments (no page), to carry through forms and links."""
    return {k: v for k, v in request.args.items() if k not in ("page", "k") and v}


@bp.get("/")
@role_required("organiser")
def index():
    """The workspace: free-text answers in a grid, filtered, searchable and paged."""
    filters = analysis.parse_filters(request.args)
    pagination, items = analysis.workspace(filters, page_arg(request))
    return render_template("analysis/workspace.html", filters=filters, pagination=pagination, items=items,
                           choices=analysis.filter_choices(), codes=codebook.codable_codes(),
                           sources=analysis.SOURCES, confirm=ConfirmForm(),
                           colour_class=codebook.colour_class)


def _offset(name):
    value = request.form.get(name, "")
    try:
        return int(value) if value != "" else None
    except ValueError:
        return -1  # refused by the service with a message


@bp.post("/texts/<kind>/<int:item_id>/codings")
@role_required("organiser")
def code_text(kind, item_id):
    """Apply codes to a whole text, or to the highlighted span posted as start/end offsets."""
    if kind not in KINDS or not ConfirmForm().validate_on_submit():
        abort(404 if kind not in KINDS else 400)
    # -1 (no such code) for anything that is not an id, so the service refuses it with a message.
    code_ids = [parse_id(v) or -1 for v in request.form.getlist("code_ids")]
    start, end = _offset("start"), _offset("end")
    try:
        made = codebook.add_codings(current_user, kind, item_id, code_ids, start, end)
    except NotFound:
        abort(404)
    except DomainError as error:
        fail(error)
    else:
        where = "the selected text" if start is not None else "the whole answer"
        flash(f"Coded {where} with {', '.join(c.code.name for c in made)}." if made
              else "Those codes were already on that text.", "success")
    return redirect(safe_back(url_for("analysis.index")) + f"#text-{kind}-{item_id}")


@bp.post("/codings/<int:coding_id>/delete")
@role_required("organiser")
def remove_coding(coding_id):
    """Remove one coding."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        coding = codebook.remove_coding(coding_id)
    except NotFound:
        abort(404)
    name = coding.code.name
    flash(f"Removed the code {name}.", "success")
    return redirect(safe_back(url_for("analysis.index")))


@bp.route("/texts/<kind>/<int:item_id>", methods=["GET", "POST"])
@role_required("organiser")
def text_detail(kind, item_id):
    """One text with its codings (who, when) and memos; add a memo."""
    if kind not in KINDS:
        abort(404)
    try:
        item = analysis.get_item(kind, item_id)
    except NotFound:
        abort(404)
    form = MemoForm()
    if form.validate_on_submit():
        try:
            codebook.add_memo(current_user, form.body.data, kind=kind, item_id=item_id)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Memo added.", "success")
            return redirect(url_for("analysis.text_detail", kind=kind, item_id=item_id))
    return render_template("analysis/text.html", item=item, form=form, codes=codebook.codable_codes(),
                           memos=codebook.memos_for(kind=kind, item_id=item_id), confirm=ConfirmForm(),
                           colour_class=codebook.colour_class)
