"""Registration, email verification, sign-in and out, password reset and change."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from softlanding.blueprints.accounts import sessions
from softlanding.blueprints.accounts import users as accounts
from softlanding.blueprints.accounts.blueprint import bp
from softlanding.blueprints.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from softlanding.core import audit, kept_forms
from softlanding.core.access import fail
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import limiter
from softlanding.core.forms import ConfirmForm
from softlanding.lib.sanitize import LINE_CONTROL_CHARACTERS


def _account_key():
    """Rate-limit key per account AND client address, renewed when the account's password changes.

    Keyed on the email alone, anyone could lock a colleague out by failing five times with their
    address; with the client address in the key only the attempts from where the owner is count, and
    the epoch in it means a password reset starts the owner's counts afresh everywhere.
    """
    email = (request.form.get("email") or "").strip().lower()
    try:
        epoch = accounts.sign_in_epoch(email)
    except Exception:  # noqa: BLE001 - see below
        # Whatever the input or the database does (hostile text, an outage): a key function that raises
        # makes the limiter mark its storage dead and fall back, splitting every count. So it never raises;
        # the request itself then fails or succeeds on its own terms.
        epoch = ""
    return f"account:{email}|{get_remote_address()}|{epoch}"


def _failed(response):
    """A sign-in, registration or reset POST that did not succeed re-shows its form (200)."""
    return response.status_code == 200


def _limits():
    return current_app.config["RATELIMIT_LOGIN"]


def _account_limits():
    return current_app.config["RATELIMIT_ACCOUNT"]


def rate_limited(view):
    """Per client address (every POST), and per account and address (failed POSTs only), on POST only."""
    view = limiter.limit(_account_limits, key_func=_account_key, methods=["POST"], deduct_when=_failed)(view)
    return limiter.limit(_limits, methods=["POST"])(view)


def safe_next(target):
    """Only local paths are allowed as a redirect target after sign-in."""
    if not target:
        return None
    if LINE_CONTROL_CHARACTERS.search(target):
        return None  # CR/LF would end up in the Location header: the redirect after sign-in raised
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


@bp.route("/account/register", methods=["GET", "POST"])
@rate_limited
def register():
    """Create a newcomer account."""
    if current_user.is_authenticated:
        return redirect(url_for("profiles.me"))
    form = RegisterForm()
    if form.is_submitted():
        valid = form.validate()
        try:
            if valid:
                accounts.register(form.full_name.data, form.email.data, form.password.data)
            else:  # the service's checks still run: every problem shows at once
                accounts.check_registration(form.full_name.data, form.email.data, form.password.data)
        except ValidationError as error:
            fail(error, form)
        else:
            if valid:
                # The same answer whether or not the address already had an account (its owner is emailed).
                flash("Check your email: we have sent a message to that address. Open the link in it to "
                      "confirm your address, then sign in.", "success")
                return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form)


@bp.route("/account/verify/<token>", methods=["GET", "POST"])
def verify_email(token):
    """Confirm an email address from the link we sent: the link shows a button, the button confirms.

    Opening the link changes nothing, so mail scanners that follow links cannot confirm for the person.
    """
    form = ConfirmForm()
    try:
        user = accounts.verify_email(token) if form.validate_on_submit() else accounts.user_for_verification_token(token)
    except ValidationError as error:
        fail(error)
        return redirect(url_for("accounts.login"))
    if request.method == "POST" or user.is_verified:
        flash("Thank you, your email address is confirmed.", "success")
        return redirect(url_for("profiles.me") if current_user.is_authenticated else url_for("accounts.login"))
    return render_template("accounts/verify.html", form=form, email=user.email)


@bp.post("/account/verify/resend")
@login_required
def resend_verification():
    """Send the confirmation email again."""
    if not current_user.is_verified:
        accounts.send_verification(current_user)
    flash("We have sent the confirmation email again.", "info")
    return redirect(url_for("profiles.me"))


@bp.route("/account/login", methods=["GET", "POST"])
@rate_limited
def login():
    """Sign in; the old session is cleared first."""
    if current_user.is_authenticated:
        return redirect(url_for("profiles.me"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        # The 429 page links back here with the email kept.
        form.email.data = LINE_CONTROL_CHARACTERS.sub("", request.args.get("email") or "")[:254]
    if form.validate_on_submit():
        # A failed sign-in re-shows the form (200), so the request commits its audit entry; the typed
        # email is not recorded (free text), only which account it named, if any.
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except ValidationError as error:  # suspended: said plainly, to someone who knows the password
            user, problem = None, error.message
        else:
            problem = "That email and password do not match an account."
        if user is None:
            form.password.errors.append(problem)
            known = accounts.find_by_email(form.email.data)
            audit.record("sign_in_failed", "user" if known else "", known.id if known else None)
        else:
            audit.record("sign_in", "user", user.id, actor_id=user.id)
            target = safe_next(form.next.data)
            # No session fixation: nothing from before sign-in survives but a form's kept text.
            kept_forms.carry(session.clear)
            login_user(sessions.start(user), remember=bool(form.remember.data),
                       duration=current_app.config["REMEMBER_COOKIE_DURATION"])
            if not user.is_verified:
                flash("Please confirm your email address: we sent you a link.", "info")
            return redirect(target or url_for("main.index"))
    return render_template("accounts/login.html", form=form)


@bp.post("/account/logout")
def logout():
    """Sign out of this browser: this sign-in ends, so its session and remember cookies are refused."""
    current_user._get_current_object()  # loaded first (perhaps from the remember cookie), for logout_user
    sessions.end(session.get("_user_id"))
    session.clear()
    logout_user()  # after clear(): it leaves the instruction to delete the remember cookie
    flash("You are signed out.", "info")
    return redirect(url_for("main.index"))


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere():
    """End every session of this user, on every device."""
    accounts.end_all_sessions(current_user)
    session.clear()
    logout_user()
    flash("You are signed out on every device.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/forgot", methods=["GET", "POST"])
@rate_limited
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the email is registered."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        flash("If that email address has an account, we have sent it a link to reset the "
              "password. The link works once, for a limited time.", "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
@rate_limited
def reset_password(token):
    """Choose a new password from a single-use link."""
    try:
        accounts.user_for_reset_token(token)
    except ValidationError as error:
        fail(error)
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except ValidationError as error:
            fail(error, form)
        else:
            logout_user()
            flash("Your password is changed. Sign in with the new one.", "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except ValidationError as error:
            fail(error, form)
        else:
            # Keep this browser signed in under the new session token.
            login_user(sessions.start(current_user._get_current_object()))
            flash("Your password is changed. You were signed out on your other devices.", "success")
            return redirect(url_for("profiles.settings"))
    return render_template("accounts/change_password.html", form=form, confirm=ConfirmForm())
