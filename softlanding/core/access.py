"""Access helpers shared by the blueprints: role checks and mapping domain errors."""

from functools import wraps

from flask import abort, flash
from flask_login import current_user, login_required

from softlanding.core.extensions import db


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


def form_error(form, error):
    """Put a domain error next to its field, or flash it when it belongs to no field."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, "error")


def fail(error, form=None):
    """Map a domain error in a route: roll back; 403/404 abort; else beside its field or as a flash."""
    db.session.rollback()
    if error.status_code in (403, 404):
        abort(error.status_code)
    if form is not None:
        form_error(form, error)
    else:
        flash(error.message, "error")


def page_arg(request):
    """The ?page= argument as a positive integer (bad input falls back to 1)."""
    try:
        return max(int(request.args.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1
