"""Suggested themes: run, rename, dismiss, review and accept; the decision log.

The filters and k travel in the query string, so every page and form works on the same texts.
"""

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.analysis import choices, codebook, refs
from softlanding.blueprints.analysis import suggest as analysis_suggest
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.blueprint import bp
from softlanding.blueprints.analysis.forms import AcceptSuggestionForm, RenameSuggestionForm
from softlanding.blueprints.analysis.routes import filter_args
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.errors import DomainError, NotFound
from softlanding.core.forms import ConfirmForm
from softlanding.lib.topics import MAX_K, MIN_K, STRONG_SHARE

SIGNATURE = re.compile(r"^[0-9a-f]{32}$")


def _k():
    try:
        k = int(request.args.get("k", ""))
    except ValueError:
        return None
    return k if MIN_K <= k <= MAX_K else None


def _checked(signature):
    if not SIGNATURE.match(signature):
        abort(404)
    k = _k()
    if k is None:
        abort(400)
    return k, analysis.parse_filters(request.args)


@bp.get("/suggestions")
@role_required("organiser")
def suggestions():
    """Pick how many themes; see the suggestions with top terms, coverage and typical answers."""
    k = _k()
    filters = analysis.parse_filters(request.args)
    found, total, hidden = analysis_suggest.run(filters, k) if k else (None, None, 0)
    error = "Choose a number of themes from 3 to 10." if "k" in request.args and not k else None
    return render_template("analysis/suggestions.html", k=k, found=found, filters=filters, error=error,
                           args=filter_args(), rename_form=RenameSuggestionForm(), confirm=ConfirmForm(),
                           ks=range(MIN_K, MAX_K + 1), sources=analysis.SOURCES, total=total, hidden=hidden,
                           choices=choices.filter_choices(), codes=codebook.codable_codes())


@bp.post("/suggestions/<signature>/rename")
@role_required("organiser")
def rename_suggestion(signature):
    """Rename a suggestion (logged)."""
    k, filters = _checked(signature)
    form = RenameSuggestionForm()
    if not form.validate_on_submit():
        flash("Give the suggestion a name of 1 to 120 characters.", "error")
    else:
        try:
            analysis_suggest.rename(current_user, filters, k, signature, form.name.data)
        except NotFound as error:
            fail(error, abort_missing=False)
        except DomainError as error:
            fail(error)
        else:
            flash(f"Suggestion renamed to “{form.name.data.strip()}”. Nothing has been coded yet.", "success")
    return redirect(url_for("analysis.suggestions", k=k, **filter_args()))


@bp.post("/suggestions/<signature>/dismiss")
@role_required("organiser")
def dismiss_suggestion(signature):
    """Dismiss a suggestion (logged); nothing is coded."""
    k, filters = _checked(signature)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        analysis_suggest.dismiss(current_user, filters, k, signature)
    except NotFound as error:
        fail(error, abort_missing=False)
    else:
        flash("Suggestion dismissed. Nothing was coded.", "success")
    return redirect(url_for("analysis.suggestions", k=k, **filter_args()))


def _posted_keys():
    """The ticked texts as (kind, id); abort 400 on anything that is not one."""
    keys = []
    for value in request.form.getlist("items"):
        try:
            kind, item_id = refs.decode(value)
        except NotFound:
            abort(400)
        if kind not in ("answer", "closing", "checkin"):
            abort(400)
        keys.append((kind, item_id))
    return keys


@bp.route("/suggestions/<signature>/accept", methods=["GET", "POST"])
@role_required("organiser")
def accept_suggestion(signature):
    """Review the answers a suggestion would code (strong matches ticked), confirm the count, then code."""
    k, filters = _checked(signature)
    try:
        suggestion, items = analysis_suggest.review(filters, k, signature)
    except NotFound as error:
        fail(error, abort_missing=False)
        return redirect(url_for("analysis.suggestions", k=k, **filter_args()))
    if suggestion.status == "accepted":
        flash("This suggestion has already been accepted; its code is in the codebook.", "error")
        return redirect(url_for("analysis.suggestions", k=k, **filter_args()))
    form = AcceptSuggestionForm().fill_choices()
    if request.method == "GET":
        form.name.data = suggestion.name
        form.definition.data = f"Suggested from the terms: {', '.join(suggestion.top_terms)}."
    chosen = None  # None: the strong matches, as first shown
    step = "review"
    if request.method == "POST":
        tick = request.form.get("tick")
        keys = _posted_keys()
        chosen = {refs.encode(kind, i) for kind, i in keys}
        if tick in ("all", "none"):
            chosen = {i.ref for i in items} if tick == "all" else set()
        elif form.validate_on_submit():
            try:
                ordered = analysis_suggest.check_choice(suggestion, keys)
                if request.form.get("confirmed") == "1" and "revise" not in request.form:
                    code, count = analysis_suggest.accept(current_user, filters, k, signature, form.name.data,
                                                          form.definition.data, form.colour.data,
                                                          form.parent_id.data, ordered)
                    flash(f"Code “{code.name}” created and applied to {count} answer{'s' if count != 1 else ''}.",
                          "success")
                    return redirect(url_for("analysis.code_detail", code_id=code.id))
                if "revise" not in request.form:
                    step = "confirm"
            except DomainError as error:
                fail(error, form)
    template = "analysis/suggestion_confirm.html" if step == "confirm" else "analysis/suggestion_accept.html"
    return render_template(template, form=form, suggestion=suggestion, items=items, k=k, args=filter_args(),
                           chosen=chosen, colour_class=codebook.colour_class, strong_share=STRONG_SHARE,
                           strong=[i for i in items if suggestion.is_strong((i.kind, i.id))],
                           weaker=[i for i in items if not suggestion.is_strong((i.kind, i.id))])


@bp.get("/suggestions/log")
@role_required("organiser")
def decisions():
    """Who accepted, renamed or dismissed which suggestion, and when."""
    return render_template("analysis/decisions.html", pagination=analysis_suggest.decision_log(page_arg(request)))
