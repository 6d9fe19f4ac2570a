"""Members' data rights: download my data, delete my account; admins do both for a member on request."""

from flask import Response, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from softlanding.blueprints.accounts import email_change, erasure, people, privacy, sessions
from softlanding.blueprints.accounts.blueprint import bp
from softlanding.blueprints.accounts.forms import ChangeEmailForm, DeleteAccountForm
from softlanding.core.access import fail, role_required
from softlanding.core.errors import DomainError, ValidationError
from softlanding.core.forms import ConfirmForm


@bp.post("/account/data")
@login_required
def request_data():
    """Ask for my data file: it is made in the background and I am told when it is ready."""
    if ConfirmForm().validate_on_submit():
        try:
            privacy.request_export(current_user, current_user)
        except DomainError as error:
            fail(error)
        else:
            flash("We are making your data file. We will email you when it is ready (usually within a few "
                  "minutes); it stays here for "
                  f"{current_app.config['DATA_EXPORT_LIFETIME'].days} days.", "success")
    return redirect(url_for("profiles.settings") + "#data-h")


@bp.get("/account/data/<int:export_id>")
@login_required
def download_data(export_id):
    """The zip, for its member (or an admin answering a subject access request)."""
    try:
        export, content = privacy.download(current_user, export_id)
    except DomainError as error:
        fail(error)
    return Response(content, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="softlanding-data-{export.user_id}-{export.ready_at:%Y%m%d}.zip"',
        "Cache-Control": "no-store"})


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete my account: says what happens, asks for the password again, then erases."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            erasure.check_password(user, form.password.data)
            erasure.erase(user, user)
        except ValidationError as error:
            fail(error, form)
        except DomainError as error:
            fail(error)
        else:
            session.clear()
            logout_user()
            flash("Your account is deleted. Thank you for being part of the network.", "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/delete.html", form=form, consequences=erasure.CONSEQUENCES, own=True,
                           user=current_user)


@bp.post("/admin/users/<int:user_id>/export")
@role_required("admin")
def admin_export(user_id):
    """Make a member's data file for a subject access request (the admin is told when it is ready)."""
    if ConfirmForm().validate_on_submit():
        try:
            privacy.request_export(people.member(user_id), current_user)
        except DomainError as error:
            fail(error)
        else:
            flash("The data file is being made; you will be emailed when it is ready.", "success")
    return redirect(url_for("accounts.member", user_id=user_id))


@bp.route("/admin/users/<int:user_id>/erase", methods=["GET", "POST"])
@role_required("admin")
def admin_erase(user_id):
    """Erase a member on request: what happens, the admin's password again, then erasure."""
    try:
        user = people.member(user_id)
    except DomainError as error:
        fail(error)
    form = DeleteAccountForm()
    form.password.label.text = "Your own (admin) password"
    if form.validate_on_submit():
        try:
            erasure.check_password(current_user, form.password.data)
            if user.id == current_user.id:
                raise ValidationError("Delete your own account from your settings page.", field="password")
            erasure.erase(user, current_user)
        except ValidationError as error:
            fail(error, form)
        except DomainError as error:
            fail(error)
        else:
            flash(f"Member {user_id}'s account is erased.", "success")
            return redirect(url_for("accounts.member", user_id=user_id))
    return render_template("accounts/delete.html", form=form, consequences=erasure.CONSEQUENCES, own=False,
                           user=user)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    """Ask to change my email address: a link goes to the new address."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            email_change.request_change(current_user, form.email.data, form.password.data)
        except ValidationError as error:
            fail(error, form)
        else:
            flash("Check the new address: we have sent it a link. Your email stays as it is until you open the "
                  "link and confirm.", "success")
            return redirect(url_for("profiles.settings"))
    return render_template("accounts/change_email.html", form=form)


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email_change(token):
    """The link from the new address: opening it shows a button (mail scanners follow links); the
    button makes the change."""
    form = ConfirmForm()
    try:
        if form.validate_on_submit():
            signed_in_as_owner = current_user.is_authenticated and current_user.id == email_change.read_token(token)[0].id
            user = email_change.confirm(token)
        else:
            user, new_email = email_change.read_token(token)
            return render_template("accounts/confirm_email_change.html", form=form, email=new_email)
    except ValidationError as error:
        fail(error)
        return redirect(url_for("profiles.settings") if current_user.is_authenticated else url_for("accounts.login"))
    if signed_in_as_owner:
        login_user(sessions.start(user))  # other devices are signed out; this one stays in
    flash(f"Your email address is now {user.email}.", "success")
    return redirect(url_for("profiles.settings") if signed_in_as_owner else url_for("accounts.login"))
