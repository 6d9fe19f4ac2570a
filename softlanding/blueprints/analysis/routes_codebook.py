"""The codebook: codes and themes, rename, merge, delete with confirmation; a code's extracts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.analysis import codebook, memos
from softlanding.blueprints.analysis import review as analysis_review
from softlanding.blueprints.analysis.blueprint import bp
from softlanding.blueprints.analysis.forms import CodeForm, MemoForm, MergeForm
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.errors import DomainError, NotFound
from softlanding.core.forms import ConfirmForm


def _code_or_404(code_id):
    try:
        return codebook.get_code(code_id)
    except NotFound:
        abort(404)


@bp.route("/codes", methods=["GET", "POST"])
@role_required("organiser")
def codebook_page():
    """The codebook grouped by theme, with a form to add a code or a theme."""
    form = CodeForm().fill_choices()
    if form.validate_on_submit():
        try:
            code = codebook.create_code(current_user, form.name.data, form.definition.data, form.colour.data,
                                        form.parent_id.data, form.is_theme.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash(f"{'Theme' if code.is_theme else 'Code'} “{code.name}” added.", "success")
            return redirect(url_for("analysis.codebook_page"))
    themes, ungrouped, counts = codebook.codebook()
    return render_template("analysis/codebook.html", form=form, themes=themes, ungrouped=ungrouped,
                           counts=counts, colour_class=codebook.colour_class)


@bp.route("/codes/<int:code_id>/edit", methods=["GET", "POST"])
@role_required("organiser")
def edit_code(code_id):
    """Rename a code, change its definition, colour or theme."""
    code = _code_or_404(code_id)
    form = CodeForm(obj=code).fill_choices(exclude_id=code.id)
    form.submit.label.text = "Save changes"
    if form.validate_on_submit():
        try:
            codebook.update_code(code.id, form.name.data, form.definition.data, form.colour.data,
                                 form.parent_id.data, form.is_theme.data)
        except DomainError as error:
            fail(error, form)
            code = _code_or_404(code_id)  # reloaded as saved: the half-made change is rolled back
        else:
            flash("Changes saved.", "success")
            return redirect(url_for("analysis.codebook_page"))
    return render_template("analysis/code_edit.html", form=form, code=code)


@bp.route("/codes/<int:code_id>", methods=["GET", "POST"])
@role_required("organiser")
def code_detail(code_id):
    """A code's (or a theme's) extracts with event and rating, and its memos."""
    form = MemoForm()
    if form.validate_on_submit():
        try:
            memos.add_memo(current_user, form.body.data, code_id=_code_or_404(code_id).id)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Memo added.", "success")
            return redirect(url_for("analysis.code_detail", code_id=code_id))
    try:
        code, pagination, rows = analysis_review.extracts(code_id, page_arg(request))
    except NotFound:
        abort(404)
    return render_template("analysis/code.html", code=code, pagination=pagination, rows=rows, form=form,
                           memos=memos.memos_for(code_id=code.id), colour_class=codebook.colour_class)


@bp.route("/codes/<int:code_id>/merge", methods=["GET", "POST"])
@role_required("organiser")
def merge_code(code_id):
    """Merge this code into another: its codings move there and it is deleted."""
    code = _code_or_404(code_id)
    form = MergeForm()
    form.target_id.choices = [(None, "Choose…")] + [(c.id, c.name) for c in codebook.all_codes()
                                                     if c.id != code.id and c.is_theme == code.is_theme]
    if form.validate_on_submit():
        try:
            target = codebook.get_code(form.target_id.data) if form.target_id.data else None
            if target is None:
                raise NotFound("Choose the code to merge into.", field="target_id")
            moved = codebook.merge_codes(code.id, target.id)
        except DomainError as error:
            fail(error, form)
        else:
            name = target.name
            flash(f"Merged into “{name}”: {moved} coding{'s' if moved != 1 else ''} moved.", "success")
            return redirect(url_for("analysis.codebook_page"))
    return render_template("analysis/code_merge.html", form=form, code=code)


@bp.route("/codes/<int:code_id>/delete", methods=["GET", "POST"])
@role_required("organiser")
def delete_code(code_id):
    """Ask first; then delete the code, its codings and memos."""
    code = _code_or_404(code_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = code.name
        removed = codebook.delete_code(code.id)
        flash(f"Deleted “{name}” and its {removed} coding{'s' if removed != 1 else ''}.", "success")
        return redirect(url_for("analysis.codebook_page"))
    _themes, _ungrouped, counts = codebook.codebook()
    return render_template("analysis/code_delete.html", form=form, code=code, count=counts.get(code.id, 0))
