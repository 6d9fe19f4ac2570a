"""Admins' view of the outbox: what is waiting, what failed, and retrying it."""

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select, update

from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import Conflict, NotFound
from softlanding.core.extensions import db
from softlanding.core.models import OUTBOX_STATUSES, OutboxMessage

RETRYABLE = ("pending", "failed")


def status_counts() -> dict[str, int]:
    """{status: count} for every outbox status (zeros included)."""
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)
    ).tuples().all())
    return {status: counts.get(status, 0) for status in OUTBOX_STATUSES}


def messages_page(status: str, page: int, per_page: int) -> Pagination:
    """One page of messages with `status`: waiting ones oldest first, others newest first."""
    stmt = select(OutboxMessage).where(OutboxMessage.status == status)
    if status in ("pending", "sending"):
        stmt = stmt.order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    else:
        stmt = stmt.order_by(OutboxMessage.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def get_message(message_id: int) -> OutboxMessage:
    """One outbox message, or NotFound."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound("No such message.")
    return message


def retry(message_id: int) -> OutboxMessage:
    """Send a failed (or waiting) message at the next run, with a fresh set of attempts."""
    get_message(message_id)
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status.in_(RETRYABLE))
        .values(status="pending", attempts=0, next_attempt_at=utcnow(), claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        raise Conflict("That message is being sent or has been sent; there is nothing to retry.")
    db.session.expire_all()
    return get_message(message_id)


def retry_all_failed() -> int:
    """Put every failed message back in the queue; returns how many."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=utcnow(), claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)
