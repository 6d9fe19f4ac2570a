"""Delivering the outbox: claim a batch, send it over one connection, store each outcome.

Claims (who may send what, for how long) are in mail_claims; transports in smtp; MIME in mime.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Connection, bindparam, case, literal, null, or_, update

from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.mail_claims import OUTBOX, Claim, claim_due_messages, new_claim_until, release_claims, renew_claim
from softlanding.core.mime import MailRow, build_mime
from softlanding.core.smtp import ConnectionFailed, FileBackend, SMTPBackend, is_permanent

log = logging.getLogger(__name__)


def get_backend():
    """A transport for one batch (a context manager): one SMTP connection, or the mail folder."""
    cfg = current_app.config
    if cfg["MAIL_BACKEND"] == "smtp":
        return SMTPBackend(cfg)
    return FileBackend(cfg["MAIL_DIR"])


def backoff(attempts: int) -> timedelta:
    """Delay before the next try: 1, 2, 4, 8 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@dataclass
class DeliveryReport:
    """What one delivery run did: sent, to be retried, given up on; and the kind of the last problem."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    problem: str = ""  # an exception's kind (never its text: SMTP replies may echo an address)

    def add(self, status: str, problem: str = "") -> None:
        """Count one message's outcome."""
        if status == "sent":
            self.sent += 1
        else:
            self.retrying += status == "pending"
            self.failed += status == "failed"
            self.problem = problem or self.problem


# Built once (they run for every message): building a statement cost more than running it.
_SENT = (update(OUTBOX).where(OUTBOX.c.id == bindparam("done"))
         .values(status="sent", attempts=bindparam("attempts"), sent_at=bindparam("sent_at"), last_error="",
                 claimed_until=None))


def _when_done(value: Any, column: Any) -> Any:
    """`value` on the row just sent, the column as it is on the other (the one whose claim is renewed)."""
    return case((OUTBOX.c.id == bindparam("done"), value), else_=column)


# The outcome of the message just sent and the renewed claim of the next, in one statement: one round trip
# and one commit (on PostgreSQL in autocommit, the statement is its transaction) per message.
_SENT_AND_RENEW = (
    update(OUTBOX)
    .where(or_(OUTBOX.c.id == bindparam("done"),
               (OUTBOX.c.id == bindparam("next")) & (OUTBOX.c.status == "sending")
               & (OUTBOX.c.claimed_until == bindparam("mine", type_=OUTBOX.c.claimed_until.type))))
    .values(status=_when_done(literal("sent"), OUTBOX.c.status),
            attempts=_when_done(bindparam("attempts", type_=OUTBOX.c.attempts.type), OUTBOX.c.attempts),
            sent_at=_when_done(bindparam("sent_at", type_=OUTBOX.c.sent_at.type), OUTBOX.c.sent_at),
            last_error=_when_done(literal(""), OUTBOX.c.last_error),
            claimed_until=_when_done(null(), bindparam("until", type_=OUTBOX.c.claimed_until.type)))
    .returning(OUTBOX.c.id)
)


_COMPILED: dict[str, tuple[str, dict[str, Any]]] = {}  # per dialect: _SENT_AND_RENEW's SQL and its fixed values


def _sent_and_renew(conn: Connection, values: dict[str, Any]) -> set[int]:
    """Run _SENT_AND_RENEW with `values`; the ids it changed.

    PostgreSQL: its SQL, compiled once, goes to the driver as it is (exec_driver_sql keeps SQLAlchemy's error
    handling and pool), skipping the statement cache lookup and the bind and result processing, which cost
    about as much as the statement's round trip. Its values need none: ids, counts and aware UTC datetimes, as
    psycopg takes them. SQLite (no round trip; its datetimes need the column type's processing) runs the Core
    statement."""
    if conn.dialect.name != "postgresql":
        return set(conn.execute(_SENT_AND_RENEW, values).scalars())
    compiled = _COMPILED.get(conn.dialect.name)
    if compiled is None:
        statement = _SENT_AND_RENEW.compile(dialect=conn.dialect)
        fixed = {name: value for name, value in statement.params.items() if name not in values}
        compiled = _COMPILED[conn.dialect.name] = (str(statement), fixed)
    sql, fixed = compiled
    return {row[0] for row in conn.exec_driver_sql(sql, {**fixed, **values})}


