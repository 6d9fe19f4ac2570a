"""Typed text survives an expired page or session: a POST that is refused because its CSRF token is
stale, or because the person was signed out meanwhile, keeps what was typed in the session; the next
time the page that held the form is drawn (after signing in again if need be), the form of the page
whose fields match is filled with it again and a message says so.

Nothing is kept of passwords, of the CSRF token, or beyond MAX_BYTES (the session is a cookie); the
browser script (static/js/site.js) keeps longer drafts in the tab as well.
"""

import json
from urllib.parse import urlsplit

from flask import before_render_template, flash, redirect, request, session
from flask_login import login_url
from werkzeug.datastructures import MultiDict
from wtforms.form import BaseForm

KEY = "_kept_form"
MAX_BYTES = 3000
# Keys a page may post besides its form's own fields.
EXTRA_KEYS = frozenset({"submit", "next", "action"})


def origin_path() -> str:
    """The local path of the page the POST came from (its Referer on this host), else the POST's path."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc == request.host and parts.path.startswith("/") and not parts.path.startswith("//"):
        return parts.path
    return request.path


def keep(path: str) -> bool:
    """Keep the posted fields (no passwords, no token) for the page at `path`; False if nothing was
    typed or it is too large for the session."""
    data = [(key, value) for key, value in request.form.items(multi=True)
            if key != "csrf_token" and "password" not in key.lower()]
    if not any(value.strip() for key, value in data if key not in EXTRA_KEYS):
        return False
    if len(json.dumps(data)) > MAX_BYTES:
        return False
    session[KEY] = {"path": path, "data": data}
    return True


def carry(clear) -> None:
    """Call `clear()` (sign-in clears the session against fixation) and keep the kept form across it."""
    kept = session.get(KEY)
    clear()
    if kept:
        session[KEY] = kept


def _restore(sender, template, context, **extra):
    """Before a GET page is drawn: fill the form whose fields match the kept ones, once."""
    kept = session.get(KEY)
    if not kept or request.method != "GET" or kept.get("path") != request.path:
        return
    names = {key for key, _ in kept.get("data", [])}
    for value in list(context.values()):
        if not isinstance(value, BaseForm):
            continue
        fields = set(value._fields)
        if names & fields and names <= fields | EXTRA_KEYS:
            value.process(formdata=MultiDict(kept["data"]))
            session.pop(KEY, None)
            flash("What you typed before has been put back in the form: check it and send it again.", "info")
            return


def unauthorized():
    """Flask-Login's 'please sign in', keeping a POST's typed text for the page it came from."""
    if request.method == "POST":
        target = origin_path()
        if keep(target):
            flash("You had been signed out, so nothing was sent yet. Sign in and what you typed will "
                  "be back in the form.", "info")
        else:
            flash("Please sign in to do that.", "info")
        return redirect(login_url("accounts.login", next_url=target))
    flash("Please sign in to see that page.", "info")
    return redirect(login_url("accounts.login", next_url=request.full_path.rstrip("?")))


def csrf_refused():
    """For a refused token: keep the text and name the page to go back to (None if nothing was kept)."""
    target = origin_path()
    if request.method == "POST" and keep(target):
        return target
    return None


def register(app):
    """Install the restore hook and the sign-in handler."""
    from softlanding.core.extensions import login_manager

    before_render_template.connect(_restore, app)
    login_manager.unauthorized_handler(unauthorized)
