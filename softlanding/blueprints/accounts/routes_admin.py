"""Admin: people and their roles; organisers: the reference lists."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from softlanding.blueprints.accounts import people
from softlanding.blueprints.accounts import users as accounts
from softlanding.blueprints.accounts.blueprint import bp
from softlanding.blueprints.accounts.models import GRANTABLE_ROLES, User
from softlanding.blueprints.accounts.routes import safe_next
from softlanding.core import audit, reference
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


ROLE_POWERS = {
    "rep": "propose and host events, mark attendance, and offer mentoring",
    "organiser": "publish and cancel events, run batch matching, read every member's profile and named "
                 "feedback, and export reports",
    "admin": "do everything an organiser can, and also grant and remove roles (including admin), suspend "
             "members, export any member's data and erase accounts",
}


@bp.route("/admin/users/<int:user_id>/roles/<role>", methods=["GET", "POST"])
@role_required("admin")
def set_role(user_id, role):
    """GET: what granting (grant=1) or removing (grant=0) a role will do; POST: do it."""
    if role not in GRANTABLE_ROLES:
        abort(404)
    if request.method == "GET":
        user = db.session.get(User, user_id)
        if user is None:
            abort(404)
        granting = request.args.get("grant") != "0"
        return render_template("accounts/admin_role_confirm.html", user=user, role=role, granting=granting,
                               power=ROLE_POWERS[role], holdings=people.holdings(user, role),
                               confirm=ConfirmForm())
    if not ConfirmForm().validate_on_submit():
        abort(400)
    granted = request.form.get("grant") == "1"
    try:
        user = accounts.set_role(current_user, user_id, role, granted)
    except DomainError as error:
        fail(error)
    else:
        flash(f"{user.full_name} {'is now' if granted else 'is no longer'} {role}.", "success")
    back = request.form.get("back") or ""
    return redirect(back if back.startswith("/admin/") and safe_next(back) else url_for("accounts.member", user_id=user_id))


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
            option = reference.add_option(kind, form.code.data, form.label.data)
            audit.record("reference_edited", "ref_option", getattr(option, "id", None), f"{kind}:added")
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
    audit.record("reference_edited", "ref_option", option.id, f"{kind}:{'shown' if option.active else 'hidden'}")
    flash(f"'{option.label}' is {'shown' if option.active else 'hidden'} in forms.", "success")
    return redirect(url_for("accounts.edit_list", kind=kind))
