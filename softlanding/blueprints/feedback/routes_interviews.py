"""Members record their specialty-training interviews and, once they hear, the outcome; the same records feed
the impact report's "interview offers after mock interviews"."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.feedback import interviews
from softlanding.blueprints.feedback.blueprint import bp
from softlanding.blueprints.feedback.forms import InterviewForm, InterviewOutcomeForm
from softlanding.blueprints.feedback.models import INTERVIEW_OUTCOMES
from softlanding.blueprints.feedback.routes_outcomes import _page
from softlanding.core import reference
from softlanding.core.access import fail
from softlanding.core.errors import DomainError, NotFound
from softlanding.core.forms import ConfirmForm


def _show_errors(form, error: interviews.InvalidInterview) -> None:
    fail(error)
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [message]
        else:
            flash(message, "error")


@bp.post("/outcomes/interviews")
@login_required
def outcomes_interview_add():
    """Add one of my interviews (from the outcomes page); a problem re-shows the page with what I typed."""
    form = InterviewForm().fill()
    if form.validate_on_submit():
        try:
            interviews.record_interview(current_user, form.interview_on.data, form.level.data,
                                        form.specialty.data or "", form.outcome.data)
        except interviews.InvalidInterview as error:
            _show_errors(form, error)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Interview saved. Good luck! It counts, without your name, in the network's results.", "success")
            return redirect(url_for("feedback.outcomes_exams", _anchor="interviews"))
    return _page(None, interview_form=form)


@bp.route("/outcomes/interviews/<int:interview_id>", methods=["GET", "POST"])
@login_required
def outcomes_interview(interview_id):
    """The outcome of one of my interviews: offer, no offer or still waiting; the level and specialty."""
    own = {r.id: r for r in interviews.my_interviews(current_user)}
    record = own.get(interview_id)
    if record is None:
        fail(NotFound("No such interview record."))
    form = InterviewOutcomeForm(data={"outcome": record.outcome, "level": record.level,
                                      "specialty": record.specialty}).fill()
    if form.validate_on_submit():
        try:
            interviews.record_outcome(current_user, interview_id, form.outcome.data, form.level.data,
                                      form.specialty.data or "")
        except interviews.InvalidInterview as error:
            _show_errors(form, error)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Outcome saved. Thank you: it counts, without your name, in the network's results.", "success")
            return redirect(url_for("feedback.outcomes_exams", _anchor="interviews"))
    return render_template("feedback/interview_outcome.html", form=form, record=record,
                           levels=reference.labels("interview_level"), outcomes=INTERVIEW_OUTCOMES)


@bp.post("/outcomes/interviews/<int:interview_id>/delete")
@login_required
def outcomes_interview_delete(interview_id):
    """Remove one of my interview records."""
    if ConfirmForm().validate_on_submit():
        try:
            interviews.delete_interview(current_user, interview_id)
        except DomainError as error:
            fail(error)
        else:
            flash("Interview record removed.", "success")
    return redirect(url_for("feedback.outcomes_exams", _anchor="interviews"))
