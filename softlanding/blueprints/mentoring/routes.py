"""Mentoring pages for newcomers and mentors: find, request, answer, offer, directory."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.mentoring import find as mentoring_find
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring import requests as mentoring_requests
from softlanding.blueprints.mentoring.blueprint import bp
from softlanding.blueprints.mentoring.forms import DeclineForm, OfferForm, PreferencesForm, RequestForm
from softlanding.core import reference
from softlanding.core.access import fail, page_arg, role_required, verified_required
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm


def _filter_args(kinds):
    """Query filters kept only when they are codes from their list (bad values are ignored)."""
    out = {}
    for arg, kind in kinds.items():
        value = request.args.get(arg, "")[:60]
        if value and value in {code for code, _ in reference.choices(kind)}:
            out[arg] = value
    return out


def _link_bases():
    """A mentor's profile and request URLs without the id, so a list makes one url_for each, not two a row."""
    return {"profile_url": url_for("profiles.view", user_id=0).removesuffix("0"),
            "mentors_url": url_for("mentoring.send_request", mentor_id=0).removesuffix("0/request")}


@bp.get("/")
@login_required
def index():
    """Find a mentor: my requests and pair, my place in the queue, explained suggestions."""
    return render_template("mentoring/index.html", **mentoring_find.find_page(current_user),
                           max_open=mentoring_requests.max_open_requests(), confirm=ConfirmForm(), **_link_bases())


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """What I want help with (most important first) and my preferences."""
    form = PreferencesForm().fill_choices()
    if form.is_submitted():
        if form.validate():
            try:
                mentoring.save_preferences(current_user, form.data)
            except DomainError as error:
                fail(error, form)
            else:
                flash("Your mentoring preferences are saved.", "success")
                return redirect(url_for("mentoring.index"))
    else:
        pref = mentoring.preferences(current_user)
        if pref is not None:
            for rank, code in enumerate(pref.help_topics[:4], start=1):
                getattr(form, f"need_{rank}").data = code
            form.same_region.data, form.same_language.data = pref.same_region, pref.same_language
            form.mentor_gender.data, form.meeting_modes.data = pref.mentor_gender or "", pref.meeting_modes
            form.goals.data, form.trust_name.data = pref.goals, pref.trust_name
            form.supervisor_name.data = pref.supervisor_name
    return render_template("mentoring/preferences.html", form=form)


BROWSE_FILTERS = {"region": "region", "topic": "help_topic", "subspecialty": "subspecialty", "mode": "meeting_mode"}


@bp.get("/mentors")
@verified_required
def browse():
    """Every mentor accepting new mentees, filterable."""
    filters = _filter_args(BROWSE_FILTERS)
    pagination = mentoring_find.browse(filters, page_arg(request))
    return render_template("mentoring/browse.html", pagination=pagination, filters=filters,
                           choices={k: reference.choices(v) for k, v in BROWSE_FILTERS.items()}, **_link_bases())


