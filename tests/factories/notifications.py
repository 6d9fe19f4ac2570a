"""Notifications: messages queued through notify, as the areas queue them."""

from softlanding.blueprints.notifications.notify import notify
from softlanding.core.db import utcnow
from softlanding.core.mailer import external_url


def queue_message(user, subject="Your weekly digest", attachments=()):
    """Queue one optional-kind message through notify (the digest template, nothing to report)."""
    return notify(user, "organiser_digest", subject, "notifications_digest", endpoint="main.index",
                  attachments=attachments, week="2026-W48", now=utcnow(), external_url=external_url,
                  review=(0, []), waiting=(0, []), surveys=[])
