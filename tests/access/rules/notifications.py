"""Access expectations for notifications: the in-app list, email choices, unsubscribe, admin outbox."""

from softlanding.blueprints.notifications.models import Notification
from softlanding.blueprints.notifications.notify import unsubscribe_token
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from tests.factories import make_user

from . import Rule, expect


def setup(ctx):
    """Someone else's notification, a failed message to retry, and a valid unsubscribe token."""
    other = make_user()
    note = Notification(user_id=other.id, kind="event_booked", message="Not yours", link="")
    failed = OutboxMessage(kind="reset_password", sensitive=True, to_addr=other.email, user_id=other.id,
                           subject="Reset your password", body_text="secret link", status="failed")
    db.session.add_all([note, failed])
    db.session.flush()
    ctx["other_notification_id"] = note.id
    ctx["failed_message_id"] = failed.id
    ctx["unsubscribe_token"] = unsubscribe_token(other, "event_booked")


ADMIN_ONLY_PAGE = expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=200)
ADMIN_ONLY_POST = expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=302)

RULES = {
    "notifications.index": Rule("/notifications/", expect(anonymous="login", members=200)),
    "notifications.preferences": Rule("/notifications/preferences", expect(anonymous="login", members=200)),
    # Someone else's notification is not found for anyone (not even admins: it is personal).
    "notifications.open": Rule(lambda c: f"/notifications/{c['other_notification_id']}/open",
                               expect(anonymous="login", members=404), "POST"),
    "notifications.read_all": Rule("/notifications/read-all", expect(anonymous="login", members=302), "POST"),
    # The signed token is the permission: anyone holding the link may see the confirmation page.
    "notifications.unsubscribe": Rule(lambda c: f"/notifications/unsubscribe/{c['unsubscribe_token']}",
                                      expect(all=200)),
    "notifications.outbox": Rule("/admin/outbox/?status=failed", ADMIN_ONLY_PAGE),
    "notifications.outbox_detail": Rule(lambda c: f"/admin/outbox/{c['failed_message_id']}", ADMIN_ONLY_PAGE),
    "notifications.outbox_retry": Rule(lambda c: f"/admin/outbox/{c['failed_message_id']}/retry", ADMIN_ONLY_POST, "POST"),
    "notifications.outbox_retry_failed": Rule("/admin/outbox/retry-failed", ADMIN_ONLY_POST, "POST"),
}
