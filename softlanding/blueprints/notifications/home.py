"""Home panel of the notifications domain: mail that failed to send, for organisers (admins open
the outbox). One count and one capped list."""

from sqlalchemy import func, select

from softlanding.core.extensions import db
from softlanding.core.home import HOME_LIMIT
from softlanding.core.models import OutboxMessage


def failed_mail(user):
    """How many messages failed, and the kinds of the latest few; None when none failed."""
    total = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status == "failed")) or 0
    if not total:
        return None
    # Columns only: bodies and attachments stay in the database (and out of an organiser's view).
    latest = db.session.execute(select(OutboxMessage.id, OutboxMessage.kind).where(OutboxMessage.status == "failed")
                                .order_by(OutboxMessage.id.desc()).limit(HOME_LIMIT)).all()
    return {"total": total, "latest": latest, "can_open": user.is_admin}


def register_panels(registry):
    """Add this domain's home panel and tools."""
    registry.add_home_panel("notifications.failed", "organiser", failed_mail, "notifications/_home_failed.html", 40)
    registry.add_tool("Mail outbox", "notifications.outbox", "admin", 90)
