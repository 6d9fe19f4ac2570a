"""Error pages: one template in the site's style, a message for each status."""

import logging

from flask import request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from softlanding.core import kept_forms
from softlanding.core.errors import DomainError
from softlanding.core.templating import database_unavailable, render_error, render_unavailable
from softlanding.core.transaction import doom
from softlanding.lib.sanitize import LINE_CONTROL_CHARACTERS

log = logging.getLogger(__name__)

def _rollback_quietly():
    """Doom the request; the rollback itself may fail when the database is gone."""
    try:
        doom()
    except Exception:  # noqa: BLE001  the connection is already lost; nothing to undo
        pass


def too_many_attempts():
    """The 429 page: it keeps the email the person typed (sign-in, reset) and offers a reset link."""
    from flask import render_template

    from softlanding.core.templating import MESSAGES

    email = (request.form.get("email") or "").strip() if request.method == "POST" else ""
    if len(email) > 254 or LINE_CONTROL_CHARACTERS.search(email) or "@" not in email:
        email = ""
    title, hint = MESSAGES[429]
    return render_template("errors/429.html", status=429, title=title, hint=hint, email=email)


def register(app):
    """Install the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        kept = kept_forms.csrf_refused()
        if kept:
            return render_error(400, "The form had expired or was sent from elsewhere, so nothing was "
                                     "sent yet. What you typed is kept: go back to the form, check it "
                                     "and send it again.", back=kept)
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
            return too_many_attempts(), 429, {"Retry-After": "60"}
        return response

    @app.errorhandler(DomainError)
    def domain_error(error):
        # A domain error no route caught (core.access.fail maps the caught ones): its own page.
        doom()
        return render_error(error.status_code, error.message)

    @app.errorhandler(Exception)
    def unhandled(error):
        if database_unavailable(error):
            _rollback_quietly()
            return render_unavailable(error)
        doom()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)
