"""Scheduled work of accounts: forget old sign-ins, keep the audit trail for its configured period,
make data exports, and erase accounts nobody has used for the retention period."""

from datetime import datetime

from flask import current_app

from softlanding.blueprints.accounts import sessions
from softlanding.core import audit


def prune_sign_ins(now: datetime) -> int:
    """Remove sign-in rows that ended, or began, more than a month ago."""
    return sessions.prune(now)


def prune_audit(now: datetime) -> int:
    """Remove audit entries older than AUDIT_RETENTION."""
    return audit.prune(now, current_app.config["AUDIT_RETENTION"])
