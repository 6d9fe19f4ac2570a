"""The audit trail: `record(action, target_type, target_id, detail)` from any domain, in one line.

The actor and client address come from the request (None and "" in jobs and commands). The row is
added to the request's transaction, so an action that is rolled back leaves no entry (a failed sign-in
re-shows its form with a 200, so its entry is committed).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import Select, and_, delete, or_, select

from softlanding.core.db import rows_changed
from softlanding.core.extensions import db
from softlanding.core.models import AuditEntry
from softlanding.lib.csvsafe import write_csv

# Every action the trail knows, with the words the admin page shows.
ACTIONS = {
    "sign_in": "Signed in",
    "sign_in_failed": "Failed sign-in",
    "role_granted": "Role granted",
    "role_removed": "Role removed",
    "suspended": "Suspended",
    "reinstated": "Reinstated",
    "erased": "Account erased",
    "data_exported": "Data export made",
    "email_changed": "Email changed",
    "event_published": "Event published",
    "event_returned": "Event returned to host",
    "event_rescheduled": "Event rescheduled",
    "event_cancelled": "Event cancelled",
    "batch_published": "Batch matches published",
    "survey_opened": "Survey opened",
    "survey_closed": "Survey closed",
    "analysis_exported": "Analysis exported",
    "reference_edited": "Reference list edited",
    "outbox_retried": "Email retried",
}


def _who() -> tuple[int | None, str]:
    if not has_request_context():
        return None, ""
    actor = current_user.id if current_user and current_user.is_authenticated else None
    return actor, (request.remote_addr or "")[:45]


def record(action: str, target_type: str = "", target_id: int | None = None, detail: object = "",
           actor_id: int | None = None) -> AuditEntry:
    """Add one entry for `action` (a key of ACTIONS) on (target_type, target_id); flushes, never commits.

    `detail` must be a short code or count, never text a person typed."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor, ip = _who()
    entry = AuditEntry(action=action, target_type=target_type, target_id=target_id,
                       detail=str(detail or "")[:200], ip=ip,
                       actor_id=actor_id if actor_id is not None else actor)
    db.session.add(entry)
    db.session.flush()
    return entry


def record_read(action: str, target_type: str = "", target_id: int | None = None, detail: object = "") -> None:
    """Record an action a GET performs (a report download). A GET commits nothing, except this: the
    request transaction commits a read whose only new rows are audit entries (core/transaction.py)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor, ip = _who()
    db.session.add(AuditEntry(action=action, target_type=target_type, target_id=target_id,
                              detail=str(detail or "")[:200], ip=ip, actor_id=actor))
    if has_request_context():
        g.audit_on_read = True


def commit_read_entries() -> None:
    """Commit the audit entries a read added, if they are the only change in the session; else nothing."""
    session = db.session
    if session.dirty or session.deleted or any(not isinstance(obj, AuditEntry) for obj in session.new):
        session.rollback()
        return
    session.commit()


def query(actor_id: int | None = None, target_user_id: int | None = None, action: str = "",
          since: datetime | None = None, until: datetime | None = None, person_id: int | None = None) -> Select:
    """Entries, newest first, filtered by actor, by the member acted on, by either (`person_id`),
    by action and by dates."""
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if person_id is not None:
        stmt = stmt.where(or_(AuditEntry.actor_id == person_id,
                              and_(AuditEntry.target_type == "user", AuditEntry.target_id == person_id)))
    if actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if target_user_id is not None:
        stmt = stmt.where(AuditEntry.target_type == "user", AuditEntry.target_id == target_user_id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEntry.at < until)
    return stmt


def to_csv(entries: Iterable[AuditEntry], tz: str = "Europe/London") -> str:
    """The entries as CSV for a spreadsheet: byte-order mark, local times with the zone in the header,
    action labels rather than codes, and cells a spreadsheet would run as formulas neutralised."""
    zone = ZoneInfo(tz)
    rows = ([e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), e.actor_id or "", ACTIONS.get(e.action, e.action),
             e.target_type.replace("_", " "), e.target_id or "", e.detail, e.ip] for e in entries)
    return write_csv(rows, header=[f"When ({tz})", "Member id (who)", "Action", "Record", "Record id", "Detail",
                                   "Address"])


def prune(now: datetime, keep: timedelta) -> int:
    """Remove entries older than `keep` (the configured retention)."""
    return rows_changed(db.session.execute(delete(AuditEntry).where(AuditEntry.at < now - keep)))
