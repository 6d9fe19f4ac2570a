"""The pair's shared space: only the mentor and the newcomer of an active (or ended) pair."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.mentoring import checkins as mentoring_checkins
from softlanding.blueprints.mentoring import contact
from softlanding.blueprints.mentoring import meetings as mentoring_meetings
from softlanding.blueprints.mentoring import messages as mentoring_messages
from softlanding.blueprints.mentoring import space as mentoring_space
from softlanding.blueprints.mentoring.blueprint import bp
from softlanding.blueprints.mentoring.forms import (
    CloseForm,
    FeedbackForm,
    GoalsForm,
    MeetingForm,
    NextMeetingForm,
    PlanMeetingForm,
)
from softlanding.core import reference
from softlanding.core.access import fail
from softlanding.core.converters import parse_id
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm


def _space(mentorship_id):
    try:
        return mentoring_space.get_space(current_user, mentorship_id)
    except DomainError as error:
        abort(error.status_code if error.status_code in (403, 404) else 404)


def _render(pair, goals=None, next_form=None, meeting=None, plan=None, status=200):
    """The space page; forms passed in keep what was typed and their errors."""
    goals = goals or GoalsForm(goals=pair.agreed_goals)
    next_form = next_form or NextMeetingForm(next_meeting_on=pair.next_meeting_on)
    to_log = mentoring_meetings.to_log(pair)
    if meeting is None:
        meeting = MeetingForm().fill_choices()
        chosen = next((m for m in to_log if str(m.id) == request.args.get("log", "")), None)
        if chosen is not None:  # the log offers a planned meeting prefilled
            meeting.met_on.data, meeting.mode.data, meeting.planned.data = (
                chosen.starts_at.astimezone(mentoring_meetings.zone_of(current_user)).date(), chosen.mode,
                str(chosen.id))
    plan = plan or PlanMeetingForm().fill_choices()
    ticked = {t.area for t in pair.ticks}
    return render_template("mentoring/space.html", pair=pair, side=pair.side_of(current_user.id),
                           other=pair.mentee if pair.mentor_id == current_user.id else pair.mentor,
                           goals_form=goals, next_form=next_form, meeting_form=meeting,
                           areas=reference.options("induction_area"), ticked=ticked, confirm=ConfirmForm(),
                           my_feedback=mentoring_space.feedback_of(current_user, pair),
                           unread=mentoring_messages.unread_counts(current_user, [pair.id]).get(pair.id, 0),
                           shared=contact.shared_with(current_user, pair), plan_form=plan,
                           planned=mentoring_meetings.planned(pair), to_log=to_log,
                           checkins_due=mentoring_checkins.due_for(current_user, pair),
                           checkin_labels=mentoring_checkins.STAGES), status


@bp.get("/pairs/<int:mentorship_id>")
@login_required
def space(mentorship_id):
    """Goals, meetings, the next meeting and the induction checklist."""
    return _render(_space(mentorship_id))


def _post(mentorship_id, form, slot, action, message, anchor):
    """Run one change from the space; on an error show the space again with `form` in its `slot`."""
    _space(mentorship_id)
    if form.validate_on_submit():
        try:
            action()
        except DomainError as error:
            fail(error, form)
        else:
            flash(message, "success")
            return redirect(url_for("mentoring.space", mentorship_id=mentorship_id, _anchor=anchor))
    return _render(_space(mentorship_id), **{slot: form})


@bp.post("/pairs/<int:mentorship_id>/goals")
@login_required
def save_goals(mentorship_id):
    """Save the agreed goals."""
    form = GoalsForm()
    return _post(mentorship_id, form, "goals",
                 lambda: mentoring_space.save_goals(current_user, mentorship_id, form.goals.data),
                 "Goals saved.", "agreed-goals")


@bp.post("/pairs/<int:mentorship_id>/next")
@login_required
def next_meeting(mentorship_id):
    """Set or clear the next meeting date."""
    form = NextMeetingForm()
    return _post(mentorship_id, form, "next_form",
                 lambda: mentoring_space.set_next_meeting(current_user, mentorship_id, form.next_meeting_on.data),
                 "Next meeting date saved.", "next")


@bp.post("/pairs/<int:mentorship_id>/meetings")
@login_required
def log_meeting(mentorship_id):
    """Log a meeting."""
    form = MeetingForm().fill_choices()

    def action():
        logged = mentoring_space.log_meeting(current_user, mentorship_id, form.met_on.data, form.mode.data,
                                             form.notes.data)
        mentoring_meetings.mark_logged(logged.mentorship, parse_id(form.planned.data or ""), logged.id)

    return _post(mentorship_id, form, "meeting", action, "Meeting logged.", "meetings")


@bp.post("/pairs/<int:mentorship_id>/induction/<area>")
@login_required
def toggle_tick(mentorship_id, area):
    """Tick or untick one induction area."""
    _space(mentorship_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        ticked = mentoring_space.toggle_tick(current_user, mentorship_id, area)
    except DomainError as error:
        fail(error)
    else:
        flash(f"'{reference.label('induction_area', area)}' {'ticked' if ticked else 'unticked'}.", "success")
    return redirect(url_for("mentoring.space", mentorship_id=mentorship_id, _anchor="induction"))


@bp.route("/pairs/<int:mentorship_id>/close", methods=["GET", "POST"])
@login_required
def close(mentorship_id):
    """Complete the mentoring or end it early."""
    pair = _space(mentorship_id)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            mentoring_space.close(current_user, pair.id, form.outcome.data, form.reason.data)
        except DomainError as error:
            fail(error, form)
            pair = _space(mentorship_id)
        else:
            flash("The mentoring has ended. Please tell us how it went.", "success")
            return redirect(url_for("mentoring.feedback", mentorship_id=mentorship_id))
    return render_template("mentoring/close.html", form=form, pair=pair)


@bp.route("/pairs/<int:mentorship_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(mentorship_id):
    """The closing rating and comment."""
    pair = _space(mentorship_id)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            mentoring_space.give_feedback(current_user, pair.id, form.rating.data, form.comment.data)
        except DomainError as error:
            fail(error, form)
            pair = _space(mentorship_id)
        else:
            flash("Thank you for your feedback.", "success")
            return redirect(url_for("mentoring.index"))
    return render_template("mentoring/feedback.html", form=form, pair=pair,
                           given=mentoring_space.feedback_of(current_user, pair))
