"""Notifying members: an in-app notification plus an email, as each member's preferences allow.

Every area sends its messages through `notify`, inside the transaction of the change that causes
them (the email goes to the outbox, so a rolled-back change sends nothing). Each kind of message is
registered once with `register_kind`, saying whether members may switch its email off.
"""

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..mailer import external_url, queue_email
from ..models.notification import Notification, NotificationPreference


@dataclass(frozen=True)
class Kind:
    """A kind of message: its label in the preferences page, group, and whether it is optional."""

    code: str
    label: str
    group: str
    optional: bool = True


KINDS = {}


def register_kind(code, label, group, optional=True):
    """Declare a kind of message (at import time of the area that sends it)."""
    KINDS[code] = Kind(code, label, group, optional)
    return KINDS[code]


register_kind("verify_email", "Email address confirmation", "Account", optional=False)
register_kind("reset_password", "Password reset", "Account", optional=False)


def email_enabled(user, kind):
    """Whether `user` gets emails of `kind` (safety messages always go)."""
    spec = KINDS.get(kind)
    if spec is None or not spec.optional:
        return True
    pref = db.session.scalar(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id,
                                             NotificationPreference.kind == kind)
    )
    return True if pref is None else pref.email_enabled


def notify(user, kind, subject, template, *, endpoint=None, values=None, in_app=True,
           attachments=(), headers=None, **context):
    """Record an in-app notification and queue an email (if enabled) for one member.

    `template` names email/<template>.txt and .html; `endpoint`/`values` build the link to the
    relevant page, passed to the templates as `link`. Returns the queued OutboxMessage or None.
    """
    if kind not in KINDS:
        raise ValueError(f"unregistered notification kind {kind!r}")
    link = external_url(endpoint, **(values or {})) if endpoint else ""
    if in_app:
        db.session.add(Notification(user_id=user.id, kind=kind, message=subject[:300], link=link))
    message = None
    if email_enabled(user, kind):
        message = queue_email(user.email, subject, template, kind=kind, user=user, link=link,
                              attachments=attachments, headers=headers,
                              sensitive=not KINDS[kind].optional, **context)
    db.session.flush()
    return message
