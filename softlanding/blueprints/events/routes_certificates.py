"""Certificates of attendance and reflections for the ePortfolio; the public certificate check."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.events import certificates, reflections
from softlanding.blueprints.events.access import get_event
from softlanding.blueprints.events.blueprint import bp
from softlanding.blueprints.events.forms_desk import ReflectionForm
from softlanding.core.access import fail
from softlanding.core.errors import DomainError, ValidationError


def _download(body, mimetype, filename):
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/<int:event_id>/certificate.pdf")
@login_required
def certificate(event_id):
    """My certificate of attendance as a PDF (once attendance is marked)."""
    event = get_event(event_id, current_user)
    found = certificates.certificate_for(current_user, event.id)
    if found is None:
        abort(404, "There is no certificate for you on this event: certificates come once the host marks you "
                   "as attending.")
    return _download(certificates.pdf_bytes(found), "application/pdf", f"certificate-{event.id}.pdf")


def verify_certificate(code):
    """Anyone checks a certificate by its code: the page shows what the certificate shows."""
    try:
        found = certificates.by_code(code)
    except DomainError:
        abort(404, "No certificate has that code. Check it was copied in full.")
    return render_template("events/certificate_check.html", text=certificates.text_of(found),
                           valid=certificates.is_valid(found))


def _attended_event(event_id):
    event = get_event(event_id, current_user)
    try:
        booking = reflections.attended_booking(current_user, event)
    except DomainError:
        abort(403, "Reflections and certificates are for people marked as attending.")
    return event, booking


@bp.route("/<int:event_id>/reflection", methods=["GET", "POST"])
@login_required
def reflection(event_id):
    """Write a reflection under the ePortfolio's headings; download it as text or PDF."""
    event, booking = _attended_event(event_id)
    saved = reflections.reflection_for(booking)
    form = ReflectionForm()
    if form.validate_on_submit():
        try:
            reflections.save(current_user, event, {k: getattr(form, k).data for k in reflections.HEADINGS})
        except ValidationError as error:
            fail(error, form)
        else:
            flash("Reflection saved. Download it as text or PDF for your ePortfolio.", "success")
            return redirect(url_for("events.reflection", event_id=event.id))
    elif not form.is_submitted() and saved is not None:
        for key in reflections.HEADINGS:
            getattr(form, key).data = getattr(saved, key)
    return render_template("events/reflection.html", event=event, form=form, saved=saved,
                           certificate=certificates.certificate_for(current_user, event.id))


@bp.get("/<int:event_id>/reflection.txt")
@login_required
def reflection_text(event_id):
    """My reflection as plain text."""
    event, booking = _attended_event(event_id)
    body = reflections.as_text(current_user, event, reflections.reflection_for(booking))
    return _download(body, "text/plain; charset=utf-8", f"reflection-{event.id}.txt")


@bp.get("/<int:event_id>/reflection.pdf")
@login_required
def reflection_pdf(event_id):
    """My reflection as a PDF."""
    event, booking = _attended_event(event_id)
    body = reflections.as_pdf(current_user, event, reflections.reflection_for(booking))
    return _download(body, "application/pdf", f"reflection-{event.id}.pdf")
