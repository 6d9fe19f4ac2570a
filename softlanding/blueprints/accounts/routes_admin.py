"""Admin: people and their roles; organisers: the reference lists."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from softlanding.blueprints.accounts import users as accounts
from softlanding.blueprints.accounts.blueprint import bp
from softlanding.blueprints.accounts.models import GRANTABLE_ROLES
from softlanding.core import reference
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.errors import DomainError, ValidationError
from softlanding.core.extensions import db
from softlanding.core.forms import ConfirmForm, Form
from softlanding.core.models import RefOption

LIST_TITLES = {
    "career_stage": "Career stages",
    "region": "Regions",
    "subspecialty": "Sub-specialties",
    "mrcpch_component": "MRCPCH components",
    "interview_level": "Interview levels",
    "mwres_indicator": "MWRES indicators",
    "induction_area": "Induction checklist areas",
    "help_topic": "Mentoring: what mentors help with",
}


class OptionForm(Form):
    """Add an option to a reference list."""

    code = StringField("Code", validators=[DataRequired("Enter a short code."), Length(max=60)],
                       description="Short, lower case, no spaces; never shown to members.")
    label = StringField("Label", validators=[DataRequired("Enter the label members see."), Length(max=200)])
    submit = SubmitField("Add option")


@bp.get("/admin/users")
@role_required("admin")
def users():
    """Members with their roles, searchable and paged."""
    q = request.args.get("q", "")[:100]
    pagination = accounts.list_users(page_arg(request), 25, q)
    return render_template("accounts/admin_users.html", pagination=pagination, q=q,
                           roles=GRANTABLE_ROLES, confirm=ConfirmForm())


@bp.post("/admin/users/<int:user_id>/roles/<role>")
@role_required("admin")
def set_role(user_id, role):
    """Grant (grant=1) or remove (grant=0) one role."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    granted = request.form.get("grant") == "1"
    try:
        user = accounts.set_role(current_user, user_id, role, granted)
    except DomainError as error:
        fail(error)
    else:
        flash(f"{user.full_name} {'is now' if granted else 'is no longer'} {role}.", "success")
    return redirect(request.form.get("back") if (request.form.get("back") or "").startswith("/admin/")
                    else url_for("accounts.users"))


@bp.get("/admin/lists")
@role_required("organiser")
def lists():
    """The reference lists organisers can extend."""
    return render_template("accounts/admin_lists.html", titles=LIST_TITLES)


@bp.route("/admin/lists/<kind>", methods=["GET", "POST"])
@role_required("organiser")
def edit_list(kind):
    """One list: add options, switch them off and on."""
    if kind not in LIST_TITLES:
        abort(404)
    form = OptionForm()
    if form.validate_on_submit():
        try:
            reference.add_option(kind, form.code.data, form.label.data)
        except ValidationError as error:
            fail(error, form)
        else:
            flash("Option added.", "success")
            return redirect(url_for("accounts.edit_list", kind=kind))
    return render_template("accounts/admin_list.html", kind=kind, title=LIST_TITLES[kind], form=form,
                           options=reference.options(kind, include_inactive=True), confirm=ConfirmForm())


@bp.post("/admin/lists/<kind>/<int:option_id>/toggle")
@role_required("organiser")
def toggle_option(kind, option_id):
    """Hide an option from new choices (old data keeps its label), or show it again."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    option = db.session.get(RefOption, option_id)
    if option is None or option.kind != kind:
        abort(404)
    option.active = not option.active
    flash(f"'{option.label}' is {'shown' if option.active else 'hidden'} in forms.", "success")
    return redirect(url_for("accounts.edit_list", kind=kind))
