"""Organisers manage one survey: edit it until the first answer, preview it, open it after a confirmation, delete a draft."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.feedback import anonymity, editing, responses, surveys
from softlanding.blueprints.feedback.blueprint import bp
from softlanding.blueprints.feedback.forms import QuestionForm, SurveyEditForm
from softlanding.blueprints.feedback.models import QUESTION_KINDS
from softlanding.blueprints.feedback.results import can_view
from softlanding.blueprints.feedback.routes_question import add_question, edit_question_page
from softlanding.core.access import fail, role_required
from softlanding.core.errors import DomainError, PermissionDenied
from softlanding.core.forms import ConfirmForm


def _survey(survey_id):
    try:
        return surveys.get_survey(survey_id)
    except DomainError as error:
        fail(error)


def _edit_page(survey, form=None, qform=None, status=200):
    if form is None:
        form = SurveyEditForm(obj=survey, formdata=None)
        if survey.closes_at:
            form.closes_on.data = survey.closes_at.date()
    return render_template("feedback/survey_edit.html", survey=survey, form=form,
                           qform=qform or QuestionForm(formdata=None), kinds=QUESTION_KINDS,
                           editable=editing.can_edit(survey), confirm=ConfirmForm()), status


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
@role_required("organiser")
def survey_edit(survey_id):
    """A survey's title, closing, invitation text and questions, changeable until the first response."""
    survey = _survey(survey_id)
    form = SurveyEditForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                editing.update_survey(survey_id, title=form.title.data, invitation_text=form.invitation_text.data or "",
                                      close_after_days=form.close_after_days.data, closes_on=form.closes_on.data)
            except DomainError as error:
                fail(error, form)
            else:
                flash("Survey saved.", "success")
                return redirect(url_for("feedback.survey_edit", survey_id=survey_id))
        return _edit_page(survey, form=form, status=200)
    return _edit_page(survey)


@bp.post("/<int:survey_id>/questions")
@role_required("organiser")
def survey_question_add(survey_id):
    """Add a question to a survey nobody has answered yet."""
    survey = _survey(survey_id)
    return add_question(lambda *fields: editing.add_question(survey_id, *fields),
                        url_for("feedback.survey_edit", survey_id=survey_id),
                        lambda qform: _edit_page(survey, qform=qform))


def _survey_question(survey, question_id):
    for q in survey.questions:
        if q.id == question_id:
            return q
    return None


@bp.route("/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@role_required("organiser")
def survey_question_edit(survey_id, question_id):
    """Change one question of a survey in place (until the first response)."""
    survey = _survey(survey_id)
    return edit_question_page(
        _survey_question(survey, question_id), survey,
        lambda *fields: editing.update_question(survey_id, question_id, *fields),
        url_for("feedback.survey_edit", survey_id=survey_id), editing.can_edit(survey))


@bp.post("/<int:survey_id>/questions/<int:question_id>/delete")
@role_required("organiser")
def survey_question_delete(survey_id, question_id):
    """Remove a question from a survey nobody has answered yet."""
    if not ConfirmForm().validate_on_submit():
        flash("The form had expired. Please try again.", "error")
    else:
        try:
            editing.remove_question(survey_id, question_id)
        except DomainError as error:
            fail(error)
        else:
            flash("Question removed.", "success")
    return redirect(url_for("feedback.survey_edit", survey_id=survey_id) + "#questions")


@bp.route("/<int:survey_id>/delete", methods=["GET", "POST"])
@role_required("organiser")
def survey_delete(survey_id):
    """Delete a survey that was never opened, after a confirmation page."""
    survey = _survey(survey_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            title = editing.delete_survey(survey_id)
        except DomainError as error:
            fail(error)
            return redirect(url_for("feedback.manage"))
        flash(f"Survey “{title}” deleted.", "success")
        return redirect(url_for("feedback.manage"))
    return render_template("feedback/survey_delete.html", survey=survey, confirm=form)


@bp.get("/<int:survey_id>/open")
@role_required("organiser")
def survey_open_confirm(survey_id):
    """The confirmation step before opening: how many people will be invited, and whether it may open."""
    survey = _survey(survey_id)
    size = editing.audience_size(survey)
    too_small = survey.anonymous and size < anonymity.minimum()
    return render_template("feedback/survey_open.html", survey=survey, size=size, too_small=too_small,
                           message=anonymity.too_small_message() if too_small else "", confirm=ConfirmForm())


@bp.get("/<int:survey_id>/preview")
@login_required
def survey_preview(survey_id):
    """The survey as a respondent sees it, for organisers and the event's hosts (nothing can be sent)."""
    survey = _survey(survey_id)
    if not can_view(current_user, survey):
        fail(PermissionDenied("Only organisers and the event's hosts can preview this survey."))
    return render_template("feedback/answer.html", survey=survey, invitation=None, open=True, errors={}, form={},
                           choice_pairs=responses.choice_pairs, preview=True)
