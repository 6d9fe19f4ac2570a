"""Per-request hooks: security headers, caching rules and inline mail delivery."""

import logging

from flask import g, request
from flask_login import current_user

from softlanding.core.extensions import db

log = logging.getLogger(__name__)

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])


def register(app):
    """Attach the hooks to the app."""

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if app.config.get("HSTS"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        personal = getattr(g, "no_store", False) or (
            current_user and current_user.is_authenticated and request.endpoint != "static"
        )
        if personal:
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response

    @app.after_request
    def deliver_mail_inline(response):
        # Runs after the view committed: the queued messages are durable before we try to send.
        if g.get("mail_queued") and app.config.get("MAIL_DELIVER_INLINE"):
            deliver_now()
        return response


def deliver_now():
    """Send what is pending now (development, tests and small installs without a job runner)."""
    from softlanding.core.mailer import deliver_pending

    try:
        deliver_pending()
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("inline mail delivery failed; messages stay pending")
    g.mail_queued = False
