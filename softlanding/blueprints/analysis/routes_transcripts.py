"""Focus groups and interviews: upload a transcript, map its speakers to pseudonyms."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.analysis import transcripts
from softlanding.blueprints.analysis.blueprint import bp
from softlanding.blueprints.analysis.forms import TranscriptForm
from softlanding.core.access import fail, role_required
from softlanding.core.errors import DomainError, NotFound
from softlanding.core.forms import ConfirmForm


@bp.route("/transcripts", methods=["GET", "POST"])
@role_required("organiser")
def transcript_list():
    """The uploaded transcripts, and the upload form."""
    form = TranscriptForm()
    form.event_id.choices = [(None, "No event")] + [(i, f"{t} ({s:%d %b %Y})")
                                                    for i, t, s in transcripts.event_choices()]
    if form.validate_on_submit():
        upload = form.file.data
        try:
            transcript, count = transcripts.upload(
                current_user, form.title.data, form.event_id.data, form.held_on.data,
                getattr(upload, "filename", "") or "", upload.read(transcripts.MAX_BYTES + 1) if upload else b"")
        except DomainError as error:
            fail(error, form)
        else:
            flash(f"Transcript uploaded: {count} speaker turn{'s' if count != 1 else ''} to code. "
                  "Give the speakers pseudonyms below.", "success")
            return redirect(url_for("analysis.transcript_detail", transcript_id=transcript.id))
    elif form.is_submitted() and form.held_on.errors:
        form.held_on.errors = ["Give the date as a date, e.g. 2026-03-14."]
    return render_template("analysis/transcripts.html", form=form, rows=transcripts.all_transcripts())


@bp.route("/transcripts/<int:transcript_id>", methods=["GET", "POST"])
@role_required("organiser")
def transcript_detail(transcript_id):
    """A transcript's turns, and its speakers' pseudonyms (what the workspace and exports show)."""
    try:
        transcript = transcripts.get_transcript(transcript_id)
    except NotFound:
        abort(404)
    speakers = transcripts.speakers(transcript)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        mapping = {label: request.form.get(f"speaker-{n}", "") for n, label in enumerate(speakers)}
        transcripts.set_pseudonyms(transcript, mapping)
        flash("Pseudonyms saved.", "success")
        return redirect(url_for("analysis.transcript_detail", transcript_id=transcript.id))
    return render_template("analysis/transcript.html", transcript=transcript, speakers=speakers,
                           turns=transcripts.turns_of(transcript))
