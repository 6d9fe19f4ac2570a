"""Check-ins from the pair's space, and the organisers' list of pairs reporting problems."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.mentoring import checkins as mentoring_checkins
from softlanding.blueprints.mentoring.blueprint import bp
from softlanding.blueprints.mentoring.forms import CheckinForm
from softlanding.blueprints.mentoring.offers import preferences
from softlanding.blueprints.mentoring.routes_space import _space
from softlanding.core import reference
from softlanding.core.access import fail, role_required
from softlanding.core.db import utcnow
from softlanding.core.errors import DomainError


@bp.route("/pairs/<int:mentorship_id>/checkin/<stage>", methods=["GET", "POST"])
@login_required
def checkin(mentorship_id, stage):
    """One side's short check-in for one stage."""
    pair = _space(mentorship_id)
    if stage not in mentoring_checkins.STAGES:
        abort(404)
    side = pair.side_of(current_user.id)
    form = CheckinForm()
    form.met.choices = list(mentoring_checkins.MET_CHOICES.items())
    need = _top_need(pair)
    form.confidence.label.text = (f"How confident do you feel now about {need}? (1 not at all, 5 very)"
                                  if side == "mentee" else
                                  f"How confident are you that you are helping with {need}? (1 not at all, 5 very)")
    if form.validate_on_submit():
        try:
            mentoring_checkins.submit(current_user, mentorship_id, stage, form.met.data, form.usefulness.data,
                                      form.confidence.data, form.problem.data, form.comment.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Thank you: your check-in is saved." + (" An organiser will contact you." if form.problem.data
                                                          else ""), "success")
            return redirect(url_for("mentoring.space", mentorship_id=mentorship_id))
    is_open = stage in mentoring_checkins.due_for(current_user, pair)
    return render_template("mentoring/checkin.html", pair=pair, form=form, stage=stage, is_open=is_open,
                           stage_label=mentoring_checkins.STAGES[stage],
                           done=stage in mentoring_checkins.answered(current_user, pair.id))


def _top_need(pair):
    pref = preferences(pair.mentee)
    if pref and pref.help_topics:
        return reference.label("help_topic", pref.help_topics[0])
    return "what the newcomer asked for help with"


@bp.get("/organiser/checkins")
@role_required("organiser")
def checkin_problems():
    """Check-ins that report a problem, newest first, and the figures by stage."""
    now = utcnow()
    return render_template("mentoring/checkin_problems.html", reports=mentoring_checkins.problem_reports(),
                           stages=mentoring_checkins.STAGES, met=mentoring_checkins.MET_CHOICES,
                           summary=mentoring_checkins.checkin_summary(now - timedelta(days=365), now))
