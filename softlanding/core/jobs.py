"""Scheduled work: the jobs the domains registered; `flask jobs run` runs every due job once.

A job is a function (now) -> int (how many things it did). Jobs must be safe to run twice at the
same time (two cron hosts): claim each piece of work with a conditional UPDATE (… WHERE sent_at IS
NULL), SELECT … FOR UPDATE SKIP LOCKED, or `claim_once(job, key)`, and only act on what this
runner claimed.

`run_all` sends the outbox, runs every job, then sends the outbox again (so what the jobs queued
goes out in the same run). Each step commits on its own; a failing step is rolled back and
reported, and the others still run. A stop request (SIGTERM to the worker) is honoured between
messages and between steps.
"""

import logging
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.mailer import DeliveryReport, deliver_due
from softlanding.core.models import JobClaim
from softlanding.core.registry import get_registry

log = logging.getLogger(__name__)

OUTBOX_RUN_LIMIT = 5000  # messages one run sends at most; the rest wait for the next run


@dataclass
class StepResult:
    """What one step of a run did: a count, or the error that stopped it (outbox: also retrying/failed)."""

    name: str
    count: int = 0
    error: str = ""
    mail: DeliveryReport | None = None

    @property
    def delivery_failed(self) -> bool:
        """True if a message of this (outbox) step could not be delivered: to be retried, or given up."""
        return self.mail is not None and bool(self.mail.retrying or self.mail.failed)

    def line(self) -> str:
        """`name: count`, `name: FAILED error`, or for the outbox `name: N delivered, N retrying, N failed`."""
        if self.error:
            return f"{self.name}: FAILED {self.error}"
        if self.mail is not None:
            return (f"{self.name}: {self.mail.sent} delivered, {self.mail.retrying} retrying, "
                    f"{self.mail.failed} failed")
        return f"{self.name}: {self.count}"


def claim_once(job: str, key: object) -> bool:
    """Claim one piece of work (job, key) for this runner: True only for the first claimer ever.

    INSERT … ON CONFLICT DO NOTHING on the unique (job, key): a second runner inserting the same
    key waits for the first transaction (PostgreSQL) or the write lock (SQLite) and then inserts
    nothing. If the claimer rolls back, the key is free again.
    """
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (insert(JobClaim).values(job=job, key=str(key)[:120], claimed_at=utcnow())
            .on_conflict_do_nothing(index_elements=["job", "key"]).returning(JobClaim.id))
    # RETURNING, not rowcount: psycopg reports -1 for this statement.
    return db.session.execute(stmt).first() is not None


def _step(name, func, now):
    try:
        count = func(now) or 0
        db.session.commit()
        if isinstance(count, DeliveryReport):
            return StepResult(name, count.sent, mail=count)
        return StepResult(name, int(count))
    except Exception as exc:  # one broken job must not stop the outbox or the other jobs
        db.session.rollback()
        log.exception("job %s failed", name)
        return StepResult(name, error=f"{type(exc).__name__}: {exc}"[:300])


def run_all(now: datetime | None = None, stop: threading.Event | None = None) -> list[StepResult]:
    """Do all due work once: outbox, every registered job, outbox again (until `stop` is set). Returns StepResults."""
    now = now or utcnow()

    def send_outbox(at):
        return deliver_due(limit=OUTBOX_RUN_LIMIT, now=at, stop=stop)

    steps: list[tuple[str, Callable[[datetime], object]]] = [("outbox", send_outbox)]
    steps += list(get_registry().jobs.items())
    steps.append(("outbox (queued by jobs)", send_outbox))
    results = []
    for name, func in steps:
        if stop is not None and stop.is_set():
            break
        # The jobs queued their mail after `now` (next_attempt_at = the real time of queueing).
        at = max(now, utcnow()) if name == "outbox (queued by jobs)" else now
        results.append(_step(name, func, at))
    return results


def work(interval: float, iterations: int | None = None, echo: Callable[[str], object] = print) -> int:
    """Run `run_all` every `interval` seconds until SIGTERM/SIGINT (or `iterations` runs).

    A signal stops the run after the message in flight (the rest of its batch is handed back,
    due at once for the next runner), then the loop stops: no message is left half-sent.
    """
    stop = threading.Event()

    def request_stop(signum, frame):
        echo(f"worker: signal {signal.Signals(signum).name} received, stopping after the message in flight")
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    runs = 0
    try:
        echo(f"worker: started, running due work every {interval:g} s")
        while not stop.is_set():
            try:
                results = run_all(stop=stop)
                echo("worker: " + summary(results))
            except Exception:  # e.g. the database is briefly unreachable: try again next time
                db.session.rollback()
                log.exception("worker run failed")
            finally:
                db.session.remove()
            runs += 1
            if iterations is not None and runs >= iterations:
                break
            stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    echo(f"worker: stopped after {runs} run(s)")
    return runs


def summary(results: Iterable[StepResult]) -> str:
    """One line: each step with its count or its error."""
    return "; ".join(r.line() for r in results)
