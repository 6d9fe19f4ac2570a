"""Memos: edit and delete (earlier wordings kept); the project memo and the reflexive-TA setting."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.analysis import memos, refs
from softlanding.blueprints.analysis.blueprint import bp
from softlanding.blueprints.analysis.forms import MemoForm, ProjectForm
from softlanding.core.access import fail, role_required
from softlanding.core.errors import DomainError, NotFound
from softlanding.core.forms import ConfirmForm


def _where(memo):
    """The page a memo belongs to."""
    if memo.code_id is not None:
        return url_for("analysis.code_detail", code_id=memo.code_id)
    if memo.answer_id is not None:
        return url_for("analysis.text_detail", ref=refs.encode("answer", memo.answer_id))
    if memo.turn_id is not None:
        return url_for("analysis.text_detail", ref=refs.encode("turn", memo.turn_id))
    if memo.checkin_id is not None:
        return url_for("analysis.text_detail", ref=refs.encode("checkin", memo.checkin_id))
    return url_for("analysis.text_detail", ref=refs.encode("closing", memo.closing_feedback_id))


def _memo_or_404(memo_id):
    try:
        return memos.get_memo(memo_id)
    except NotFound:
        abort(404)


@bp.route("/memos/<int:memo_id>/edit", methods=["GET", "POST"])
@role_required("organiser")
def edit_memo(memo_id):
    """Reword a memo; its earlier wordings are listed below the form."""
    memo = _memo_or_404(memo_id)
    form = MemoForm(data={"body": memo.body} if request.method == "GET" else None)
    form.body.label.text = "Memo"
    form.submit.label.text = "Save memo"
    if form.validate_on_submit():
        try:
            memos.edit_memo(current_user, memo.id, form.body.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Memo saved; the earlier wording is kept in its history.", "success")
            return redirect(_where(memo))
    return render_template("analysis/memo_edit.html", form=form, memo=memo, back=_where(memo),
                           history=memos.history(memo.id))


@bp.route("/memos/<int:memo_id>/delete", methods=["GET", "POST"])
@role_required("organiser")
def delete_memo(memo_id):
    """Confirm, then delete a memo (its wording stays in the history)."""
    memo = _memo_or_404(memo_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        back = _where(memo)
        memos.delete_memo(current_user, memo.id)
        flash("Memo deleted.", "success")
        return redirect(back)
    return render_template("analysis/memo_delete.html", form=form, memo=memo, back=_where(memo))


@bp.route("/project", methods=["GET", "POST"])
@role_required("organiser")
def project():
    """The project memo (exported as the project's note) and the reflexive thematic analysis setting."""
    row = memos.project()
    form = ProjectForm(data={"memo": row.memo, "reflexive": row.reflexive} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            memos.save_project(form.memo.data, form.reflexive.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Project settings saved.", "success")
            return redirect(url_for("analysis.project"))
    return render_template("analysis/project.html", form=form)
