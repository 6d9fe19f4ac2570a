"""Scheduled work: each area registers jobs here; `flask jobs run` runs every due job once.

A job is a function (now) -> int (how many things it did). Jobs must be safe to run twice at the
same time (two cron hosts): claim each piece of work with a conditional UPDATE (… WHERE sent_at IS
NULL) or SELECT … FOR UPDATE SKIP LOCKED, and only act on what this runner claimed.
"""

JOBS = {}


def register_job(name):
    """Decorator: add `func` to the jobs that `flask jobs run` runs."""

    def decorator(func):
        JOBS[name] = func
        return func

    return decorator
