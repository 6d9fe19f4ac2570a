"""Scheduled work: the jobs the domains registered; `flask jobs run` runs every due job once.

A job is a function (now) -> int (how many things it did). Jobs must be safe to run twice at the
same time (two cron hosts): claim each piece of work with a conditional UPDATE (… WHERE sent_at IS
NULL), SELECT … FOR UPDATE SKIP LOCKED, or `claim_once(job, key)`, and only act on what this
runner claimed.

`run_all` sends the outbox, runs every job, then sends the outbox again (so what the jobs queued
goes out in the same run). Each step commits on its own; a failing step is rolled back and
reported, and the others still run.
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
from softlanding.core.mailer import deliver_pending
from softlanding.core.models import JobClaim
from softlanding.core.registry import get_registry

log = logging.getLogger(__name__)

OUTBOX_RUN_LIMIT = 5000  # messages one run sends at most; the rest wait for the next run



@dataclass
class StepResult:
    """What one step of a run did: a count, or the error that stopped it."""

    name: str
    count: int = 0
    error: str = ""


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


def _send_outbox(now):
    return deliver_pending(limit=OUTBOX_RUN_LIMIT, now=now)


def _step(name, func, now):
    try:
        count = func(now) or 0
        db.session.commit()
        return StepResult(name, int(count))
    except Exception as exc:  # one broken job must not stop the outbox or the other jobs
        db.session.rollback()
        log.exception("job %s failed", name)
        return StepResult(name, error=f"{type(exc).__name__}: {exc}"[:300])


def run_all(now: datetime | None = None) -> list[StepResult]:
    """Do all due work once: outbox, every registered job, outbox again. Returns StepResults."""
    now = now or utcnow()
    results = [_step("outbox", _send_outbox, now)]
    for name, func in list(get_registry().jobs.items()):
        results.append(_step(name, func, now))
    # The jobs queued their mail after `now` (next_attempt_at = the real time of queueing).
    results.append(_step("outbox (queued by jobs)", _send_outbox, max(now, utcnow())))
    return results


def work(interval: float, iterations: int | None = None, echo: Callable[[str], object] = print) -> int:
    """Run `run_all` every `interval` seconds until SIGTERM/SIGINT (or `iterations` runs).

    A signal lets the current run finish, then the loop stops: no message is left half-sent.
    """
    stop = threading.Event()

    def request_stop(signum, frame):
        echo(f"worker: signal {signal.Signals(signum).name} received, stopping after this run")
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    runs = 0
    try:
        echo(f"worker: started, running due work every {interval:g} s")
        while not stop.is_set():
            try:
                results = run_all()
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
    return "; ".join(f"{r.name}: {'FAILED ' + r.error if r.error else r.count}" for r in results)
