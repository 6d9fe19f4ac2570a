"""Calendar routes: .ics downloads and feeds answer conditional requests before rendering."""

from flask import Response, flash, redirect, request, url_for
from flask_login import current_user, login_required
from werkzeug.http import is_resource_modified

from softlanding.blueprints.calendar import feeds as calendar
from softlanding.blueprints.calendar.blueprint import bp
from softlanding.core.stamps import get_cache

ICS_TYPE = "text/calendar; charset=utf-8"


def _validators(response, state):
    response.set_etag(state.etag, weak=state.weak)
    if state.last_modified is not None:
        response.last_modified = state.last_modified
    return response


def _not_modified(state):
    """True when the client's copy is current (If-None-Match wins over If-Modified-Since)."""
    return not is_resource_modified(request.environ, etag=state.etag, last_modified=state.last_modified,
                                    ignore_if_range=True)


def _answer(state, build, filename, attachment=False, cache="public, max-age=300"):
    """304 from the validator alone, else the rendered calendar with its validators."""
    if _not_modified(state):
        response = Response(status=304)
    else:
        response = Response(build(), mimetype="text/calendar")
        response.headers["Content-Type"] = ICS_TYPE
        disposition = "attachment" if attachment else "inline"
        response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = cache
    return _validators(response, state)


@bp.get("/events/<int:event_id>.ics")
def event_ics(event_id):
    """One event as an .ics download (drafts only for their hosts and organisers)."""
    event = calendar.downloadable_event(event_id, current_user)
    return _answer(calendar.event_state(event), lambda: calendar.event_calendar_bytes(event),
                   f"event-{event.id}.ics", attachment=True)


@bp.get("/events/feed.ics")
def public_feed():
    """The public feed of published events, or of one category (?category=code)."""
    category = request.args.get("category", "").strip() or None
    cache = get_cache()
    # An unknown category is a 404 computed once per change too (the label lookup raises NotFound).
    state = cache.value("public", category or "", lambda: calendar.public_feed_state(category))
    filename = f"soft-landing-{category}.ics" if category else "soft-landing-events.ics"
    # Rendered once per change into the shared cache, under the ETag it answers for.
    return _answer(state, lambda: cache.shared_bytes(f"public-{category or ''}-{state.etag}",
                                                   lambda: calendar.public_feed_bytes(category)), filename)


@bp.get("/calendar/<token>.ics")
def personal_feed(token):
    """A person's private feed; the token in the address is its only key (no sign-in)."""
    cache = get_cache()

    def compute():
        return calendar.personal_feed_state(calendar.user_for_feed_token(token))

    # Unknown tokens raise NotFound before anything is kept; a reset or deactivation changes the stamp.
    state = cache.value("personal", token, compute)
    # Apps that poll without If-None-Match (Google) get the copy this process built for the same ETag;
    # one person's feed stays in this process's memory, never in the shared store.
    response = _answer(state, lambda: cache.shared_bytes(
        f"personal-{token}-{state.etag}", lambda: calendar.personal_feed_bytes(calendar.user_for_feed_token(token)),
        share=False), "soft-landing-my-events.ics", cache="private, no-store")
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.post("/calendar/reset")
@login_required
def reset_token():
    """Make a new private feed address; calendar apps using the old one stop updating."""
    had_one = calendar.feed_token(current_user) is not None
    calendar.reset_feed_token(current_user)
    if had_one:
        flash("Your calendar address has changed. The old one no longer works: subscribe again "
              "with the new address.", "success")
    else:
        flash("Your calendar address is ready. Subscribe to it in your calendar app.", "success")
    return redirect(url_for("profiles.settings") + "#calendar-h")
