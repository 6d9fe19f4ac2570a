"""Admin: one member's record (roles, suspension, data requests) and the audit trail."""

from datetime import UTC, datetime, time, timedelta

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from softlanding.blueprints.accounts import people
from softlanding.blueprints.accounts.blueprint import bp
from softlanding.blueprints.accounts.forms import AuditFilterForm, SuspendForm
from softlanding.blueprints.accounts.privacy import exports_of
from softlanding.core import audit
from softlanding.core.access import fail, page_arg, role_required
from softlanding.core.errors import DomainError
from softlanding.core.extensions import db
from softlanding.core.forms import ConfirmForm

AUDIT_CSV_LIMIT = 50_000


@bp.get("/admin/users/<int:user_id>")
@role_required("admin")
def member(user_id):
    """One member: roles, suspension, data export and erasure, and their recent audit entries."""
    try:
        user = people.member(user_id)
    except DomainError as error:
        fail(error)
    entries = db.session.scalars(audit.query(target_user_id=user.id).limit(20)).all()
    return render_template("accounts/admin_member.html", user=user, suspend_form=SuspendForm(),
                           confirm=ConfirmForm(), entries=entries, actions=audit.ACTIONS, exports=exports_of(user),
                           holdings={role: people.holdings(user, role) for role in user.roles})


@bp.post("/admin/users/<int:user_id>/suspend")
@role_required("admin")
def suspend(user_id):
    """Suspend with a reason: signed out everywhere, hidden, held places released, told why."""
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            user = people.suspend(current_user, user_id, form.reason.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash(f"{user.full_name} is suspended and signed out everywhere.", "success")
            return redirect(url_for("accounts.member", user_id=user_id))
    try:
        user = people.member(user_id)
    except DomainError as error:
        fail(error)
    return render_template("accounts/admin_member.html", user=user, suspend_form=form, confirm=ConfirmForm(),
                           entries=[], actions=audit.ACTIONS, exports=exports_of(user),
                           holdings={role: people.holdings(user, role) for role in user.roles}), 200


@bp.post("/admin/users/<int:user_id>/reinstate")
@role_required("admin")
def reinstate(user_id):
    """Lift a suspension."""
    if ConfirmForm().validate_on_submit():
        try:
            user = people.reinstate(current_user, user_id)
        except DomainError as error:
            fail(error)
        else:
            flash(f"{user.full_name} can sign in again.", "success")
    return redirect(url_for("accounts.member", user_id=user_id))


def _audit_filters(form):
    person = (form.person.data or "").strip()
    person_id = int(person) if person.isdigit() and len(person) < 10 else None
    since = datetime.combine(form.since.data, time.min, tzinfo=UTC) if form.since.data else None
    until = datetime.combine(form.until.data, time.min, tzinfo=UTC) + timedelta(days=1) if form.until.data else None
    action = form.action.data if form.action.data in audit.ACTIONS else ""
    return person_id, action, since, until


@bp.get("/admin/audit")
@role_required("admin")
def audit_log():
    """The audit trail, filtered by person (as actor or as the member acted on), action and dates."""
    form = AuditFilterForm(request.args)
    form.action.choices = [("", "Any action"), *audit.ACTIONS.items()]
    valid = form.validate()
    person_id, action, since, until = _audit_filters(form) if valid else (None, "", None, None)
    stmt = audit.query(action=action, since=since, until=until, person_id=person_id)
    if request.args.get("format") == "csv" and valid:
        body = audit.to_csv(db.session.scalars(stmt.limit(AUDIT_CSV_LIMIT)))
        return Response(body, mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=audit.csv"})
    pagination = db.paginate(stmt, page=page_arg(request), per_page=50, error_out=False)
    return render_template("accounts/admin_audit.html", form=form, pagination=pagination, actions=audit.ACTIONS,
                           csv_args={**request.args.to_dict(), "format": "csv"})
