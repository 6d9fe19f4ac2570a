"""Error pages: one template in the site's style, a message for each status."""

import logging

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from softlanding.core.errors import DomainError
from softlanding.core.transaction import doom

log = logging.getLogger(__name__)

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


def render_error(status, detail=None):
    """The error page for `status`, with an optional specific message."""
    title, hint = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    return render_template("errors/error.html", status=status, title=title,
                           hint=detail or hint), status


def register(app):
    """Install the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, "The form had expired or was sent from elsewhere. "
                                 "Please go back, reload the page and send it again.")

    @app.errorhandler(HTTPException)
    def http_error(error):
        if request.path.startswith("/static/"):
            return error
        response = render_error(error.code or 500)
        if error.code == 405 and getattr(error, "valid_methods", None):
            return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
        if error.code == 429:
            return response[0], 429, {"Retry-After": "60"}
        return response

    @app.errorhandler(DomainError)
    def domain_error(error):
        # A domain error no route caught (core.access.fail maps the caught ones): its own page.
        doom()
        return render_error(error.status_code, error.message)

    @app.errorhandler(Exception)
    def unhandled(error):
        doom()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)
