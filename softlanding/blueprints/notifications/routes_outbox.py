"""Admin only: the outbox of pending and failed emails, with retry."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from softlanding.blueprints.notifications.blueprint import bp
from softlanding.core import audit
from softlanding.core import outbox as outbox_service
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.errors import DomainError
from softlanding.core.forms import ConfirmForm
from softlanding.core.models import OUTBOX_STATUSES


@bp.get("/admin/outbox/")
@role_required("admin")
def outbox():
    """Messages by status (pending by default), paged; no bodies here."""
    status = request.args.get("status", "pending")
    if status not in OUTBOX_STATUSES:
        status = "pending"
    pagination = outbox_service.messages_page(status, page_arg(request), current_app.config["ITEMS_PER_PAGE"])
    return render_template("notifications/outbox_index.html", pagination=pagination, status=status,
                           counts=outbox_service.status_counts(), statuses=OUTBOX_STATUSES, confirm=ConfirmForm())


@bp.get("/admin/outbox/<int:message_id>")
@role_required("admin")
def outbox_detail(message_id):
    """One message: delivery history and, unless it is sensitive, its text."""
    try:
        message = outbox_service.get_message(message_id)
    except DomainError as error:
        abort(error.status_code)
    return render_template("notifications/outbox_detail.html", message=message, confirm=ConfirmForm())


@bp.post("/admin/outbox/<int:message_id>/retry")
@role_required("admin")
def outbox_retry(message_id):
    """Queue one pending or failed message for the next run, with fresh attempts."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        outbox_service.retry(message_id)
        audit.record("outbox_retried", "outbox_message", message_id)
    except DomainError as error:
        fail(error)
    else:
        g.mail_queued = True  # where mail is delivered inline (development), send it now
        flash("The message is queued again.", "success")
    return redirect(url_for("notifications.outbox_detail", message_id=message_id))


@bp.post("/admin/outbox/retry-failed")
@role_required("admin")
def outbox_retry_failed():
    """Queue every failed message again."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = outbox_service.retry_all_failed()
    audit.record("outbox_retried", "outbox_message", None, f"all_failed={count}")
    g.mail_queued = True
    flash(f"{count} failed message{'s' if count != 1 else ''} queued again.", "success")
    return redirect(url_for("notifications.outbox", status="pending"))
