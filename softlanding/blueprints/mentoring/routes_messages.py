"""The pair's message thread, concerns and contact choices: only the pair reads messages; organisers
read concerns."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.mentoring import contact as mentoring_contact
from softlanding.blueprints.mentoring import messages as mentoring_messages
from softlanding.blueprints.mentoring.blueprint import bp
from softlanding.blueprints.mentoring.forms import ConcernForm, ContactForm, MessageForm
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.converters import parse_id
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm


def _thread(mentorship_id):
    try:
        return mentoring_messages.thread(current_user, mentorship_id, page_arg(request))
    except DomainError as error:
        abort(error.status_code if error.status_code in (403, 404) else 404)


def _render(mentorship_id, form=None, status=200):
    pair, pagination = _thread(mentorship_id)
    read_at = mentoring_messages.last_read(current_user, pair.id)
    unread = mentoring_messages.unread_counts(current_user, [pair.id]).get(pair.id, 0)
    other = pair.mentee if pair.mentor_id == current_user.id else pair.mentor
    return render_template("mentoring/messages.html", pair=pair, other=other, pagination=pagination,
                           read_at=read_at, unread=unread, form=form or MessageForm(), confirm=ConfirmForm()), status


@bp.get("/pairs/<int:mentorship_id>/messages")
@login_required
def messages(mentorship_id):
    """The thread, newest first, with new messages marked."""
    return _render(mentorship_id)


@bp.post("/pairs/<int:mentorship_id>/messages")
@login_required
def send_message(mentorship_id):
    """Send a message to the other side."""
    _thread(mentorship_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            mentoring_messages.post_message(current_user, mentorship_id, form.body.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Message sent.", "success")
            return redirect(url_for("mentoring.messages", mentorship_id=mentorship_id))
    return _render(mentorship_id, form)


@bp.post("/pairs/<int:mentorship_id>/messages/read")
@login_required
def mark_read(mentorship_id):
    """Mark the thread read."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        mentoring_messages.mark_read(current_user, mentorship_id)
    except DomainError as error:
        fail(error)
    return redirect(url_for("mentoring.messages", mentorship_id=mentorship_id))


@bp.route("/pairs/<int:mentorship_id>/concern", methods=["GET", "POST"])
@login_required
def concern(mentorship_id):
    """Report a concern to the organisers, quoting a message only if the member chooses to."""
    pair, pagination = _thread(mentorship_id)
    form = ConcernForm()
    form.quote.choices = [("", "No message")] + [
        (str(m.id), f"{m.created_at:%-d %b %H:%M}: {m.body[:60]}") for m in pagination.items]
    if form.validate_on_submit():
        try:
            mentoring_messages.report_concern(current_user, mentorship_id, form.note.data,
                                              (parse_id(form.quote.data) or -1) if form.quote.data else None)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Your concern is sent to the organisers. They will contact you.", "success")
            return redirect(url_for("mentoring.space", mentorship_id=mentorship_id))
    return render_template("mentoring/concern.html", pair=pair, form=form)


@bp.get("/organiser/concerns")
@role_required("organiser")
def concerns():
    """Concerns members reported about their pairs, newest first."""
    return render_template("mentoring/concerns.html", concerns=mentoring_messages.recent_concerns())


@bp.route("/contact", methods=["GET", "POST"])
@login_required
def contact():
    """Which contact details I share with my mentor or mentees once we are paired."""
    form = ContactForm()
    if form.is_submitted():
        if form.validate():
            try:
                mentoring_contact.save_choice(current_user, form.data)
            except DomainError as error:
                fail(error, form)
            else:
                flash("Your contact choices are saved.", "success")
                return redirect(url_for("mentoring.contact"))
    else:
        saved = mentoring_contact.get_choice(current_user)
        if saved is not None:
            form.share_email.data, form.phone.data, form.share_phone.data = (saved.share_email, saved.phone,
                                                                              saved.share_phone)
            form.video_link.data, form.share_video.data = saved.video_link, saved.share_video
    return render_template("mentoring/contact.html", form=form)
