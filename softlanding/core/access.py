"""Access helpers shared by the blueprints: role checks and the one mapping of domain errors."""

from functools import wraps

from flask import abort, flash
from flask_login import current_user, login_required

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
    field = getattr(form, error.field, None) if form is not None and error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, category)


def page_arg(request):
    """The ?page= argument as a positive integer (bad input falls back to 1)."""
    try:
        return max(int(request.args.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1
