"""Organisers: mentors who go quiet, with nudge and reassign."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.mentoring import mentor_pool
from softlanding.blueprints.mentoring import quiet as mentoring_quiet
from softlanding.blueprints.mentoring.blueprint import bp
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.converters import parse_id
from softlanding.core.db import utcnow
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm


@bp.get("/organiser/mentors")
@role_required("organiser")
def quiet_mentors():
    """Each mentor's last sign-in and last answer; requests waiting over 7 days, to nudge or reassign."""
    pagination, extras = mentoring_quiet.mentor_activity(page_arg(request))
    return render_template("mentoring/quiet.html", pagination=pagination, extras=extras,
                           stale=mentoring_quiet.stale_requests(), now=utcnow(),
                           mentors=mentor_pool.choices(),
                           confirm=ConfirmForm())


@bp.post("/organiser/mentors/<int:mentor_id>/nudge")
@role_required("organiser")
def nudge_mentor(mentor_id):
    """Remind one mentor of the requests waiting for them."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        count = mentoring_quiet.nudge_mentor(current_user, mentor_id)
    except DomainError as error:
        fail(error)
    else:
        flash(f"Reminder sent about {count} waiting request{'s' if count != 1 else ''}.", "success")
    return redirect(url_for("mentoring.quiet_mentors"))


@bp.post("/organiser/requests/<int:mentorship_id>/reassign")
@role_required("organiser")
def reassign(mentorship_id):
    """Move a waiting request to another mentor as a proposal."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        proposal = mentoring_quiet.reassign(current_user, mentorship_id, parse_id(request.form.get("mentor", "")))
    except DomainError as error:
        fail(error)
    else:
        flash(f"Proposed {proposal.mentor.full_name} to {proposal.mentee.full_name}; we told all three.", "success")
    return redirect(url_for("mentoring.quiet_mentors"))
