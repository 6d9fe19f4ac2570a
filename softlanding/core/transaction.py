"""The request transaction: one commit after a state-changing view succeeds, a rollback on any error.

In the spirit of Indico's `web/rh.py`. Routes parse, call services (which flush) and flash, redirect
or render; this module commits once, after the view returned a response below 400 for a POST, PUT,
PATCH or DELETE. A domain error shown to the user (core.access.fail), an exception or an error
status rolls everything back. GET, HEAD and OPTIONS never commit. Mail queued in the request is
delivered only after its commit succeeded, in a session of its own.

It also tells SQLite which requests write: only those take the write lock at BEGIN (see
core.extensions); reads begin deferred and run beside a writer under WAL.
"""

import logging

from flask import current_app, g, has_request_context, request, session

from softlanding.core import stamps
from softlanding.core.extensions import db, write_lock
from softlanding.core.templating import database_unavailable, render_error, render_unavailable

log = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def request_writes():
    """Whether the current request may change state: only writing methods do (reads never write)."""
    return request.method in WRITE_METHODS


def doom():
    """Roll back now and make sure this request commits nothing (a domain error is being shown)."""
    db.session.rollback()
    if has_request_context():
        g.tx_doomed = True


def _begin():
    g.tx_writes = request_writes()
    g.tx_lock_token = write_lock.set(g.tx_writes)


def _finish(response):
    if not g.get("tx_writes"):
        # Reads commit nothing; whatever they flushed goes when the session is removed. The one exception:
        # a download that recorded itself in the audit trail (and changed nothing else).
        if g.pop("audit_on_read", False) and response.status_code < 400:
            from softlanding.core.audit import commit_read_entries

            commit_read_entries()
        return response
    if response.status_code >= 400 or g.get("tx_doomed"):
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except Exception as error:
        session.pop("_flashes", None)  # the view's "saved" message would be untrue
        if database_unavailable(error):
            try:
                db.session.rollback()
            except Exception:  # noqa: BLE001  the connection is already lost; nothing to undo
                pass
            return current_app.make_response(render_unavailable(error))
        db.session.rollback()
        log.exception("commit failed on %s %s", request.method, request.path)
        return current_app.make_response(render_error(500))
    if g.get("mail_queued") and current_app.config.get("MAIL_DELIVER_INLINE"):
        deliver_now()
    return stamps.mark_own_change(response)


def _end(exc):
    token = g.pop("tx_lock_token", None)
    if token is not None:
        try:
            write_lock.reset(token)
        except ValueError:  # torn down in another context (a test client kept open): back to the default
            write_lock.set(True)


def deliver_now():
    """Send pending mail in a session of its own, so it commits only the outbox rows' delivery state."""
    from softlanding.core.mailer import deliver_pending

    g.mail_queued = False
    # A new app context has a new session (and connection): nothing pending in the request's
    # session can be committed by the claims and outcomes deliver_pending commits.
    with current_app.app_context():
        try:
            deliver_pending()
        except Exception:
            db.session.rollback()
            log.exception("inline mail delivery failed; messages stay pending")


def register(app):
    """Install the hooks; registered before any other so that its after_request runs last."""
    app.before_request(_begin)
    app.after_request(_finish)
    app.teardown_request(_end)
