"""Team coding: draw a blind sample, code it as the second coder, compare and resolve disagreements."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.analysis import choices, codebook, memos, refs, team
from softlanding.blueprints.analysis.blueprint import bp
from softlanding.blueprints.analysis.forms import ResolveForm, SampleForm
from softlanding.core.access import fail, role_required
from softlanding.core.converters import parse_id
from softlanding.core.errors import DomainError, NotFound, PermissionDenied
from softlanding.core.forms import ConfirmForm


def _answer_or_404(ref):
    try:
        return refs.decode_as(ref, "answer")
    except NotFound:
        abort(404)


def _sample_or_404(sample_id):
    try:
        return team.get_sample(sample_id)
    except NotFound:
        abort(404)


@bp.route("/samples", methods=["GET", "POST"])
@role_required("organiser")
def samples():
    """The blind samples, and a form to draw one for a second coder."""
    form = SampleForm()
    form.question.choices = [("", "Choose a question")] + [(q, q) for q in choices.filter_choices()["questions"]]
    form.coder_id.choices = [(None, "Choose an organiser")] + [(u.id, u.display_name) for u in team.coders()]
    if request.method == "GET":
        form.percent.data = form.percent.data or 20
    if form.validate_on_submit():
        try:
            sample = team.draw_sample(current_user, form.question.data, form.percent.data, form.coder_id.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash(f"Sample drawn: {team.sample_size(sample)} answers for "
                  f"{sample.coder.display_name if sample.coder else 'the second coder'} to code blind.", "success")
            return redirect(url_for("analysis.samples"))
    return render_template("analysis/samples.html", form=form, samples=team.samples())


@bp.get("/samples/<int:sample_id>/code")
@role_required("organiser")
def code_sample(sample_id):
    """The second coder's page: the sample's answers, without the first coder's codes."""
    sample = _sample_or_404(sample_id)
    try:
        items, mine = team.blind_items(sample, current_user)
    except PermissionDenied:
        abort(403)
    return render_template("analysis/sample_code.html", sample=sample, items=items, mine=mine,
                           codes=codebook.codable_codes(), confirm=ConfirmForm())


@bp.post("/samples/<int:sample_id>/answers/<ref>")
@role_required("organiser")
def code_sample_answer(sample_id, ref):
    """Save the second coder's codes on one answer (named by its opaque reference, never its id)."""
    sample = _sample_or_404(sample_id)
    answer_id = _answer_or_404(ref)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        team.save_blind_codes(current_user, sample, answer_id,
                              [parse_id(v) or -1 for v in request.form.getlist("code_ids")])
    except PermissionDenied:
        abort(403)
    except NotFound:
        abort(404)
    except DomainError as error:
        fail(error)
    else:
        flash("Saved your codes for that answer.", "success")
    return redirect(url_for("analysis.code_sample", sample_id=sample.id) + f"#sample-answer-{ref}")


@bp.post("/samples/<int:sample_id>/complete")
@role_required("organiser")
def complete_sample(sample_id):
    """The second coder marks the sample done."""
    sample = _sample_or_404(sample_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        team.complete(current_user, sample)
    except PermissionDenied:
        abort(403)
    flash("Sample marked done: the comparison is open.", "success")
    return redirect(url_for("analysis.compare_sample", sample_id=sample.id))


@bp.get("/samples/<int:sample_id>")
@role_required("organiser")
def compare_sample(sample_id):
    """Per code: percent agreement, Cohen's kappa, Krippendorff's alpha; and each disagreement to resolve."""
    sample = _sample_or_404(sample_id)
    stats, disagreements = team.comparison(sample) if sample.completed_at else ([], [])
    return render_template("analysis/sample_compare.html", sample=sample, stats=stats, disagreements=disagreements,
                           reflexive=memos.project().reflexive, form=ResolveForm(),
                           size=team.sample_size(sample))


@bp.post("/samples/<int:sample_id>/resolve")
@role_required("organiser")
def resolve_sample(sample_id):
    """Record how a disagreement was settled (with a note) and apply it to the team's coding."""
    sample = _sample_or_404(sample_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash("Say whether the code applies, and keep the note under 2,000 characters.", "error")
    else:
        try:
            team.resolve(current_user, sample, _answer_or_404(request.form.get("ref", "")),
                         parse_id(request.form.get("code_id")), form.applies.data == "yes", form.note.data)
        except NotFound:
            abort(404)
        except DomainError as error:
            fail(error)
        else:
            flash("Disagreement resolved; the team's coding now follows it.", "success")
    return redirect(url_for("analysis.compare_sample", sample_id=sample.id))
