"""Members record their MRCPCH sittings and results; the same figures feed the impact report's outcomes."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.feedback import interviews, outcomes
from softlanding.blueprints.feedback.blueprint import bp
from softlanding.blueprints.feedback.forms import ExamResultForm, InterviewForm
from softlanding.blueprints.feedback.models import EXAM_RESULTS, INTERVIEW_OUTCOMES
from softlanding.core import reference
from softlanding.core.access import fail
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm


def _page(form, status=200, interview_form=None):
    """The outcomes page: my exams and my interviews, each with its form (a failed one keeps what was typed)."""
    return render_template("feedback/exams.html", form=form or ExamResultForm(formdata=None).fill(),
                           results=outcomes.my_results(current_user),
                           labels=reference.labels("mrcpch_component"), result_labels=EXAM_RESULTS,
                           interview_form=interview_form or InterviewForm(formdata=None).fill(),
                           interviews=interviews.my_interviews(current_user),
                           levels=reference.labels("interview_level"), specialties=reference.labels("subspecialty"),
                           outcome_labels=INTERVIEW_OUTCOMES, confirm=ConfirmForm()), status


@bp.route("/outcomes/exams", methods=["GET", "POST"])
@login_required
def outcomes_exams():
    """My MRCPCH sittings (component, date, attempt, result) and my interviews, with the forms to add them."""
    form = ExamResultForm().fill()
    if form.validate_on_submit():
        try:
            outcomes.record_result(current_user, form.component.data, form.sat_on.data, form.attempt.data,
                                   form.result.data)
        except outcomes.InvalidRecord as error:
            fail(error)
            for name, message in error.errors.items():
                getattr(form, name).errors = [message]
        except DomainError as error:
            fail(error, form)
        else:
            flash("Exam saved. Thank you: it counts, without your name, in the network's results.", "success")
            return redirect(url_for("feedback.outcomes_exams"))
    return _page(form)


@bp.post("/outcomes/exams/<int:result_id>")
@login_required
def outcomes_exam_update(result_id):
    """Change the result of one of my sittings (e.g. once it is out)."""
    form = ExamResultForm().fill()
    if form.validate_on_submit():
        try:
            outcomes.record_result(current_user, form.component.data, form.sat_on.data, form.attempt.data,
                                   form.result.data, result_id=result_id)
        except outcomes.InvalidRecord as error:
            fail(error)
            flash(" ".join(error.errors.values()), "error")
        except DomainError as error:
            fail(error)
        else:
            flash("Result updated.", "success")
    else:
        flash("Please check the result: " + " ".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(url_for("feedback.outcomes_exams"))


@bp.post("/outcomes/exams/<int:result_id>/delete")
@login_required
def outcomes_exam_delete(result_id):
    """Remove one of my records."""
    if ConfirmForm().validate_on_submit():
        try:
            outcomes.delete_result(current_user, result_id)
        except DomainError as error:
            fail(error)
        else:
            flash("Exam record removed.", "success")
    return redirect(url_for("feedback.outcomes_exams"))