@bp.route("/mentors/<int:mentor_id>/request", methods=["GET", "POST"])
@verified_required
def send_request(mentor_id):
    """Ask one mentor, with an optional message."""
    offer = mentoring.offer_of(mentor_id)
    if offer is None or mentor_id == current_user.id:
        abort(404)
    form = RequestForm()
    if form.validate_on_submit():
        try:
            mentoring_requests.send_request(current_user, mentor_id, form.message.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash(f"Your request is sent to {offer.user.display_name}.", "success")
            return redirect(url_for("mentoring.index"))
    return render_template("mentoring/request.html", form=form, offer=offer,
                           pref=mentoring.preferences(current_user))


@bp.post("/requests/<int:mentorship_id>/withdraw")
@login_required
def withdraw(mentorship_id):
    """The newcomer withdraws an open request."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        mentoring_requests.withdraw(current_user, mentorship_id)
    except DomainError as error:
        fail(error)
    else:
        flash("Request withdrawn.", "success")
    return redirect(url_for("mentoring.index"))


@bp.post("/requests/<int:mentorship_id>/accept")
@login_required
def accept(mentorship_id):
    """Accept a request (mentor) or a proposal (either side)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        pair = mentoring_requests.respond(current_user, mentorship_id, True)
    except DomainError as error:
        fail(error)
    else:
        if pair.status == "active":
            flash("Accepted. Your shared space is open.", "success")
            return redirect(url_for("mentoring.space", mentorship_id=pair.id))
        flash("Accepted. We will tell you when the other side answers.", "success")
    return redirect(request.referrer if (request.referrer or "").startswith(request.host_url)
                    else url_for("mentoring.index"))


@bp.route("/requests/<int:mentorship_id>/decline", methods=["GET", "POST"])
@login_required
def decline(mentorship_id):
    """Decline a request or proposal, with an optional reason."""
    try:
        pair = mentoring_requests.get_for(current_user, mentorship_id)
    except DomainError as error:
        fail(error)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            mentoring_requests.respond(current_user, mentorship_id, False, form.reason.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Declined. We let them know.", "success")
            return redirect(url_for("mentoring.mentor_home" if pair.mentor_id == current_user.id
                                    else "mentoring.index"))
    return render_template("mentoring/decline.html", form=form, pair=pair)


@bp.get("/mentor")
@role_required("rep", "organiser")
def mentor_home():
    """A mentor's page: requests waiting for an answer, my mentees, my offer."""
    mine = [m for m in mentoring_requests.my_mentorships(current_user) if m.mentor_id == current_user.id]
    offer = mentoring.mentor_profile(current_user)
    held = mentoring.held_places([current_user.id]).get(current_user.id, 0)
    return render_template("mentoring/mentor_home.html", offer=offer, held=held, mine=mine,
                           incoming=mentoring_requests.incoming(current_user), confirm=ConfirmForm())


@bp.route("/mentor/offer", methods=["GET", "POST"])
@role_required("rep", "organiser")
def offer():
    """Opt in as a mentor, or change capacity, availability and what I help with."""
    form = OfferForm().fill_choices()
    if form.is_submitted():
        if form.validate():
            waiting = len(mentoring_requests.incoming(current_user))
            try:
                mentoring.save_offer(current_user, form.data)
            except DomainError as error:
                fail(error, form)
            else:
                released = waiting - len(mentoring_requests.incoming(current_user))
                flash("Your mentoring offer is saved." + (
                    f" {released} waiting request{'s were' if released != 1 else ' was'} released and "
                    "the newcomers told, as you are not taking new mentees now." if released > 0 else ""), "success")
                return redirect(url_for("mentoring.mentor_home"))
    else:
        saved = mentoring.mentor_profile(current_user)
        if saved is not None:
            form.capacity.data = saved.capacity
            form.availability.data = "accepting" if saved.accepting else "paused"
            form.paused_until.data, form.help_topics.data = saved.paused_until, saved.help_topics
            form.meeting_modes.data, form.gender.data = saved.meeting_modes, saved.gender or ""
            form.trust_name.data, form.supervisor_name.data = saved.trust_name, saved.supervisor_name
        else:
            form.capacity.data = 2
    return render_template("mentoring/offer.html", form=form)


DIRECTORY_FILTERS = {"region": "region", "subspecialty": "subspecialty"}


@bp.get("/directory")
@verified_required
def directory():
    """Reps by region: sub-specialty, what they help with, whether they mentor."""
    filters = _filter_args(DIRECTORY_FILTERS)
    if request.args.get("mentors") == "yes":
        filters["mentors"] = "yes"
    pagination, offers = mentoring_find.directory(filters, page_arg(request))
    return render_template("mentoring/directory.html", pagination=pagination, offers=offers, filters=filters,
                           choices={k: reference.choices(v) for k, v in DIRECTORY_FILTERS.items()})