def _record(conn: Connection, message: MailRow, error: str, permanent: bool = False) -> str | None:
    """Store one attempt's outcome (sent, or the error and the next try, or failed) with one UPDATE by id; returns
    the status (None if an admin deleted the row). The claim keeps others off the row: its attempts are as read."""
    attempts = message.attempts + 1
    if not error:
        result = conn.execute(_SENT, {"done": message.id, "attempts": attempts, "sent_at": utcnow()})
        return "sent" if result.rowcount else None
    values: dict[str, Any] = {"attempts": attempts, "claimed_until": None, "last_error": error[:500]}
    if permanent or attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        values["status"] = "failed"
    else:
        values.update(status="pending", next_attempt_at=utcnow() + backoff(attempts))
    log.warning("mail %s attempt %s failed: %s", message.id, attempts, error.partition(":")[0])
    result = conn.execute(update(OUTBOX).where(OUTBOX.c.id == message.id).values(**values))
    return values["status"] if result.rowcount else None


Outcome = tuple[MailRow, str, bool]  # a message tried, its error ("" once sent), whether the error is permanent


def _store(conn: Connection, outcome: Outcome | None, report: DeliveryReport, again: set[int], down: str) -> None:
    """Store (not commit) an attempt's outcome and count it."""
    if outcome is None:
        return
    message, error, permanent = outcome
    status = _record(conn, message, error, permanent)
    if status is not None:
        report.add(status, down or error.partition(":")[0])
    if status == "pending":
        again.add(message.id)


def _store_and_renew(conn: Connection, outcome: Outcome | None, message_id: int, claim: Claim, now: datetime,
                     report: DeliveryReport, again: set[int], down: str) -> bool:
    """Store the last outcome and renew the claim on `message_id` (one statement when the last one was sent);
    False if `message_id` is no longer ours. The caller commits."""
    if outcome is None or outcome[1]:
        _store(conn, outcome, report, again, down)
        return renew_claim(conn, message_id, claim.until, now)
    sent = outcome[0]
    changed = _sent_and_renew(conn, {
        "done": sent.id, "attempts": sent.attempts + 1, "sent_at": utcnow(), "next": message_id,
        "mine": claim.until, "until": new_claim_until(now)})
    if sent.id in changed:  # else an admin deleted it meanwhile: nothing to count
        report.add("sent")
    return message_id in changed


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _deliver_batch(conn: Connection, transport: Any, claim: Claim, now: datetime, report: DeliveryReport,
                   stop: threading.Event | None, again: set[int]) -> bool:
    """Send one claimed batch over one transport, renewing each claim just before it goes; False if the server was down.

    One commit per message: the outcome of the message just sent is committed together with the renewed
    claim of the next one (before its SMTP conversation starts), and the last outcome on its own; the first
    message goes under the batch claim, committed immediately before (a renewal then would write the same). A runner
    killed between a send and that commit leaves only the message just sent to be sent again. The rows
    came with the claim; per message there is one prebuilt UPDATE (that outcome and that renewal) and one
    commit, on one connection held for the run (checking one out of the pool, with its ping, per commit
    cost as much). Ids that could fall due again within this run (to be retried, or lost to another runner)
    go into `again`."""
    down = ""  # set once the server proved unreachable: the rest of the batch is not tried
    outcome: Outcome | None = None  # the last message's, stored with the next renewal
    for position, message in enumerate(claim.rows):
        if stop is not None and stop.is_set():
            _store(conn, outcome, report, again, down)
            release_claims(conn, claim.ids[position:], claim.until)  # commits the last outcome with the release
            return True
        if position:
            mine = _store_and_renew(conn, outcome, message.id, claim, now, report, again, down)
            conn.commit()  # the outcome and the renewed claim are durable, and no transaction is open while SMTP talks
        else:
            mine = True  # the batch claim, committed just now, is the first message's renewal
        outcome = None
        if not mine:
            again.add(message.id)
            continue  # our lease lapsed and another runner has it now (or it was deleted): not ours to send
        error, permanent = down, False
        if not down:
            try:
                mime = build_mime(message)
            except Exception as exc:  # e.g. a header with CR/LF: this message can never be sent
                error, permanent = _describe(exc), True
        if not error:
            try:
                transport.send(message, mime)
            except ConnectionFailed as exc:
                error = down = f"ConnectionFailed: {exc}"[:500]
            except Exception as exc:  # any delivery failure is recorded, never raised to the user
                error, permanent = _describe(exc), is_permanent(exc)
        outcome = (message, error, permanent)
    _store(conn, outcome, report, again, down)
    conn.commit()
    return not down


