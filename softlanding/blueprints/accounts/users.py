"""Accounts: registration, verification, sign-in, password reset and change, roles."""

import hashlib
from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from softlanding.blueprints.accounts import passwords, sessions
from softlanding.blueprints.accounts.models import GRANTABLE_ROLES, User, UserRole, new_session_token
from softlanding.blueprints.notifications.notify import Kind
from softlanding.blueprints.profiles.models import Profile
from softlanding.core import audit
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound, PermissionDenied, ProblemList, ValidationError
from softlanding.core.extensions import db
from softlanding.core.mailer import external_url, queue_email
from softlanding.lib.sanitize import name_problem

# Safety messages: always sent, shown on the preferences page without a switch.
KINDS = (
    Kind("verify_email", "Email address confirmation", "Account", optional=False),
    Kind("reset_password", "Password reset", "Account", optional=False),
    Kind("account_exists", "Someone registering with your address", "Account", optional=False),
    Kind("email_change", "Email address change", "Account", optional=False),
    Kind("account_notice", "Your account: suspension, roles, erasure, data downloads", "Account", optional=False),
)


def normalise_email(raw: str | None, field: str = "email") -> str:
    """Validate the syntax (no DNS look-up) and return the lower-cased normal form."""
    try:
        result = validate_email((raw or "").strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(f"Enter a valid email address: {exc}", field=field) from None
    return result.normalized.lower()


def find_by_email(email: str | None) -> User | None:
    """The user with this email (case-insensitive), or None."""
    try:
        email = normalise_email(email)
    except ValidationError:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def check_registration(full_name: str, email: str, password: str) -> tuple[str, str]:
    """The cleaned name and email, or Problems naming every bad field at once. Whether the address
    already has an account is never one of them (registration answers alike either way)."""
    problems = ProblemList()
    full_name = (full_name or "").strip()
    if not full_name:
        problems.add("Enter your full name.", "full_name")
    elif len(full_name) > 120:
        problems.add("Use at most 120 characters.", "full_name")
    elif problem := name_problem(full_name):
        problems.add(problem, "full_name")
    normalised = problems.check(normalise_email, email)
    problems.check(passwords.check_policy, password or "", email=normalised or (email or ""), name=full_name)
    problems.raise_any()
    return full_name, normalised or ""


def register(full_name: str, email: str, password: str) -> User | None:
    """Create a newcomer account with an empty profile and queue the verification email; for an address
    that already has an account, create nothing, email its owner and return None."""
    full_name, email = check_registration(full_name, email, password)
    existing = find_by_email(email)
    if existing is not None:
        # Answer exactly as for a new address (no one learns who is a member); tell the owner instead.
        passwords.hash_password(password)  # the same work as a real registration, so timing agrees
        queue_email(existing.email, "Someone tried to register with your email address", "account_exists",
                    kind="account_exists", user=existing, sensitive=True,
                    sign_in=external_url("accounts.login"), reset=external_url("accounts.forgot_password"))
        return None
    user = User(full_name=full_name, email=email, password_hash=passwords.hash_password(password))
    user.profile = Profile(display_name=full_name.split()[0] if full_name else "")
    db.session.add(user)
    db.session.flush()
    send_verification(user)
    return user


def create_user(full_name: str, email: str, password: str, roles: Iterable[str] = (), verified: bool = True,
                check_policy: bool = True) -> User:
    """Create an account directly (CLI and demo data)."""
    email = normalise_email(email)
    if check_policy:
        passwords.check_policy(password, email=email, name=full_name)
    if find_by_email(email) is not None:
        raise ValidationError("An account with this email already exists.", field="email")
    user = User(full_name=full_name, email=email, password_hash=passwords.hash_password(password))
    user.profile = Profile(display_name=full_name.split()[0])
    if verified:
        user.email_verified_at = utcnow()
    for role in roles:
        user.role_rows.append(UserRole(role=role))
    db.session.add(user)
    db.session.flush()
    return user


def _serializer(salt):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user):
    """Changes whenever the password or session token changes, so old links stop working."""
    return hashlib.sha256(f"{user.password_hash}|{user.session_token}".encode()).hexdigest()[:16]


def sign_in_epoch(email: str) -> str:
    """A short value that changes when the account's password or sessions are reset ("" for no account)."""
    user = find_by_email(email) if email else None
    return _fingerprint(user)[:8] if user is not None else ""


def verification_token(user: User) -> str:
    """A signed token confirming `user`'s current email."""
    return _serializer("verify-email").dumps({"uid": user.id, "email": user.email})


