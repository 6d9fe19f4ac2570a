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


def make_exports(now: datetime) -> int:
    """Build the data files members asked for; delete expired ones."""
    from softlanding.blueprints.accounts import privacy

    return privacy.make_exports(now)


def account_retention(now: datetime) -> int:
    """Warn, then erase, accounts nobody has signed in to for ACCOUNT_RETENTION."""
    from softlanding.blueprints.accounts import erasure

    return erasure.retention(now)
