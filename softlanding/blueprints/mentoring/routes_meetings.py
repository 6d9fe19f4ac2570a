"""Planning meetings in the pair's space: propose, accept, suggest another time, cancel."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.mentoring import meetings as mentoring_meetings
from softlanding.blueprints.mentoring.blueprint import bp
from softlanding.blueprints.mentoring.forms import PlanMeetingForm
from softlanding.blueprints.mentoring.routes_space import _render, _space
from softlanding.core.access import fail
from softlanding.core.converters import parse_id
from softlanding.core.db import utcnow
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm


@bp.post("/pairs/<int:mentorship_id>/plan")
@login_required
def plan_meeting(mentorship_id):
    """Propose a meeting, or (with `replaces`) another time for one."""
    pair = _space(mentorship_id)
    form = PlanMeetingForm().fill_choices()
    if form.validate_on_submit():
        try:
            values = mentoring_meetings.clean(current_user, form.on.data, form.at.data, form.minutes.data,
                                              form.mode.data, form.link.data, form.place.data, utcnow())
            mentoring_meetings.propose(current_user, mentorship_id, values, parse_id(form.replaces.data or ""))
        except DomainError as error:
            fail(error, form)
        else:
            flash("Meeting proposed. We told the other side; it is agreed when they accept.", "success")
            return redirect(url_for("mentoring.space", mentorship_id=mentorship_id, _anchor="plan"))
    if form.replaces.data:
        return _another(pair, form)
    return _render(_space(mentorship_id), plan=form)


def _another(pair, form, meeting=None):
    return render_template("mentoring/another_time.html", pair=pair, form=form, meeting=meeting)


@bp.get("/pairs/<int:mentorship_id>/plan/<int:meeting_id>/another")
@login_required
def another_time(mentorship_id, meeting_id):
    """Suggest another time for a proposed or agreed meeting."""
    pair = _space(mentorship_id)
    meeting = next((m for m in mentoring_meetings.planned(pair) if m.id == meeting_id), None)
    if meeting is None:
        abort(404)
    local = meeting.starts_at.astimezone(mentoring_meetings.zone_of(current_user))
    form = PlanMeetingForm(on=local.date(), at=local.time(), minutes=meeting.minutes, mode=meeting.mode,
                           link=meeting.link, place=meeting.place, replaces=str(meeting.id)).fill_choices()
    form.submit.label.text = "Suggest this time"
    return _another(pair, form, meeting)


def _answer(mentorship_id, meeting_id, action, message):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        action(current_user, mentorship_id, meeting_id)
    except DomainError as error:
        fail(error)
    else:
        flash(message, "success")
    return redirect(url_for("mentoring.space", mentorship_id=mentorship_id, _anchor="plan"))


@bp.post("/pairs/<int:mentorship_id>/plan/<int:meeting_id>/accept")
@login_required
def accept_meeting(mentorship_id, meeting_id):
    """Accept a proposed meeting; both get the calendar file."""
    return _answer(mentorship_id, meeting_id, mentoring_meetings.accept,
                   "Meeting agreed. We emailed you both a calendar file.")


@bp.post("/pairs/<int:mentorship_id>/plan/<int:meeting_id>/cancel")
@login_required
def cancel_meeting(mentorship_id, meeting_id):
    """Cancel a proposed or agreed meeting."""
    return _answer(mentorship_id, meeting_id, mentoring_meetings.cancel, "Meeting cancelled. We told the other side.")


