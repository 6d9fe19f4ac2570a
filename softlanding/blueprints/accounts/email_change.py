"""Change email: a link goes to the new address (nothing changes until it is opened and confirmed there);
once confirmed, the old address is told, so a hijacked session cannot quietly take the account."""

from flask import current_app

from softlanding.blueprints.accounts import passwords
from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.accounts.users import _fingerprint, _read_link, _serializer, find_by_email, normalise_email
from softlanding.core import audit
from softlanding.core.db import utcnow
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from softlanding.core.mailer import external_url, queue_email

SALT = "change-email"


def request_change(user: User, new_email: str, password: str) -> None:
    """Send the confirmation link to `new_email`; an address that already has an account gets nothing,
    and the answer is the same (no one learns who is a member)."""
    if not passwords.verify_password(user.password_hash, password or ""):
        raise ValidationError("That is not your password.", field="password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise ValidationError("That is already your email address.", field="email")
    if find_by_email(new_email) is not None:
        return
    token = _serializer(SALT).dumps({"uid": user.id, "email": new_email, "fp": _fingerprint(user)})
    queue_email(new_email, "Confirm your new email address", "email_change", kind="email_change", user=user,
                sensitive=True, link=external_url("accounts.confirm_email_change", token=token),
                hours=int(current_app.config["EMAIL_VERIFY_MAX_AGE"].total_seconds() // 3600))


def read_token(token: str) -> tuple[User, str]:
    """(user, new email) a change link is for; ValidationError if bad, expired or already used."""
    data = _read_link(token, SALT, "EMAIL_VERIFY_MAX_AGE", "This link", "Ask for a new one in your settings.")
    user = db.session.get(User, data.get("uid"))
    if user is None or user.erased_at is not None or data.get("fp") != _fingerprint(user):
        raise ValidationError("This link has already been used or is no longer valid.")
    return user, str(data.get("email"))


def confirm(token: str) -> User:
    """Move the account to the new address; the old address is told. Every session ends except the
    caller's (the route signs this browser in again)."""
    from softlanding.blueprints.accounts import sessions
    from softlanding.blueprints.accounts.people import notice

    user, new_email = read_token(token)
    if find_by_email(new_email) is not None:
        raise ValidationError("Another account now uses that address.")
    notice(user, "Your email address was changed",
           f"The email address of your account was changed to {new_email}. If you did not do this, reset your "
           "password at once and write to " + current_app.config["PRIVACY_CONTACT"] + ".",
           link_endpoint="accounts.forgot_password", link_label="Reset your password")
    user.email, user.email_verified_at = new_email, utcnow()
    sessions.end_all(user)  # also makes the link single-use (the fingerprint changes)
    audit.record("email_changed", "user", user.id)
    db.session.flush()
    return user
