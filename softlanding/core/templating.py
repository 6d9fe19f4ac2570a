"""Template filters and globals."""

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, g, render_template, request, url_for
from flask_login import current_user
from jinja2 import pass_context
from sqlalchemy import exc as sa_exc
from wtforms.form import BaseForm

from softlanding.core import reference
from softlanding.core.navigation import nav_items

log = logging.getLogger(__name__)

# The error page's heading and hint for each status a user can meet.
MESSAGES = {
    400: ("Something in that request was not right", "Please go back, check what you entered and try again."),
    403: ("You do not have access to this page", "If you think you should, contact an organiser."),
    404: ("Page not found", "The page may have moved, or the link may be mistyped."),
    405: ("That action is not allowed here", "Please use the links and buttons on the page."),
    409: ("That could not be done", "Someone may have changed this just now. Reload the page and try again."),
    413: ("That upload is too large", "Please send something smaller."),
    429: ("Too many attempts", "For your security, please wait a few minutes before trying again."),
    500: ("Something went wrong on our side", "It is not your fault and nothing you saved was lost. Please try again shortly."),
    503: ("Temporarily unavailable", "Please try again in a few minutes."),
}


def database_unavailable(error):
    """Whether `error` means the database cannot be reached (down, refusing or dropping connections),
    as opposed to a bad statement or bad data, which stay 500s."""
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError,
                              sa_exc.DisconnectionError, sa_exc.TimeoutError))


def render_unavailable(error):
    """The 503 page, drawn without touching the database: a standalone template, and the visitor
    treated as anonymous from here on so no later hook runs the user loader again."""
    from softlanding.core.extensions import login_manager

    # One line per failed request, the exception's class only: an outage must not fill the disk
    # with tracebacks, and the message could quote a statement's parameters (personal data).
    log.warning("database unavailable on %s %s: %s", request.method, request.path,
                type(getattr(error, "orig", None) or error).__name__)
    g._login_user = login_manager.anonymous_user()
    g.no_store = True
    title, hint = MESSAGES[503]
    body = render_template("errors/unavailable.html", status=503, title=title, hint=hint)
    return body, 503, {"Retry-After": "120"}


def render_error(status, detail=None, back=None):
    """The error page for `status`, with an optional specific message (the 503 page if drawing it
    needs a database that is down: base.html reads the signed-in user and the navigation)."""
    title, hint = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    try:
        return render_template("errors/error.html", status=status, title=title,
                               hint=detail or hint, back=back), status
    except Exception as error:
        if not database_unavailable(error):
            raise
        return render_unavailable(error)


def viewer_timezone():
    """The signed-in viewer's time zone, or the default."""
    if current_user and current_user.is_authenticated:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def localtime(value, tz=None):
    """Convert an aware UTC datetime to the viewer's (or the given) time zone."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(tz or viewer_timezone()))


def format_datetime(value, fmt="%a %-d %b %Y, %H:%M", tz=None, with_zone=True):
    """A datetime in the viewer's time zone, with the zone named (e.g. 'BST')."""
    if value is None:
        return ""
    local = localtime(value, tz)
    text = local.strftime(fmt)
    return f"{text} {local.tzname()}" if with_zone else text


def end_time(end, start, tz=None):
    """When an event ends, beside its start: the time alone on the same day, "(next day)" when it ends
    after midnight in the viewer's zone, the full date when it ends later still."""
    if end is None or start is None:
        return ""
    days = (localtime(end, tz).date() - localtime(start, tz).date()).days
    if days == 0:
        return format_datetime(end, fmt="%H:%M", tz=tz)
    if days == 1 and end - start < timedelta(days=1):
        return format_datetime(end, fmt="%H:%M", tz=tz) + " (next day)"
    return format_datetime(end, tz=tz)


_URL_FOR_KEYWORDS = frozenset({"_anchor", "_method", "_scheme", "_external"})


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (for paging and filters)."""
    if request.endpoint is None:
        # Only a request that no URL rule matched has no endpoint, and there is no view to link to.
        raise RuntimeError("url_with() needs a request routed to a view.")
    view_args = request.view_args or {}
    # Anyone can type a query string: an argument named like one of url_for's own keywords would steer
    # it (?_external=1 makes links absolute, ?_anchor= or ?_scheme= raises) and one named like a view
    # argument clashes with it (TypeError), so such arguments are left out of the link.
    args: dict[str, Any] = {key: values for key, values in request.args.to_dict(flat=False).items()
                            if key not in _URL_FOR_KEYWORDS and key not in view_args}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    return url_for(request.endpoint, **view_args, **args)


@pass_context
def page_has_errors(context) -> bool:
    """Whether any form the page was given has errors (base.html then starts the title with "Error: ")."""
    return any(isinstance(value, BaseForm) and bool(value.errors)
               for key, value in context.get_all().items() if not key.startswith("_"))


def register(app):
    """Install filters and globals on the app's Jinja environment."""
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["end_time"] = end_time
    app.jinja_env.globals.update(
        nav_items=nav_items,
        nav_endpoints=app.view_functions,
        ref_label=reference.label,
        country_name=reference.country_name,
        language_name=reference.language_name,
        url_with=url_with,
        page_has_errors=page_has_errors,
        viewer_timezone=viewer_timezone,
        platform_name=app.config["PLATFORM_NAME"],
        now=lambda: datetime.now(ZoneInfo("UTC")),
    )