def send_verification(user: User) -> None:
    """Queue the email with the verification link."""
    token = verification_token(user)
    queue_email(
        user.email, "Confirm your email address", "verify_email", kind="verify_email",
        user=user, sensitive=True, link=external_url("accounts.verify_email", token=token),
        hours=int(current_app.config["EMAIL_VERIFY_MAX_AGE"].total_seconds() // 3600),
    )


def _read_link(token: str, salt: str, max_age_setting: str, what: str, then: str) -> dict:
    """The payload of a signed, expiring link; ValidationError naming `what` if it expired or was forged."""
    max_age = current_app.config[max_age_setting].total_seconds()
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise ValidationError(f"{what} has expired. {then}") from None
    except BadSignature:
        raise ValidationError(f"{what} is not valid.") from None


def user_for_verification_token(token: str) -> User:
    """The account a confirmation link is for (nothing is changed); ValidationError if bad or expired."""
    data = _read_link(token, "verify-email", "EMAIL_VERIFY_MAX_AGE", "This confirmation link",
                      "Sign in to get a new one.")
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise ValidationError("This confirmation link is not valid.")
    return user


def verify_email(token: str) -> User:
    """Mark the email verified; raises ValidationError for a bad or expired link."""
    user = user_for_verification_token(token)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if email and password match an active account, else None (same time either way)."""
    user = find_by_email(email)
    if user is None:
        passwords.dummy_verify()
        return None
    if not passwords.verify_password(user.password_hash, password) or user.erased_at is not None:
        return None
    if user.suspended_at is not None:
        # Only someone who knows the password learns this, and they need to know why sign-in fails.
        raise ValidationError("This account is suspended, so it cannot sign in. Write to "
                              f"{current_app.config['PRIVACY_CONTACT']} if you think this is a mistake.",
                              field="password")
    if not user.is_active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def request_password_reset(email: str) -> User | None:
    """Queue a reset email if the account exists; says nothing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return None
    token = _serializer("reset-password").dumps({"uid": user.id, "fp": _fingerprint(user)})
    queue_email(
        user.email, "Reset your password", "reset_password", kind="reset_password",
        user=user, sensitive=True, link=external_url("accounts.reset_password", token=token),
        minutes=int(current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 60),
    )
    return user


def user_for_reset_token(token: str) -> User:
    """The user a reset token is for; raises ValidationError if expired, used or forged."""
    data = _read_link(token, "reset-password", "PASSWORD_RESET_MAX_AGE", "This reset link", "Ask for a new one.")
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("fp") != _fingerprint(user):
        raise ValidationError("This reset link has already been used or is no longer valid.")
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link then stops working."""
    user = user_for_reset_token(token)
    _set_password(user, new_password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()  # they proved they read mail sent to this address
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one; ends every other session."""
    if not passwords.verify_password(user.password_hash, current_password):
        raise ValidationError("Your current password is not right.", field="current_password")
    _set_password(user, new_password)


def _set_password(user, new_password):
    passwords.check_policy(new_password, email=user.email, name=user.full_name)
    user.password_hash = passwords.hash_password(new_password)
    user.session_token = new_session_token()
    db.session.flush()


def end_all_sessions(user: User) -> None:
    """Rotate the session token: every session and remember cookie of the user stops working."""
    sessions.end_all(user)


def set_role(actor: User, user_id: int, role: str, granted: bool) -> User:
    """Grant or remove a role; only admins, and an admin cannot remove their own admin role."""
    if not actor.is_admin:
        raise PermissionDenied("Only admins change roles.")
    if role not in GRANTABLE_ROLES:
        raise ValidationError("Unknown role.", field="role")
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such member.")
    if user.id == actor.id and role == "admin" and not granted:
        raise ValidationError("You cannot remove your own admin role.")
    if user.erased_at is not None:
        raise ValidationError("This account has been erased.")
    has = {row.role: row for row in user.role_rows}
    if granted and role not in has:
        user.role_rows.append(UserRole(role=role, granted_by_id=actor.id))
        audit.record("role_granted", "user", user.id, role)
    elif not granted and role in has:
        user.role_rows.remove(has[role])
        audit.record("role_removed", "user", user.id, role)
        from softlanding.blueprints.accounts.people import notice

        notice(user, f"You are no longer {role}", f"An admin has removed your {role} role on the platform. "
               "Your account, profile and bookings are unchanged.", link_endpoint="profiles.me",
               link_label="Your profile")
    db.session.flush()
    return user


def list_users(page: int, per_page: int, query: str = "") -> Pagination:
    """Users for the admin page, newest first, optionally filtered by name or email."""
    stmt = select(User).order_by(User.id.desc())
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(func.lower(User.email).like(like) | func.lower(User.full_name).like(like))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def organisers():
    """Active accounts holding the organiser or admin role (who review events and get the digest)."""
    return db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_(("organiser", "admin")), User.is_active_account.is_(True))
        .distinct().order_by(User.id)
    ).all()
