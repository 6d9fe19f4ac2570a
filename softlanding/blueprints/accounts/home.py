"""Home panel of the accounts domain for admins: suspended accounts, accounts switched off, addresses
never confirmed, data requests in hand, how many hold each role, and the latest entries of the audit
trail that an admin answers for. A fixed number of queries, whatever the number of members."""

from datetime import timedelta

from sqlalchemy import func, select

from softlanding.blueprints.accounts.models import DataExport, User, UserRole
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.models import AuditEntry

UNCONFIRMED_DAYS = 7
AUDIT_LIMIT = 5
# The audit actions an admin answers for (sign-ins would drown them out).
HIGHLIGHTS = ("role_granted", "role_removed", "suspended", "reinstated", "erased", "data_exported", "email_changed")


def people(user):
    """Figures an admin acts on, each linking to the members page."""
    inactive = db.session.scalar(select(func.count()).select_from(User)
                                 .where(User.is_active_account.is_(False))) or 0
    unconfirmed = db.session.scalar(select(func.count()).select_from(User).where(
        User.email_verified_at.is_(None), User.created_at < utcnow() - timedelta(days=UNCONFIRMED_DAYS))) or 0
    roles = dict(db.session.execute(select(UserRole.role, func.count()).group_by(UserRole.role)).tuples().all())
    held = select(User).where(User.suspended_at.is_not(None), User.erased_at.is_(None))
    suspended = db.session.scalar(select(func.count()).select_from(held.subquery())) or 0
    suspended_people = list(db.session.scalars(held.order_by(User.suspended_at.desc()).limit(AUDIT_LIMIT)))
    requests = db.session.scalar(select(func.count()).select_from(DataExport).where(
        DataExport.requested_by_id.is_not(None), DataExport.requested_by_id != DataExport.user_id,
        DataExport.requested_at >= utcnow() - timedelta(days=30))) or 0
    audit = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action.in_(HIGHLIGHTS))
                                    .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(AUDIT_LIMIT)))
    return {"inactive": inactive, "unconfirmed": unconfirmed, "roles": sorted(roles.items()),
            "unconfirmed_days": UNCONFIRMED_DAYS, "suspended": suspended,
            "suspended_people": suspended_people, "data_requests": requests,
            "audit": audit}


def register_panels(registry):
    """Add this domain's home panel and tools."""
    registry.add_home_panel("accounts.people", "admin", people, "accounts/_home_people.html", 10)
    registry.add_tool("Reference lists", "accounts.lists", "organiser", 80)
    registry.add_tool("Members and roles", "accounts.users", "admin", 85)
