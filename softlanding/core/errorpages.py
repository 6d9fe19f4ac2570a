"""Error pages: one template in the site's style, a message for each status."""

import logging

from flask import request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from softlanding.core.errors import DomainError
from softlanding.core.templating import database_unavailable, render_error, render_unavailable
from softlanding.core.transaction import doom

log = logging.getLogger(__name__)

def _rollback_quietly():
    """Doom the request; the rollback itself may fail when the database is gone."""
    try:
        doom()
    except Exception:  # noqa: BLE001  the connection is already lost; nothing to undo
        pass


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
        if database_unavailable(error):
            _rollback_quietly()
            return render_unavailable(error)
        doom()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)
