"""Admin only: the outbox of pending and failed emails, with retry."""

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from ...extensions import db
from ...models.mail import OUTBOX_STATUSES
from ...services import outbox
from ...services.errors import DomainError
from ..access import page_arg, role_required
from ..auth.forms import ConfirmForm

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")


@bp.get("/")
@role_required("admin")
def index():
    """Messages by status (pending by default), paged; no bodies here."""
    status = request.args.get("status", "pending")
    if status not in OUTBOX_STATUSES:
        status = "pending"
    pagination = outbox.messages_page(status, page_arg(request), current_app.config["ITEMS_PER_PAGE"])
    return render_template("outbox/index.html", pagination=pagination, status=status,
                           counts=outbox.status_counts(), statuses=OUTBOX_STATUSES, confirm=ConfirmForm())


@bp.get("/<int:message_id>")
@role_required("admin")
def detail(message_id):
    """One message: delivery history and, unless it is sensitive, its text."""
    try:
        message = outbox.get_message(message_id)
    except DomainError as error:
        abort(error.status_code)
    return render_template("outbox/detail.html", message=message, confirm=ConfirmForm())


@bp.post("/<int:message_id>/retry")
@role_required("admin")
def retry(message_id):
    """Queue one pending or failed message for the next run, with fresh attempts."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        outbox.retry(message_id)
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
    else:
        db.session.commit()
        g.mail_queued = True  # where mail is delivered inline (development), send it now
        flash("The message is queued again.", "success")
    return redirect(url_for("outbox.detail", message_id=message_id))


@bp.post("/retry-failed")
@role_required("admin")
def retry_failed():
    """Queue every failed message again."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = outbox.retry_all_failed()
    db.session.commit()
    g.mail_queued = True
    flash(f"{count} failed message{'s' if count != 1 else ''} queued again.", "success")
    return redirect(url_for("outbox.index", status="pending"))
