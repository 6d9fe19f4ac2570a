"""Members' notifications, email preferences, and the one-click unsubscribe address."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.notifications import inbox
from softlanding.blueprints.notifications import notify as notifications
from softlanding.blueprints.notifications.blueprint import bp
from softlanding.core import stamps
from softlanding.core.access import page_arg
from softlanding.core.extensions import csrf
from softlanding.core.forms import ConfirmForm


@bp.app_template_global()
def unread_notification_count():
    """The signed-in member's unread count for the header (0 when signed out)."""
    if not current_user.is_authenticated:
        return 0
    # On every page a member sees: counted once per change of anyone's notifications, not per page view.
    user = current_user._get_current_object()
    return stamps.get_cache().value("unread", str(user.id), lambda: inbox.unread_count(user))


@bp.app_template_global()
def email_preference_groups():
    """The signed-in member's email choices, grouped, for the settings section."""
    return notifications.preference_groups(current_user)


@bp.get("/notifications/")
@login_required
def index():
    """My notifications, newest first, paged; unread ones marked."""
    pagination = inbox.notifications_page(current_user, page_arg(request), current_app.config["ITEMS_PER_PAGE"])
    return render_template("notifications/index.html", pagination=pagination, confirm=ConfirmForm())


@bp.post("/notifications/<int:notification_id>/open", endpoint="open")
@login_required
def open_notification(notification_id):
    """Mark one notification read and go to the page it is about."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    path = inbox.open_notification(current_user, notification_id)  # someone else's: the 404 page
    return redirect(path or url_for("notifications.index"))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    """Mark every notification read."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    changed = inbox.mark_all_read(current_user)
    flash(f"{changed} notification{'s' if changed != 1 else ''} marked as read.", "success")
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """Which kinds of email I get; safety emails cannot be switched off."""
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        notifications.save_preferences(current_user, request.form.getlist("email"))
        flash("Your email choices are saved.", "success")
        if request.form.get("back") == "settings":
            return redirect(url_for("profiles.settings") + "#email-preferences")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", confirm=ConfirmForm())


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client POSTs without a session; the signed token is the proof
def unsubscribe(token):
    """GET: ask to confirm; POST (one-click or the button): stop this kind of email for this person."""
    # A bad token is a NotFound: the error page says the link is not valid.
    if request.method == "POST":
        user, kind = notifications.unsubscribe(token)
    else:
        user, kind = notifications.read_unsubscribe_token(token)
    return render_template("notifications/unsubscribe.html", kind=kind, done=request.method == "POST",
                           token=token, email=_masked(user.email))


def _masked(email):
    """a••••@example.org: enough for the owner to recognise, little for anyone else."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}{'•' * 4}@{domain}"
