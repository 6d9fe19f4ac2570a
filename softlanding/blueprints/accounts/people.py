"""Admins and people: suspension and reinstatement, what a role still gives someone, account notices."""

from flask import current_app

from softlanding.blueprints.accounts import sessions
from softlanding.blueprints.accounts.models import User
from softlanding.core import audit
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.core.mailer import external_url, queue_email
from softlanding.core.registry import get_registry

REASON_MAX = 500


def notice(user: User, subject: str, *paragraphs: str, link_endpoint: str | None = None,
           link_label: str = "", **link_values) -> None:
    """Email `user` a plain account notice (always sent: these are about the account itself)."""
    link = external_url(link_endpoint, **link_values) if link_endpoint else ""
    queue_email(user.email, subject, "account_notice", kind="account_notice", user=user, sensitive=True,
                name=user.full_name, paragraphs=list(paragraphs), link=link, link_label=link_label)


def member(user_id: int) -> User:
    """A member by id (erased accounts included); NotFound otherwise."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such member.")
    return user


def _admin_acting_on(actor: User, user_id: int) -> User:
    if not actor.is_admin:
        raise PermissionDenied("Only admins do this.")
    user = member(user_id)
    if user.erased_at is not None:
        raise Conflict("This account has been erased.")
    return user


def suspend(actor: User, user_id: int, reason: str) -> User:
    """Suspend a member: signed out everywhere, sign-in refused, hidden from every list, held places
    released (each domain's suspension hook); the member is told why."""
    user = _admin_acting_on(actor, user_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give the reason: the member is told it.", field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"Keep the reason to {REASON_MAX} characters.", field="reason")
    if user.id == actor.id:
        raise ValidationError("You cannot suspend your own account.", field="reason")
    if user.suspended_at is not None:
        raise Conflict("This member is already suspended.")
    user.suspended_at, user.suspended_reason, user.is_active_account = utcnow(), reason, False
    sessions.end_all(user)
    for hook in get_registry().suspension_hooks:
        hook(user)
    audit.record("suspended", "user", user.id)
    contact = current_app.config["PRIVACY_CONTACT"]
    notice(user, "Your account is suspended",
           "An admin has suspended your account, so you cannot sign in for now.", f"The reason given: {reason}",
           f"If you think this is a mistake, write to {contact}.")
    db.session.flush()
    return user


def reinstate(actor: User, user_id: int) -> User:
    """Lift a suspension: the member can sign in again and appears in lists again; they are told."""
    user = _admin_acting_on(actor, user_id)
    if user.suspended_at is None:
        raise Conflict("This member is not suspended.")
    user.suspended_at, user.suspended_reason, user.is_active_account = None, "", True
    audit.record("reinstated", "user", user.id)
    notice(user, "Your account is active again", "An admin has lifted the suspension of your account: you can "
           "sign in again.", link_endpoint="accounts.login", link_label="Sign in")
    db.session.flush()
    return user


def holdings(user: User, role: str) -> list[str]:
    """What `user` still holds through `role`, in plain sentences from every domain (events they host,
    mentees ...): shown before the role is removed."""
    found: list[str] = []
    for source in get_registry().holdings:
        found.extend(source(user, role))
    return found
