"""Claims on outbox messages: which runner may send which message, and for how long.

A runner claims a batch (status 'sending', `claimed_until` = now + lease), then, immediately before
each send, renews that one message's claim with a conditional UPDATE that only succeeds while
`claimed_until` is still the value this runner wrote (the first message of a batch goes straight
under the batch claim, committed just before: a renewal then would write the same lease). Every claim a runner writes is later than any
lapsed one (a claim is only taken over after it lapsed), so an unchanged `claimed_until` proves the
message is still ours. The renewal is committed before the SMTP conversation starts: a runner that
lost a message (its lease lapsed and another runner took it) finds out before sending, not after.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import Connection, Row, Select, Table, bindparam, or_, select, update

from softlanding.core.db import utcnow
from softlanding.core.models import OutboxMessage

OUTBOX = cast(Table, OutboxMessage.__table__)  # Core statements: none of the ORM's per-row bookkeeping


@dataclass
class Claim:
    """Message ids this runner claimed, the `claimed_until` it wrote on each, and the claimed rows (by id)."""

    ids: list[int]
    until: datetime
    rows: list[Row[Any]] = field(default_factory=list)


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


def new_claim_until(now: datetime) -> datetime:
    """The `claimed_until` a claim or renewal made at `now` writes."""
    # `now` may be ahead of the clock (tests, a run started with a later time): never write a
    # claim that ends before the run's own notion of now.
    return max(now, utcnow()) + claim_lease()


def _claim_statement(excluding: bool) -> Any:
    """The batch claim (see claim_due_messages) with its times, size and exclusions as parameters."""
    now = bindparam("now", type_=OUTBOX.c.claimed_until.type)
    due = or_((OUTBOX.c.status == "pending") & (OUTBOX.c.next_attempt_at <= now),
              (OUTBOX.c.status == "sending") & (OUTBOX.c.claimed_until < now))
    candidates = select(OUTBOX.c.id).where(due).order_by(OUTBOX.c.id).limit(bindparam("limit"))
    if excluding:
        candidates = candidates.where(OUTBOX.c.id.not_in(bindparam("exclude", expanding=True)))
    # FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite writes nothing for it: its writers are serialised).
    # A materialised CTE: PostgreSQL may run a LIMIT subquery inside IN (...) more than once, and with SKIP
    # LOCKED each run finds other rows (one claim took every due message, not a batch).
    chosen = (candidates.with_for_update(skip_locked=True).cte("chosen")
              .prefix_with("MATERIALIZED", dialect="postgresql"))
    return (update(OUTBOX).where(OUTBOX.c.id.in_(select(chosen.c.id)), due)
            .values(status="sending", claimed_until=bindparam("until")).returning(*OUTBOX.c))


# Built once: a runner claims a batch every MAIL_BATCH_SIZE messages, and building it cost more than a renewal.
_CLAIM = {excluding: _claim_statement(excluding) for excluding in (False, True)}


def claim_due_messages(conn: Connection, now: datetime, limit: int, exclude: Iterable[int] = ()) -> Claim:
    """Claim up to `limit` due messages for this runner in one statement on `conn`, and commit the claim.

    PostgreSQL: the candidates are locked with FOR UPDATE SKIP LOCKED, so a second runner passes
    over them instead of waiting. SQLite: writers (jobs, CLI, state-changing requests) begin with
    BEGIN IMMEDIATE, so claims are serialised. On both, the UPDATE repeats the due condition and only
    rows it changed (RETURNING) count as ours, so a row can never be claimed by two runners. The
    claimed rows come back whole: sending them reads nothing more (a renewal only proves them still ours).
    """
    excluded = list(exclude)
    until = new_claim_until(now)
    values: dict[str, Any] = {"now": now, "limit": limit, "until": until}
    if excluded:
        values["exclude"] = excluded
    rows = list(conn.execute(_CLAIM[bool(excluded)], values))
    conn.commit()  # the claim is durable (and SQLite's write lock released) before sending
    rows.sort(key=lambda row: row.id)
    return Claim([row.id for row in rows], until, rows)


# Built once: a renewal runs before every message, and building the statement cost more than running it.
_RENEW = (update(OUTBOX)
          .where(OUTBOX.c.id == bindparam("message_id"), OUTBOX.c.status == "sending",
                 OUTBOX.c.claimed_until == bindparam("mine"))
          .values(claimed_until=bindparam("until")))


def renew_claim(conn: Connection, message_id: int, mine: datetime, now: datetime) -> bool:
    """Extend this runner's claim on one message (the caller commits before sending); False if it is no
    longer ours (taken over after our lease lapsed, or deleted).

    Every other writer of a claimed row deletes it or rewrites `claimed_until`, so a renewal that
    changed the row proves it unchanged since this runner claimed (and read) it."""
    result = conn.execute(_RENEW, {"message_id": message_id, "mine": mine, "until": new_claim_until(now)})
    return result.rowcount == 1


def release_claims(conn: Connection, message_ids: Iterable[int], mine: datetime) -> None:
    """Hand back messages this runner claimed but will not send (it is stopping): due again at once; commits."""
    ids = list(message_ids)
    if ids:
        conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(ids), OUTBOX.c.status == "sending", OUTBOX.c.claimed_until == mine)
            .values(status="pending", claimed_until=None)
        )
    conn.commit()
