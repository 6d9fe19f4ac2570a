"""Delete my account: every domain's eraser removes or anonymises its part; the account row stays, with
no personal data, so events, counts and reports keep their shape ("a former member").

The retention job warns, then erases, accounts nobody has signed in to for ACCOUNT_RETENTION.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from softlanding.blueprints.accounts import passwords, sessions
from softlanding.blueprints.accounts.models import DataExport, User
from softlanding.core import audit
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.core.models import AuditEntry, OutboxMessage
from softlanding.core.registry import get_registry

FORMER_MEMBER = "A former member"


@dataclass
class Erasure:
    """What erasers share: who asked, when, and the lines they add to the summary shown afterwards."""

    actor_id: int | None
    now: datetime
    done: list[str] = field(default_factory=list)


# What happens, in plain words, shown on the confirmation page (each domain's eraser does one line).
CONSEQUENCES = (
    "Your name, email address, password and profile are erased; you cannot sign in again.",
    "Your bookings on future events are cancelled, and people on the waiting list move up.",
    "Events you host stay, hosted by \"a former member\"; organisers are told.",
    "Mentoring you are part of ends, and the other person is told; your messages and notes are erased.",
    "Your named survey answers are kept only as anonymous answers; counts in reports do not change.",
    "Your notifications, email preferences and calendar feed are deleted.",
)


def check_password(user: User, password: str) -> None:
    """The password asked again before erasure; ValidationError if it is wrong."""
    if not passwords.verify_password(user.password_hash, password or ""):
        raise ValidationError("That is not your password.", field="password")


def erase(user: User, actor: User | None, now: datetime | None = None) -> Erasure:
    """Erase `user` (by themselves, an admin, or the retention job when actor is None)."""
    if actor is not None and actor.id != user.id and not actor.is_admin:
        raise PermissionDenied("Only admins erase another member's account.")
    if user.erased_at is not None:
        raise Conflict("This account has already been erased.")
    if actor is not None and actor.id == user.id and user.is_admin:
        others = db.session.scalar(select(func.count()).select_from(User).where(
            User.id != user.id, User.erased_at.is_(None), User.role_rows.any(role="admin")))
        if not others:
            raise ValidationError("You are the only admin: make someone else admin first.", field="password")
    context = Erasure(actor_id=actor.id if actor is not None else None, now=now or utcnow())
    for eraser in get_registry().erasers.values():
        eraser(user, context)
    _erase_account(user, context)
    audit.record("erased", "user", user.id, "self" if actor is not None and actor.id == user.id
                 else ("admin" if actor is not None else "retention"))
    db.session.flush()
    return context


def _erase_account(user: User, context: Erasure) -> None:
    """Accounts' own part: the row keeps its id and nothing else of the person."""
    sessions.end_all(user)
    user.full_name = FORMER_MEMBER
    user.email = f"erased-{user.id}-{secrets.token_hex(4)}@erased.invalid"
    user.password_hash = "!erased"  # matches no password: argon2 cannot parse it
    user.role_rows.clear()
    user.erased_at, user.is_active_account = context.now, False
    user.suspended_reason = ""
    user.email_verified_at = user.last_login_at = None
    db.session.execute(delete(DataExport).where(DataExport.user_id == user.id))
    # The sent-mail log keeps delivery facts; addresses and bodies of this person's mail go.
    # Mail not yet sent is dropped (nobody is left to receive it, and a retry must not resend it).
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.user_id == user.id,
                                                   OutboxMessage.status != "sent"))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.user_id == user.id).values(
        to_addr="erased@erased.invalid", body_text="", body_html="", attachments=[], headers={},
        subject="(erased)", user_id=None))
    db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id).values(ip=""))
    db.session.flush()


def retention(now: datetime) -> int:
    """Job: warn members inactive for ACCOUNT_RETENTION minus the warning period; erase those inactive
    for ACCOUNT_RETENTION who were warned at least the warning period ago. Admins are never erased."""
    from softlanding.blueprints.accounts.people import notice

    cfg = current_app.config
    keep, warning = cfg["ACCOUNT_RETENTION"], cfg["ACCOUNT_RETENTION_WARNING"]
    last_seen = func.coalesce(User.last_login_at, User.created_at)
    alive = (User.erased_at.is_(None), ~User.role_rows.any(role="admin"))
    done = 0
    for user in db.session.scalars(select(User).where(*alive, User.inactivity_warned_at.is_(None),
                                                      last_seen <= now - keep + warning)).all():
        user.inactivity_warned_at = now
        notice(user, "Your account will be deleted unless you sign in",
               f"Nobody has signed in to your account for a long time. We keep accounts for "
               f"{round(keep.days / 365, 1)} years without a sign-in, so we will delete yours after "
               f"{(now + warning).date().isoformat()} unless you sign in before then.",
               link_endpoint="accounts.login", link_label="Sign in to keep your account")
        done += 1
    for user in db.session.scalars(select(User).where(*alive, User.inactivity_warned_at <= now - warning,
                                                      last_seen <= now - keep)).all():
        erase(user, None, now)
        done += 1
    # A sign-in after the warning clears it, so a later period of inactivity is warned about again.
    db.session.execute(update(User).where(User.inactivity_warned_at.is_not(None), or_(
        User.last_login_at > User.inactivity_warned_at)).values(inactivity_warned_at=None))
    db.session.flush()
    return done
