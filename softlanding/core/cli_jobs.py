"""`flask jobs …`: run scheduled work once (cron) or in a loop (a process manager)."""

import click
from flask import current_app
from flask.cli import AppGroup

from softlanding.core import jobs as registry
from softlanding.core.registry import get_registry

jobs = AppGroup("jobs", help="Scheduled work: send the outbox and run every area's due jobs.")


@jobs.command("run")
def run():
    """Do all due work once (for cron); exits 1 if any step failed or any message could not be delivered."""
    results = registry.run_all()
    for result in results:
        click.echo(result.line())
    undelivered = [r.mail for r in results if r.delivery_failed and r.mail is not None]
    if undelivered:
        retrying, failed = sum(m.retrying for m in undelivered), sum(m.failed for m in undelivered)
        problem = next((m.problem for m in reversed(undelivered) if m.problem), "unknown")
        click.echo(f"MAIL DELIVERY FAILED: {retrying} message(s) will be retried, {failed} given up "
                   f"(last problem: {problem}); see /admin/outbox")
    if undelivered or any(r.error for r in results):
        raise SystemExit(1)


@jobs.command("worker")
@click.option("--interval", type=float, default=None,
              help="Seconds between runs (default JOBS_WORKER_INTERVAL, 60).")
@click.option("--iterations", type=click.IntRange(min=1), default=None,
              help="Stop after this many runs (tests); default: until SIGTERM or SIGINT.")
def worker(interval, iterations):
    """Run due work in a loop until stopped; SIGTERM/SIGINT stop it after the message in flight."""
    if interval is None:
        interval = current_app.config["JOBS_WORKER_INTERVAL"]
    registry.work(interval, iterations, echo=lambda line: click.echo(line, nl=True))


@jobs.command("list")
def list_jobs():
    """Show the registered jobs, in the order a run takes them."""
    click.echo("outbox")
    for name in get_registry().jobs:
        click.echo(name)
