"""A member's own profile and settings, and other members' profiles as their visibility allows."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ...extensions import db
from ...services import profiles
from ...services.errors import ValidationError
from ..access import form_error
from ..auth.forms import ConfirmForm
from .forms import ProfileForm

bp = Blueprint("profiles", __name__, url_prefix="/profile")

# Areas add sections to the settings page: (template partial name), e.g. the calendar feed.
SETTINGS_SECTIONS = []


@bp.get("/")
@login_required
def me():
    """My profile as others see it, with a link to edit."""
    return render_template("profiles/view.html", owner=current_user, level="full", own=True,
                           confirm=ConfirmForm())


@bp.route("/edit", methods=["GET", "POST"])
@login_required
def edit():
    """Edit my own profile; nothing typed is lost on an error."""
    form = ProfileForm().fill_choices()
    if form.is_submitted():
        if form.validate():
            try:
                profiles.update_profile(current_user, form.to_data())
            except ValidationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash("Your profile is saved.", "success")
                return redirect(url_for("profiles.me"))
    else:
        form.load(current_user.profile)
    return render_template("profiles/edit.html", form=form)


@bp.get("/<int:user_id>")
@login_required
def view(user_id):
    """Another member's profile, as much as its visibility setting allows."""
    owner, level = profiles.profile_for_viewer(current_user, user_id)
    return render_template("profiles/view.html", owner=owner, level=level,
                           own=owner.id == current_user.id, confirm=ConfirmForm())


@bp.get("/settings")
@login_required
def settings():
    """Account settings: password, sessions and what each area adds."""
    return render_template("profiles/settings.html", confirm=ConfirmForm(),
                           sections=SETTINGS_SECTIONS)
