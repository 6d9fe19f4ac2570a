"""The coding workspace: the grid of free-text answers, coding a whole answer or a span, memos.

The other pages of this blueprint (codebook, review, suggestions, exports) are in sibling modules
registered on the same `bp` at the bottom of this file.
"""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from softlanding.blueprints.analysis import blind, choices, codebook, labels, memos, refs
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.blueprint import bp
from softlanding.blueprints.analysis.forms import MemoForm
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.converters import parse_id
from softlanding.core.errors import DomainError, NotFound
from softlanding.core.forms import ConfirmForm

UNDO_KEY = "analysis_undo"  # the ids of the codings the organiser made last, for "Undo"


@bp.context_processor
def analysis_helpers():
    """Labels read once per page (not once per answer) and the code colour classes."""
    return {"lab": labels.labeller(), "colour_class": codebook.colour_class,
            "highlight_class": codebook.highlight_class, "text_ref": refs.encode,
            "blind_hidden": blind.hidden_count, "event_options": choices.event_options}


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
                           choices=choices.filter_choices(), codes=codebook.code_choices(),
                           sources=analysis.SOURCES, progress=analysis.progress(),
                           colour_class=codebook.colour_class, undo=session.get(UNDO_KEY))


def _offset(name):
    value = request.form.get(name, "")
    try:
        return int(value) if value != "" else None
    except ValueError:
        return -1  # refused by the service with a message


def resolve_ref(ref):
    """(kind, id) of a text reference from a URL or form, or a 404 (old integer URLs included)."""
    try:
        return refs.decode(ref)
    except NotFound:
        abort(404)


@bp.post("/texts/<ref>/codings")
@role_required("organiser")
def code_text(ref):
    """Apply codes to a whole text, or to the highlighted span posted as start/end offsets."""
    kind, item_id = resolve_ref(ref)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    # -1 (no such code) for anything that is not an id, so the service refuses it with a message.
    code_ids = [parse_id(v) or -1 for v in request.form.getlist("code_ids")]
    start, end = _offset("start"), _offset("end")
    try:
        passage = request.form.get("passage", "")
        if start is None and passage.strip():  # typed words (no JavaScript, or the keyboard)
            start, end = codebook.locate(analysis.get_item(kind, item_id).text, passage)
        made = codebook.add_codings(current_user, kind, item_id, code_ids, start, end)
    except NotFound:
        abort(404)
    except DomainError as error:
        fail(error)
    else:
        where = "the selected text" if start is not None else "the whole answer"
        flash(f"Coded {where} with {', '.join(c.code.name for c in made)}." if made
              else "Those codes were already on that text.", "success")
        session[UNDO_KEY] = {"ids": [c.id for c in made], "label": ", ".join(c.code.name for c in made),
                             "back": safe_back(url_for("analysis.index"))} if made else None
    return redirect(safe_back(url_for("analysis.index")) + f"#text-{ref}")


@bp.post("/codings/undo")
@role_required("organiser")
def undo_coding():
    """Undo the last coding the organiser made (whatever of it is still there)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    last = session.pop(UNDO_KEY, None) or {}
    ids = [i for i in last.get("ids", []) if isinstance(i, int)]
    removed = codebook.undo_codings(ids)
    flash(f"Undone: removed {removed} coding{'s' if removed != 1 else ''}." if removed
          else "There was nothing left to undo.", "success")
    return redirect(safe_back(url_for("analysis.index")))


@bp.post("/codings/<int:coding_id>/move")
@role_required("organiser")
def move_coding(coding_id):
    """Move a coded passage to another code."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        coding = codebook.move_coding(coding_id, parse_id(request.form.get("code_id")))
    except NotFound:
        abort(404)
    except DomainError as error:
        fail(error)
    else:
        flash(f"Moved the passage to {coding.code.name}.", "success")
    return redirect(safe_back(url_for("analysis.index")))


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


@bp.route("/texts/<ref>", methods=["GET", "POST"])
@role_required("organiser")
def text_detail(ref):
    """One text with its codings (who, when) and memos; add a memo."""
    kind, item_id = resolve_ref(ref)
    try:
        item = analysis.get_item(kind, item_id)
    except NotFound:
        abort(404)
    form = MemoForm()
    if form.validate_on_submit():
        try:
            memos.add_memo(current_user, form.body.data, kind=kind, item_id=item_id)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Memo added.", "success")
            return redirect(url_for("analysis.text_detail", ref=ref))
    return render_template("analysis/text.html", item=item, form=form, codes=codebook.codable_codes(),
                           memos=memos.memos_for(kind=kind, item_id=item_id), confirm=ConfirmForm(),
                           colour_class=codebook.colour_class)
