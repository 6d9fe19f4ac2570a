"""A member's own profile and settings, and other members' profiles as their visibility allows."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from softlanding.blueprints.profiles import profile as profiles
from softlanding.blueprints.profiles.blueprint import bp
from softlanding.blueprints.profiles.forms import ProfileForm
from softlanding.blueprints.profiles.zones import canonical_timezones
from softlanding.core import reference
from softlanding.core.access import fail, verified_required
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import limiter
from softlanding.core.forms import ConfirmForm
from softlanding.core.registry import get_registry


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
        valid = form.validate()
        try:
            # The service checks every field even when the form's own checks failed: all at once.
            if valid:
                profiles.update_profile(current_user, form.to_data())
            else:
                profiles.clean_profile(form.to_data())
        except ValidationError as error:
            fail(error, form)
        else:
            if valid:
                flash("Your profile is saved.", "success")
                return redirect(url_for("profiles.me"))
    else:
        form.load(current_user.profile)
    return render_template("profiles/edit.html", form=form, zones=canonical_timezones(),
                           language_aliases=reference.language_aliases())


def _viewer_key():
    # The account, not the sign-in: signing in again must not start a fresh count.
    return f"profile-view:{current_user.id if current_user.is_authenticated else get_remote_address()}"


def _profile_view_limits():
    return current_app.config["RATELIMIT_PROFILE_VIEWS"]


@bp.get("/<int:user_id>")
@verified_required
@limiter.limit(_profile_view_limits, key_func=_viewer_key)
def view(user_id):
    """Another member's profile, as much as its visibility setting allows; read at a person's pace
    (walking /profile/1..N is refused past the limit)."""
    owner, level = profiles.profile_for_viewer(current_user, user_id)
    return render_template("profiles/view.html", owner=owner, level=level,
                           own=owner.id == current_user.id, confirm=ConfirmForm())


@bp.get("/settings")
@login_required
def settings():
    """Account settings: password, sessions and what each area adds."""
    from softlanding.blueprints.accounts.privacy import exports_of
    from softlanding.core.db import utcnow

    return render_template("profiles/settings.html", confirm=ConfirmForm(),
                           sections=get_registry().settings_sections, exports=exports_of(current_user),
                           now=utcnow())