def deliver_due(limit: int = 100, now: datetime | None = None, stop: threading.Event | None = None) -> DeliveryReport:
    """Claim and send due messages batch by batch, one connection per batch; returns what happened.

    Commits: the batch claim, each message's renewed claim (before its send) and each outcome, so a
    crash mid-batch leaves the rest claimed only until their lease lapses, and a sent message is
    never sent again by this runner. No transaction is open while the SMTP server is talking (on
    SQLite that would hold the write lock and stall every request). Callers' pending changes are
    committed first. If `stop` is set, the run ends after the message in flight.
    """
    now = now or utcnow()
    report = DeliveryReport()
    cfg = current_app.config
    if cfg["MAIL_BACKEND"] == "smtp" and cfg["MAIL_CLAIM_SECONDS"] < 10 * cfg["SMTP_TIMEOUT"]:
        # One slow message could outlast its claim, and another runner would send it too.
        log.warning("MAIL_CLAIM_SECONDS (%s) is below 10 x SMTP_TIMEOUT (%s)", cfg["MAIL_CLAIM_SECONDS"],
                    cfg["SMTP_TIMEOUT"])
    db.session.commit()  # the caller's pending changes (mail it queued) first
    tried = 0
    again: set[int] = set()  # tried in this run and maybe due again (sent and failed ones never are): not twice
    with _delivery_connection() as conn:
        while tried < limit and not (stop is not None and stop.is_set()):
            claim = claim_due_messages(conn, now, min(cfg["MAIL_BATCH_SIZE"], limit - tried), exclude=again)
            if not claim.ids:
                break
            tried += len(claim.ids)
            with get_backend() as transport:
                if not _deliver_batch(conn, transport, claim, now, report, stop, again):
                    break  # the server is unreachable: the next run tries again, not every batch of this one
    return report


@contextmanager
def _delivery_connection() -> Iterator[Connection]:
    """One connection for a whole delivery run. On PostgreSQL in autocommit: each claim, renewal and outcome
    is one statement, so it costs one round trip instead of BEGIN, the statement and COMMIT (the commits in
    the delivery code then do nothing). SQLite commits locally: no round trips.

    PostgreSQL also commits this bookkeeping asynchronously (`synchronous_commit = off`, for this connection
    only): every other runner sees each claim and outcome at once, as before, but the server does not wait
    for the disk before answering. Only a crash of the database server itself can then undo its last
    fraction of a second of bookkeeping, which puts a message back to pending: it may go twice, it is never
    lost (the mail itself was queued by a normal, durable commit). The same trade as SQLite's
    `synchronous=NORMAL` (README, Scheduled work)."""
    with db.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            yield conn
            return
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("SET synchronous_commit TO off")
        try:
            yield conn
        finally:
            conn.exec_driver_sql("RESET synchronous_commit")  # the pooled connection goes back as it came


def deliver_pending(limit: int = 100, now: datetime | None = None) -> int:
    """Claim and send due messages (see deliver_due); returns how many were sent."""
    return deliver_due(limit, now).sent
