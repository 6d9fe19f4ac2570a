"""Organisers: survey templates (copy, rename, add, remove, reorder questions) and surveys (create, open, close)."""

from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.feedback import anonymity, desk, surveys
from softlanding.blueprints.feedback import survey_templates as templates
from softlanding.blueprints.feedback.blueprint import bp
from softlanding.blueprints.feedback.forms import QuestionForm, SurveyForm, TemplateForm
from softlanding.blueprints.feedback.models import QUESTION_KINDS
from softlanding.blueprints.feedback.routes_question import add_question, edit_question_page
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.converters import parse_id
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm
from softlanding.core.templating import viewer_timezone

# A survey id no real survey has: built into each desk action's URL once, then replaced by each row's id.
_MARK = 987654321
DESK_ACTIONS = ("results", "preview", "edit", "open_confirm", "delete", "close")


def _confirmed():
    if not ConfirmForm().validate_on_submit():
        abort(400)


@bp.get("/templates")
@role_required("organiser")
def template_list():
    """Every template; the default one is copied to be edited."""
    items = templates.list_templates()
    return render_template("feedback/templates.html", templates=items, confirm=ConfirmForm())


@bp.post("/templates/<int:template_id>/copy")
@role_required("organiser")
def template_copy(template_id):
    """Copy a template, then edit the copy."""
    _confirmed()
    try:
        copy = templates.copy_template(template_id, current_user)
    except DomainError as error:
        fail(error)
        return redirect(url_for("feedback.template_list"))
    flash("Template copied: you can now change its questions.", "success")
    return redirect(url_for("feedback.template_edit", template_id=copy.id))


@bp.post("/templates/blank")
@role_required("organiser")
def template_blank():
    """Start a template with no questions."""
    _confirmed()
    template = templates.blank_template(current_user)
    flash("Blank template made: name it and add its questions.", "success")
    return redirect(url_for("feedback.template_edit", template_id=template.id))


@bp.route("/templates/<int:template_id>/questions/<int:question_id>", methods=["GET", "POST"])
@role_required("organiser")
def template_question_edit(template_id, question_id):
    """Change one question of a template in place."""
    try:
        template = templates.get_template(template_id)
    except DomainError as error:
        fail(error)
    return edit_question_page(
        next((q for q in template.questions if q.id == question_id), None), template,
        lambda *fields: templates.update_question(template_id, question_id, *fields),
        url_for("feedback.template_edit", template_id=template_id), not template.is_default)


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@role_required("organiser")
def template_edit(template_id):
    """A template's questions; rename it (POST), with the add-question form below."""
    try:
        template = templates.get_template(template_id)
    except DomainError as error:
        fail(error)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        try:
            templates.rename_template(template_id, form.name.data, form.description.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Template saved.", "success")
            return redirect(url_for("feedback.template_edit", template_id=template_id))
    return _edit_page(template, form=form, qform=QuestionForm(formdata=None))


def _edit_page(template, form=None, qform=None):
    return render_template("feedback/template_edit.html", template=template,
                           form=form or TemplateForm(obj=template, formdata=None),
                           qform=qform or QuestionForm(formdata=None), confirm=ConfirmForm(), kinds=QUESTION_KINDS)


@bp.post("/templates/<int:template_id>/questions")
@role_required("organiser")
def question_add(template_id):
    """Add a question at the end; mistakes are shown next to the field, with what was typed kept."""
    try:
        template = templates.get_template(template_id)
    except DomainError as error:
        fail(error)
    return add_question(lambda *fields: templates.add_question(template_id, *fields),
                        url_for("feedback.template_edit", template_id=template_id),
                        lambda qform: _edit_page(template, qform=qform))


@bp.post("/templates/<int:template_id>/questions/<int:question_id>/move")
@role_required("organiser")
def question_move(template_id, question_id):
    """Move a question up or down (direction=up|down)."""
    _confirmed()
    try:
        templates.move_question(template_id, question_id, request.form.get("direction", "down"))
    except DomainError as error:
        fail(error)
    return redirect(url_for("feedback.template_edit", template_id=template_id) + "#questions")


@bp.post("/templates/<int:template_id>/questions/<int:question_id>/delete")
@role_required("organiser")
def question_delete(template_id, question_id):
    """Remove a question from a template."""
    _confirmed()
    try:
        templates.remove_question(template_id, question_id)
    except DomainError as error:
        fail(error)
    else:
        flash("Question removed.", "success")
    return redirect(url_for("feedback.template_edit", template_id=template_id) + "#questions")


@bp.get("/manage")
@role_required("organiser")
def manage():
    """Every survey with its status and how many answered, paged."""
    status = request.args.get("status", "")
    pagination = desk.desk_page(page_arg(request), status=status)
    return render_template("feedback/manage.html", pagination=pagination, status=status, links=_desk_links(),
                           tz=viewer_timezone(), confirm=ConfirmForm(), minimum=anonymity.minimum())


class _SurveyLink:
    """One desk action's URL for any survey: url_for once per page, not once per row and action (20 × 5)."""

    def __init__(self, endpoint):
        self.head, _, self.tail = url_for(endpoint, survey_id=_MARK).rpartition(str(_MARK))

    def __call__(self, survey_id):
        return f"{self.head}{int(survey_id)}{self.tail}"


def _desk_links():
    return SimpleNamespace(**{name: _SurveyLink(f"feedback.survey_{name}") for name in DESK_ACTIONS})


@bp.route("/new", methods=["GET", "POST"])
@role_required("organiser")
def survey_new():
    """Create a survey for an event's attendees or for a group of members."""
    form = SurveyForm()
    existing = None
    form.fill(templates.list_templates(), surveys.event_choices())
    if request.method == "GET" and parse_id(request.args.get("event_id")):
        form.event_id.data = parse_id(request.args.get("event_id"))
    if form.validate_on_submit():
        try:
            surveys.create_survey(
                current_user, title=form.title.data, template_id=form.template_id.data,
                event_id=form.event_id.data or None, audience=form.audience.data,
                audience_filter={"roles": form.roles.data, "career_stages": form.career_stages.data,
                                 "regions": form.regions.data},
                anonymous=form.anonymous.data, close_after_days=form.close_after_days.data,
                open_on_event_end=form.open_on_event_end.data, purpose=form.purpose.data or "feedback",
                followup_weeks=form.followup_weeks.data)
        except surveys.DuplicateSurvey as error:
            fail(error, form)
            existing = error.survey_id
        except DomainError as error:
            fail(error, form)
        else:
            flash("Survey created. It opens when the event ends, or open it now.", "success")
            return redirect(url_for("feedback.manage"))
    return render_template("feedback/survey_new.html", form=form, existing=existing)


@bp.post("/<int:survey_id>/open")
@role_required("organiser")
def survey_open(survey_id):
    """Open a survey now: invitations are sent."""
    _confirmed()
    try:
        sent = surveys.open_survey(survey_id)
    except DomainError as error:
        fail(error)
    else:
        flash(f"Survey open: {sent} invitation{'s' if sent != 1 else ''} sent.", "success")
    return redirect(url_for("feedback.manage"))


@bp.post("/<int:survey_id>/close")
@role_required("organiser")
def survey_close(survey_id):
    """Close a survey now: no more answers."""
    _confirmed()
    try:
        surveys.close_survey(survey_id)
    except DomainError as error:
        fail(error)
    else:
        flash("Survey closed.", "success")
    return redirect(url_for("feedback.manage"))
