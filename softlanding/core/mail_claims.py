"""Claims on outbox messages: which runner may send which message, and for how long.

A runner claims a batch (status 'sending', `claimed_until` = now + lease), then, immediately before
each send, renews that one message's claim with a conditional UPDATE that only succeeds while
`claimed_until` is still the value this runner wrote. Every claim a runner writes is later than any
lapsed one (a claim is only taken over after it lapsed), so an unchanged `claimed_until` proves the
message is still ours. The renewal is committed before the SMTP conversation starts: a runner that
lost a message (its lease lapsed and another runner took it) finds out before sending, not after.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, or_, select, update

from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage


@dataclass
class Claim:
    """Message ids this runner claimed, and the `claimed_until` it wrote on each of them."""

    ids: list[int]
    until: datetime


def _due(now):
    """Pending messages whose time has come, or claims that lapsed (a runner died mid-send)."""
    return or_(
        (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == "sending") & (OutboxMessage.claimed_until < now),
    )


def due_messages_query(now: datetime, limit: int) -> Select[tuple[OutboxMessage]]:
    """Pending messages whose time has come (or whose claim has lapsed), oldest first."""
    return select(OutboxMessage).where(_due(now)).order_by(OutboxMessage.id).limit(limit)


def claim_lease() -> timedelta:
    """How long a claim keeps other runners off a message: renewed before each send, it covers one message."""
    return timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])


def _new_until(now: datetime) -> datetime:
    # `now` may be ahead of the clock (tests, a run started with a later time): never write a
    # claim that ends before the run's own notion of now.
    return max(now, utcnow()) + claim_lease()


def claim_due_messages(now: datetime, limit: int, exclude: Iterable[int] = ()) -> Claim:
    """Claim up to `limit` due messages for this runner and commit the claim.

    PostgreSQL: the candidates are locked with FOR UPDATE SKIP LOCKED, so a second runner passes
    over them instead of waiting. SQLite: writers (jobs, CLI, state-changing requests) begin with
    BEGIN IMMEDIATE, so claims are serialised. On both, the UPDATE repeats the due condition and only
    rows it changed (RETURNING) count as ours, so a row can never be claimed by two runners.
    """
    candidates = select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
    if exclude:
        candidates = candidates.where(OutboxMessage.id.not_in(list(exclude)))
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = db.session.scalars(candidates).all()
    until = _new_until(now)
    claimed: Sequence[int] = []
    if ids:
        claimed = db.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), _due(now))
            .values(status="sending", claimed_until=until)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).all()
    db.session.commit()  # the claim is durable (and SQLite's write lock released) before sending
    return Claim(sorted(claimed), until)


def _still_mine(message_id: int, mine: datetime):
    return ((OutboxMessage.id == message_id) & (OutboxMessage.status == "sending")
            & (OutboxMessage.claimed_until == mine))


def renew_claim(message_id: int, mine: datetime, now: datetime) -> OutboxMessage | None:
    """Extend this runner's claim on one message and return the message (the caller commits before
    sending); None if it is no longer ours. The UPDATE returns the row, so sending needs no SELECT."""
    return db.session.scalars(
        update(OutboxMessage).where(_still_mine(message_id, mine)).values(claimed_until=_new_until(now))
        .returning(OutboxMessage).execution_options(synchronize_session=False, populate_existing=True)
    ).first()


def release_claims(message_ids: Iterable[int], mine: datetime) -> None:
    """Hand back messages this runner claimed but will not send (it is stopping): due again at once."""
    ids = list(message_ids)
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "sending", OutboxMessage.claimed_until == mine)
            .values(status="pending", claimed_until=None)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
