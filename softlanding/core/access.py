"""Access helpers shared by the blueprints: role checks and the one mapping of domain errors."""

from functools import wraps

from flask import abort, flash, render_template
from flask_login import current_user, login_required

from softlanding.core.forms import ConfirmForm
from softlanding.core.transaction import doom


def role_required(*roles):
    """Signed in and holding one of `roles` (admins pass every organiser check), else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            allowed = current_user.has_role(*roles) or (
                "organiser" in roles and current_user.is_organiser
            )
            if not allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def fail(error, form=None, category="error", abort_missing=True):
    """The one mapping of a domain error a route caught: roll the request back; 403/404 abort;
    else the message beside its field on `form`, or flashed (the route then re-renders or redirects).

    `abort_missing=False` flashes a 404 instead, for links that go stale in normal use (a
    suggestion recomputed since the page was drawn).
    """
    doom()
    if error.status_code == 403 or (error.status_code == 404 and abort_missing):
        abort(error.status_code)
    for name, message in getattr(error, "problems", [(error.field, error.message)]):
        field = getattr(form, name, None) if form is not None and name else None
        if field is not None:
            # One message per field (GOV.UK): a field the form's own checks already faulted keeps theirs.
            if not field.errors or message in field.errors:
                field.errors = list(dict.fromkeys([*field.errors, message]))
        else:
            flash(message, category)


# Far beyond any list's last page, and small enough that page * per_page stays a valid OFFSET
# (a huge ?page= overflowed SQLite's integer and PostgreSQL's bigint: a 500).
MAX_PAGE = 100_000


def page_arg(request):
    """The ?page= argument as an integer in 1..MAX_PAGE (bad input falls back to 1)."""
    text = str(request.args.get("page", "1")).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return MAX_PAGE if text.isascii() and text.isdigit() else 1
    return min(max(int(text), 1), MAX_PAGE)


def verified_required(view):
    """Signed in with a confirmed email address, else a "confirm your email first" page (403).

    Other members' details are for people who proved an address: a throwaway sign-up must not walk
    the directory or profiles."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_verified:
            return render_template("accounts/confirm_first.html", confirm=ConfirmForm()), 403
        return view(*args, **kwargs)

    return wrapped
